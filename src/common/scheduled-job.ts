import type { Logger } from '@nestjs/common';
import type { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';

/**
 * Schedules `run` by a cron expression in a time zone, under `name` in Nest's registry. A tick
 * never overlaps the one before; what `run` returns is logged, and a failure is logged with its
 * stack rather than thrown (the next tick tries again).
 */
export function scheduleJob(
  scheduler: SchedulerRegistry,
  logger: Logger,
  job: { name: string; label: string; cronTime: string; timeZone: string; run: () => Promise<string | null> },
): void {
  const tick = async (): Promise<void> => {
    try {
      const message = await job.run();
      if (message) logger.log(message);
    } catch (error) {
      logger.error(`${job.label} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };
  const cron = CronJob.from({ cronTime: job.cronTime, timeZone: job.timeZone, onTick: () => void tick(), start: false, waitForCompletion: true });
  scheduler.addCronJob(job.name, cron);
  cron.start();
}
