import { plainToInstance, Transform } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { validateCronExpression } from 'cron';
import { resolve } from 'node:path';
import { DEFAULT_SIZE_CLASS_RANGES, parseSizeClassRanges, SizeClassRanges } from '../kernel/size-class';
import { PROOF_STORAGE_DRIVERS, ProofStorageDriver } from '../kernel/proof-storage-drivers';

/** How reports are rendered: on a worker thread (compiled build), in the request's process, or the first when it exists. */
export const REPORT_RENDER_MODES = ['auto', 'worker', 'in-process'] as const;
export type ReportRenderMode = (typeof REPORT_RENDER_MODES)[number];

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

/** The environment as read at start; every field is documented in .env.example. */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString()
  @MinLength(1)
  DATA_DIR = './data';

  @Transform(emptyToUndefined)
  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_PG_PORT?: number;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  JSON_BODY_LIMIT_BYTES = 1024 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES = 250 * 1024 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(120_000)
  HTTP_HEADERS_TIMEOUT_MS = 10_000;

  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(600_000)
  HTTP_BODY_TIMEOUT_MS = 15_000;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(24 * 60 * 60 * 1000)
  UPLOAD_TIMEOUT_MS = 60 * 60 * 1000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1024 * 1024 * 1024)
  UPLOAD_MIN_BYTES_PER_SECOND = 10 * 1024;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000)
  MAX_CONNECTIONS_PER_CLIENT = 64;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(24 * 60 * 60 * 1000)
  UPLOAD_TEMP_SWEEP_MS = 60_000;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(7 * 24 * 60 * 60 * 1000)
  UPLOAD_TEMP_STALE_MS = 10 * 60 * 1000;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent' = 'info';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['true', 'false'])
  SEED_SAMPLE_DATA?: 'true' | 'false';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10)
  TRUST_PROXY_HOPS = 0;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*[^\s?#/])?$/, { message: 'PUBLIC_BASE_URL must be an http(s) address with no trailing slash, query or fragment' })
  PUBLIC_BASE_URL?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(120_000)
  SHUTDOWN_GRACE_MS = 10_000;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  DATABASE_CONNECT_RETRIES = 10;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  SESSION_ACCESS_TTL_MINUTES = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(365)
  SESSION_REFRESH_TTL_DAYS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 14)
  COOKIE_SESSION_TTL_HOURS = 12;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  INVITATION_TTL_HOURS = 168;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  LOGIN_MAX_FAILURES = 5;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  LOGIN_LOCKOUT_MINUTES = 15;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  LOGIN_IP_LIMIT_PER_15_MINUTES = 50;

  @IsString()
  SIZE_CLASS_RANGES = 'A:1-24,B:25-199,C:200-499,D:500+';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(365)
  SITE_ASSESSMENT_LEAD_DAYS = 90;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  MANUAL_ADOPTION_MONTHS = 12;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(90)
  GRANT_ENDING_NOTICE_DAYS = 7;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(365)
  PUBLIC_COMMENT_NOTICE_DAYS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(366)
  DEADLINE_DUE_SOON_DAYS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(366)
  DEADLINE_URGENT_DAYS = 7;

  @IsString()
  @Matches(/^(off|\S+( \S+){4,5})$/, { message: 'DEADLINE_JOB_CRON must be a cron expression of 5 or 6 fields, or off' })
  DEADLINE_JOB_CRON = '0 6 * * *';

  @IsString()
  @MinLength(1)
  DEADLINE_JOB_TIME_ZONE = 'America/Chicago';

  @IsString()
  @Matches(/^(off|\S+( \S+){4,5})$/, { message: 'DIGEST_JOB_CRON must be a cron expression of 5 or 6 fields, or off' })
  DIGEST_JOB_CRON = '0 7 * * *';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  READINESS_OTHER_THRESHOLD_PERCENT = 80;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  READINESS_STALE_DAYS = 90;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(86400)
  READINESS_FIGURES_REFRESH_SECONDS = 10;

  @IsIn(PROOF_STORAGE_DRIVERS)
  PROOF_STORAGE_DRIVER: ProofStorageDriver = 'local';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'S3_ENDPOINT must be an http:// or https:// URL' })
  S3_ENDPOINT?: string;

  @IsString()
  @MinLength(1)
  S3_REGION = 'us-east-1';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, { message: 'S3_BUCKET must be a bucket name (3-63 lowercase letters, digits, dots, hyphens)' })
  S3_BUCKET?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

  @IsIn(['true', 'false'])
  S3_FORCE_PATH_STYLE: 'true' | 'false' = 'false';

  @IsIn(REPORT_RENDER_MODES)
  REPORT_RENDER_MODE: ReportRenderMode = 'auto';

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(60 * 60 * 1000)
  REPORT_RENDER_TIMEOUT_MS = 120_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(32)
  REPORT_MAX_CONCURRENT_RENDERS = 2;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  REPORT_TEMPLATES_DIR?: string;

  @IsString()
  @MinLength(1)
  REPORT_TIME_ZONE = 'America/Chicago';

  @IsString()
  @MinLength(1)
  REPORT_FOOTPRINT_TITLE = '24:1 footprint, North St. Louis County';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL, such as smtps://user:password@mail.example.org:465' })
  SMTP_URL?: string;

  @IsString()
  @MinLength(3)
  MAIL_FROM = 'CALEA tracker <no-reply@calea-tracker.local>';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(60 * 60 * 1000)
  MAIL_POLL_MS = 5_000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_MAX_ATTEMPTS = 8;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60 * 60)
  MAIL_RETRY_BASE_SECONDS = 60;

  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(24 * 60)
  PASSWORD_RESET_TTL_MINUTES = 60;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  PASSWORD_RESET_LIMIT_PER_HOUR = 5;
}


/** Every variable the service reads; .env.example documents each. */
export const CONFIG_VARIABLES = [
  'NODE_ENV',
  'PORT',
  'HOST',
  'DATABASE_URL',
  'DATA_DIR',
  'EMBEDDED_PG_PORT',
  'JSON_BODY_LIMIT_BYTES',
  'UPLOAD_MAX_BYTES',
  'HTTP_HEADERS_TIMEOUT_MS',
  'HTTP_BODY_TIMEOUT_MS',
  'UPLOAD_TIMEOUT_MS',
  'UPLOAD_MIN_BYTES_PER_SECOND',
  'MAX_CONNECTIONS_PER_CLIENT',
  'UPLOAD_TEMP_SWEEP_MS',
  'UPLOAD_TEMP_STALE_MS',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'SEED_SAMPLE_DATA',
  'TRUST_PROXY_HOPS',
  'PUBLIC_BASE_URL',
  'SHUTDOWN_GRACE_MS',
  'DATABASE_CONNECT_RETRIES',
  'SESSION_ACCESS_TTL_MINUTES',
  'SESSION_REFRESH_TTL_DAYS',
  'COOKIE_SESSION_TTL_HOURS',
  'INVITATION_TTL_HOURS',
  'LOGIN_MAX_FAILURES',
  'LOGIN_LOCKOUT_MINUTES',
  'LOGIN_IP_LIMIT_PER_15_MINUTES',
  'SIZE_CLASS_RANGES',
  'SITE_ASSESSMENT_LEAD_DAYS',
  'MANUAL_ADOPTION_MONTHS',
  'PUBLIC_COMMENT_NOTICE_DAYS',
  'GRANT_ENDING_NOTICE_DAYS',
  'DEADLINE_DUE_SOON_DAYS',
  'DEADLINE_URGENT_DAYS',
  'DEADLINE_JOB_CRON',
  'DEADLINE_JOB_TIME_ZONE',
  'DIGEST_JOB_CRON',
  'READINESS_OTHER_THRESHOLD_PERCENT',
  'READINESS_STALE_DAYS',
  'READINESS_FIGURES_REFRESH_SECONDS',
  'PROOF_STORAGE_DRIVER',
  'S3_ENDPOINT',
  'S3_REGION',
  'S3_BUCKET',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'S3_FORCE_PATH_STYLE',
  'REPORT_RENDER_MODE',
  'REPORT_RENDER_TIMEOUT_MS',
  'REPORT_MAX_CONCURRENT_RENDERS',
  'REPORT_TEMPLATES_DIR',
  'REPORT_TIME_ZONE',
  'REPORT_FOOTPRINT_TITLE',
  'SMTP_URL',
  'MAIL_FROM',
  'MAIL_POLL_MS',
  'MAIL_MAX_ATTEMPTS',
  'MAIL_RETRY_BASE_SECONDS',
  'PASSWORD_RESET_TTL_MINUTES',
  'PASSWORD_RESET_LIMIT_PER_HOUR',
] as const satisfies readonly (keyof EnvironmentVariables)[];

export interface AppConfig {
  nodeEnv: EnvironmentVariables['NODE_ENV'];
  port: number;
  host: string;
  /** Set when an external PostgreSQL is used; main.ts starts the embedded one otherwise. */
  databaseUrl?: string;
  /** True when the database is the embedded one started by this process (sample data goes there). */
  databaseIsEmbedded: boolean;
  dataDir: string;
  embeddedPgPort?: number;
  jsonBodyLimitBytes: number;
  uploadMaxBytes: number;
  /** Slow clients: how long headers and bodies may take, and how many connections one address may hold. */
  http: {
    /** The request line and headers must arrive within this. */
    headersTimeoutMs: number;
    /** An ordinary body (every route but the proof upload) must arrive within this after the headers. */
    bodyTimeoutMs: number;
    /** A proof upload must arrive within this ... */
    uploadTimeoutMs: number;
    /** ... and, after the first bodyTimeoutMs, at least this fast on average (0: no floor). */
    uploadMinBytesPerSecond: number;
    /** Open connections one client address may hold at once (0: no cap; behind a proxy every client shares its address). */
    maxConnectionsPerClient: number;
  };
  logLevel: EnvironmentVariables['LOG_LEVEL'];
  logFormat: 'json' | 'pretty';
  adminEmail?: string;
  adminPassword?: string;
  /** Sample data is loaded on first start of the embedded database unless turned off. */
  seedSampleData: boolean;
  trustProxyHops: number;
  /** The address people reach the service at, for links made to be sent (invitations, calendar feeds); else the request's own. */
  publicBaseUrl?: string;
  shutdownGraceMs: number;
  /** Attempts to reach the database at start, 3 s apart, before giving up. */
  databaseConnectRetries: number;
  /** Sworn-officer ranges of CALEA size classes A-D (commonly cited, not confirmed: configurable). */
  sizeClassRanges: SizeClassRanges;
  /** How long before the end of a cycle's last year (year 4 in CALEA's) the site-based assessment is planned. */
  siteAssessmentLeadDays: number;
  /** Months a department has to adopt a new manual version, from its effective date. */
  manualAdoptionMonths: number;
  /** Days before each assessment (annual review, site-based assessment) that the public-comment notice is due; 0: no such deadline. */
  publicCommentNoticeDays: number;
  /** An assessor is mailed this many days before their access ends (with the digests' daily job); 0: no such mail. */
  grantEndingNoticeDays: number;
  deadlines: {
    /** A deadline is "due soon" this many days before it is due (today and the due date included). */
    dueSoonDays: number;
    /** ... and "urgent" within this many days; never more than dueSoonDays. */
    urgentDays: number;
    /** When the daily job records newly overdue deadlines (cron syntax), or null when turned off. */
    jobCron: string | null;
    /** IANA time zone the job's cron expression is read in. */
    jobTimeZone: string;
    /** When the deadline digests are queued (cron syntax, read in jobTimeZone), or null when turned off. */
    digestCron: string | null;
  };
  readiness: {
    /** Share of applicable other-than-mandatory standards that must be compliant (CALEA: 80%, configurable). */
    otherThresholdPercent: number;
    /** Files whose last change is older than this many days are reported as untouched. */
    staleDays: number;
    /**
     * How often the figures keeper looks for departments whose kept figures are out of date (a change,
     * a new day) and computes them ahead of the requests that show them; 0 turns the keeper off.
     */
    figuresRefreshSeconds: number;
  };
  auth: {
    accessTtlMinutes: number;
    refreshTtlDays: number;
    cookieTtlHours: number;
    invitationTtlHours: number;
    maxLoginFailures: number;
    lockoutMinutes: number;
    ipLimitPer15Minutes: number;
    /** How long a password-reset link works. */
    passwordResetTtlMinutes: number;
    /** Reset requests per hour, per email address and (ten times this) per network address. */
    passwordResetLimitPerHour: number;
  };
  mail: {
    /** The SMTP server (smtp:// with STARTTLS when offered, smtps:// for TLS from the start, user:password for auth); null keeps mail in the outbox. */
    smtpUrl: string | null;
    /** The From header of every mail. */
    from: string;
    /** How often each process looks for mail due to be sent (0: never on its own; tests drain by hand). */
    pollMs: number;
    /** Attempts before a mail is recorded as failed. */
    maxAttempts: number;
    /** The wait after the first failed attempt; it doubles with each further failure (capped at a day). */
    retryBaseMs: number;
  };
  /** Where proof and report bytes are kept: 'local' ($DATA_DIR/proofs, $DATA_DIR/reports) or 's3' (the bucket of `s3`). */
  proofStorageDriver: ProofStorageDriver;
  /** The S3-compatible bucket; set (and required) when proofStorageDriver is 's3', null otherwise. */
  s3: S3Config | null;
  proofMaintenance: {
    /** How often an upload's temp file left by a crash is looked for (and the other storage chores run). */
    sweepEveryMs: number;
    /** A temp file (or an object without a row) untouched this long is left over, not in progress. */
    staleAfterMs: number;
  };
  reports: {
    /** auto: a worker thread when the compiled worker (dist) is there, else in-process (tests and ts sources). */
    renderMode: ReportRenderMode;
    /** A rendering that takes longer is stopped (worker mode) and the request fails. */
    renderTimeoutMs: number;
    /** Renderings at once; more wait their turn. */
    maxConcurrentRenders: number;
    /** The folder of the report templates (department-readiness.json, file-review.json, footprint.json); null: templates/reports of the installation. */
    templatesDir: string | null;
    /** IANA zone the reports show times in. */
    timeZone: string;
    /** Title of the footprint report when the request gives none. */
    footprintTitle: string;
    /** The compiled render worker; default render-worker.js beside the reports module (tests point it at dist/). Not an environment variable. */
    workerScript?: string;
  };
}

/** An S3-compatible bucket (AWS S3, MinIO, Ceph, R2, ...). */
export interface S3Config {
  /** The service's address; undefined: AWS S3 of `region`. */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Both set, or neither (then the SDK's own chain: environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** https://host/bucket/key rather than https://bucket.host/key (MinIO and most self-hosted services). */
  forcePathStyle: boolean;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigValidationError';
  }
}

function isTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Reads and validates the environment once; throws a message naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const picked: Record<string, string> = {};
  for (const key of CONFIG_VARIABLES) {
    const value = env[key];
    if (value !== undefined) picked[key] = value;
  }
  const vars = plainToInstance(EnvironmentVariables, picked, { exposeDefaultValues: true });
  const problems = validateSync(vars, { whitelist: true }).map(
    (e) => `${e.property}=${JSON.stringify(picked[e.property] ?? '')}: ${Object.values(e.constraints ?? {}).join('; ')}`,
  );
  let sizeClassRanges = DEFAULT_SIZE_CLASS_RANGES;
  try {
    sizeClassRanges = parseSizeClassRanges(vars.SIZE_CLASS_RANGES);
  } catch (error) {
    problems.push(`SIZE_CLASS_RANGES=${JSON.stringify(vars.SIZE_CLASS_RANGES)}: ${(error as Error).message}`);
  }
  if (Number.isInteger(vars.DEADLINE_URGENT_DAYS) && Number.isInteger(vars.DEADLINE_DUE_SOON_DAYS) && vars.DEADLINE_URGENT_DAYS > vars.DEADLINE_DUE_SOON_DAYS) {
    problems.push(`DEADLINE_URGENT_DAYS=${JSON.stringify(String(vars.DEADLINE_URGENT_DAYS))}: must not be more than DEADLINE_DUE_SOON_DAYS (${vars.DEADLINE_DUE_SOON_DAYS})`);
  }
  if (vars.DEADLINE_JOB_CRON !== 'off' && typeof vars.DEADLINE_JOB_CRON === 'string' && !validateCronExpression(vars.DEADLINE_JOB_CRON).valid) {
    problems.push(`DEADLINE_JOB_CRON=${JSON.stringify(vars.DEADLINE_JOB_CRON)}: not a valid cron expression`);
  }
  if (vars.DIGEST_JOB_CRON !== 'off' && typeof vars.DIGEST_JOB_CRON === 'string' && !validateCronExpression(vars.DIGEST_JOB_CRON).valid) {
    problems.push(`DIGEST_JOB_CRON=${JSON.stringify(vars.DIGEST_JOB_CRON)}: not a valid cron expression`);
  }
  if (!isTimeZone(vars.DEADLINE_JOB_TIME_ZONE)) {
    problems.push(`DEADLINE_JOB_TIME_ZONE=${JSON.stringify(vars.DEADLINE_JOB_TIME_ZONE)}: not an IANA time zone such as America/Chicago`);
  }
  if (!isTimeZone(vars.REPORT_TIME_ZONE)) {
    problems.push(`REPORT_TIME_ZONE=${JSON.stringify(vars.REPORT_TIME_ZONE)}: not an IANA time zone such as America/Chicago`);
  }
  if (vars.PROOF_STORAGE_DRIVER === 's3' && !vars.S3_BUCKET) {
    problems.push('S3_BUCKET="": required when PROOF_STORAGE_DRIVER=s3 (the bucket proofs and reports go to)');
  }
  if (!vars.S3_ACCESS_KEY_ID !== !vars.S3_SECRET_ACCESS_KEY) {
    problems.push(`${vars.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'}="": S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together (or leave both unset for the SDK's own credentials)`);
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return {
    nodeEnv: vars.NODE_ENV,
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL,
    databaseIsEmbedded: false,
    dataDir: resolve(vars.DATA_DIR),
    embeddedPgPort: vars.EMBEDDED_PG_PORT,
    jsonBodyLimitBytes: vars.JSON_BODY_LIMIT_BYTES,
    uploadMaxBytes: vars.UPLOAD_MAX_BYTES,
    http: {
      headersTimeoutMs: vars.HTTP_HEADERS_TIMEOUT_MS,
      bodyTimeoutMs: vars.HTTP_BODY_TIMEOUT_MS,
      uploadTimeoutMs: vars.UPLOAD_TIMEOUT_MS,
      uploadMinBytesPerSecond: vars.UPLOAD_MIN_BYTES_PER_SECOND,
      maxConnectionsPerClient: vars.MAX_CONNECTIONS_PER_CLIENT,
    },
    logLevel: vars.LOG_LEVEL,
    logFormat: vars.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    adminEmail: vars.ADMIN_EMAIL?.toLowerCase(),
    adminPassword: vars.ADMIN_PASSWORD,
    seedSampleData: vars.SEED_SAMPLE_DATA !== 'false',
    trustProxyHops: vars.TRUST_PROXY_HOPS,
    publicBaseUrl: vars.PUBLIC_BASE_URL,
    shutdownGraceMs: vars.SHUTDOWN_GRACE_MS,
    databaseConnectRetries: vars.DATABASE_CONNECT_RETRIES,
    sizeClassRanges,
    siteAssessmentLeadDays: vars.SITE_ASSESSMENT_LEAD_DAYS,
    manualAdoptionMonths: vars.MANUAL_ADOPTION_MONTHS,
    publicCommentNoticeDays: vars.PUBLIC_COMMENT_NOTICE_DAYS,
    grantEndingNoticeDays: vars.GRANT_ENDING_NOTICE_DAYS,
    deadlines: {
      dueSoonDays: vars.DEADLINE_DUE_SOON_DAYS,
      urgentDays: vars.DEADLINE_URGENT_DAYS,
      jobCron: vars.DEADLINE_JOB_CRON === 'off' ? null : vars.DEADLINE_JOB_CRON,
      jobTimeZone: vars.DEADLINE_JOB_TIME_ZONE,
      digestCron: vars.DIGEST_JOB_CRON === 'off' ? null : vars.DIGEST_JOB_CRON,
    },
    readiness: {
      otherThresholdPercent: vars.READINESS_OTHER_THRESHOLD_PERCENT,
      staleDays: vars.READINESS_STALE_DAYS,
      figuresRefreshSeconds: vars.READINESS_FIGURES_REFRESH_SECONDS,
    },
    auth: {
      accessTtlMinutes: vars.SESSION_ACCESS_TTL_MINUTES,
      refreshTtlDays: vars.SESSION_REFRESH_TTL_DAYS,
      cookieTtlHours: vars.COOKIE_SESSION_TTL_HOURS,
      invitationTtlHours: vars.INVITATION_TTL_HOURS,
      maxLoginFailures: vars.LOGIN_MAX_FAILURES,
      lockoutMinutes: vars.LOGIN_LOCKOUT_MINUTES,
      ipLimitPer15Minutes: vars.LOGIN_IP_LIMIT_PER_15_MINUTES,
      passwordResetTtlMinutes: vars.PASSWORD_RESET_TTL_MINUTES,
      passwordResetLimitPerHour: vars.PASSWORD_RESET_LIMIT_PER_HOUR,
    },
    mail: {
      smtpUrl: vars.SMTP_URL ?? null,
      from: vars.MAIL_FROM,
      pollMs: vars.MAIL_POLL_MS,
      maxAttempts: vars.MAIL_MAX_ATTEMPTS,
      retryBaseMs: vars.MAIL_RETRY_BASE_SECONDS * 1000,
    },
    proofStorageDriver: vars.PROOF_STORAGE_DRIVER,
    s3:
      vars.PROOF_STORAGE_DRIVER === 's3' && vars.S3_BUCKET
        ? {
            endpoint: vars.S3_ENDPOINT,
            region: vars.S3_REGION,
            bucket: vars.S3_BUCKET,
            credentials: vars.S3_ACCESS_KEY_ID && vars.S3_SECRET_ACCESS_KEY ? { accessKeyId: vars.S3_ACCESS_KEY_ID, secretAccessKey: vars.S3_SECRET_ACCESS_KEY } : undefined,
            forcePathStyle: vars.S3_FORCE_PATH_STYLE === 'true',
          }
        : null,
    proofMaintenance: { sweepEveryMs: vars.UPLOAD_TEMP_SWEEP_MS, staleAfterMs: vars.UPLOAD_TEMP_STALE_MS },
    reports: {
      renderMode: vars.REPORT_RENDER_MODE,
      renderTimeoutMs: vars.REPORT_RENDER_TIMEOUT_MS,
      maxConcurrentRenders: vars.REPORT_MAX_CONCURRENT_RENDERS,
      templatesDir: vars.REPORT_TEMPLATES_DIR ? resolve(vars.REPORT_TEMPLATES_DIR) : null,
      timeZone: vars.REPORT_TIME_ZONE,
      footprintTitle: vars.REPORT_FOOTPRINT_TITLE,
    },
  };
}
