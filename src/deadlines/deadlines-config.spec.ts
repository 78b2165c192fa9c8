import { ConfigValidationError, loadConfig } from '../config/app-config';

describe('deadline and readiness configuration', () => {
  it('defaults to 30/7-day windows, a 06:00 America/Chicago job, an 80% threshold and 90 untouched days', () => {
    expect(loadConfig({})).toMatchObject({
      deadlines: { dueSoonDays: 30, urgentDays: 7, jobCron: '0 6 * * *', jobTimeZone: 'America/Chicago' },
      readiness: { otherThresholdPercent: 80, staleDays: 90 },
    });
  });

  it.each([
    [{ DEADLINE_DUE_SOON_DAYS: '45', DEADLINE_URGENT_DAYS: '10' }, { deadlines: { dueSoonDays: 45, urgentDays: 10 } }],
    [{ DEADLINE_JOB_CRON: 'off' }, { deadlines: { jobCron: null } }],
    [{}, { deadlines: { digestCron: '0 7 * * *' } }],
    [{ DIGEST_JOB_CRON: 'off' }, { deadlines: { digestCron: null } }],
    [{ DEADLINE_JOB_CRON: '30 5 * * 1-5', DEADLINE_JOB_TIME_ZONE: 'UTC' }, { deadlines: { jobCron: '30 5 * * 1-5', jobTimeZone: 'UTC' } }],
    [{ READINESS_OTHER_THRESHOLD_PERCENT: '75', READINESS_STALE_DAYS: '30' }, { readiness: { otherThresholdPercent: 75, staleDays: 30 } }],
  ])('reads %j', (env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  it.each([
    [{ DEADLINE_DUE_SOON_DAYS: 'soon' }, 'DEADLINE_DUE_SOON_DAYS'],
    [{ DEADLINE_DUE_SOON_DAYS: '5', DEADLINE_URGENT_DAYS: '7' }, 'DEADLINE_URGENT_DAYS'],
    [{ DEADLINE_JOB_CRON: 'every day' }, 'DEADLINE_JOB_CRON'],
    [{ DEADLINE_JOB_CRON: '99 6 * * *' }, 'DEADLINE_JOB_CRON'],
    [{ DEADLINE_JOB_TIME_ZONE: 'Mars/Olympus' }, 'DEADLINE_JOB_TIME_ZONE'],
    [{ DIGEST_JOB_CRON: '61 7 * * *' }, 'DIGEST_JOB_CRON'],
    [{ DIGEST_JOB_CRON: 'weekly' }, 'DIGEST_JOB_CRON'],
    [{ READINESS_OTHER_THRESHOLD_PERCENT: '101' }, 'READINESS_OTHER_THRESHOLD_PERCENT'],
    [{ READINESS_STALE_DAYS: '0' }, 'READINESS_STALE_DAYS'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigValidationError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${variable}=`));
  });
});
