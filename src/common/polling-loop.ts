/**
 * A piece of background work run one at a time in a process, on a timer that does not keep the
 * process alive: `run()` starts it or joins the run already going; `start()` runs it every
 * `intervalMs` after the previous run ends; `stop()` ends the timer and waits for a run in progress
 * (for a clean shutdown before the database closes).
 */
export class PollingLoop<T> {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<T> | undefined;
  private stoppedFlag = false;

  constructor(
    private readonly work: () => Promise<T>,
    private readonly onError: (error: unknown) => void,
  ) {}

  get stopped(): boolean {
    return this.stoppedFlag;
  }

  run(): Promise<T> {
    this.running ??= this.work().finally(() => (this.running = undefined));
    return this.running;
  }

  start(intervalMs: number, firstDelayMs = intervalMs): void {
    this.schedule(firstDelayMs, intervalMs);
  }

  async stop(): Promise<void> {
    this.stoppedFlag = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
  }

  private schedule(delayMs: number, intervalMs: number): void {
    if (this.stoppedFlag) return;
    this.timer = setTimeout(() => {
      void this.run()
        .catch(this.onError)
        .finally(() => this.schedule(intervalMs, intervalMs));
    }, delayMs);
    this.timer.unref();
  }
}
