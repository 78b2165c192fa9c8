import { ConfigValidationError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('gives working defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      databaseIsEmbedded: false,
      jsonBodyLimitBytes: 1024 * 1024,
      logLevel: 'info',
      seedSampleData: true,
    });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it.each([
    [{ PORT: '8080' }, { port: 8080 }],
    [{ DATABASE_URL: 'postgres://u:p@db:5432/calea' }, { databaseUrl: 'postgres://u:p@db:5432/calea' }],
    [{ DATABASE_URL: '' }, { databaseUrl: undefined }],
    [{ EMBEDDED_PG_PORT: '5544' }, { embeddedPgPort: 5544 }],
    [{ ADMIN_EMAIL: 'Chief@Example.org' }, { adminEmail: 'chief@example.org' }],
    [{ SEED_SAMPLE_DATA: 'false' }, { seedSampleData: false }],
    [{ LOG_FORMAT: 'json' }, { logFormat: 'json' }],
    [{ PUBLIC_BASE_URL: 'https://calea.normandy.example' }, { publicBaseUrl: 'https://calea.normandy.example' }],
    [{ PUBLIC_BASE_URL: 'https://example.org/tracker' }, { publicBaseUrl: 'https://example.org/tracker' }],
    [{ PUBLIC_BASE_URL: '' }, { publicBaseUrl: undefined }],
    [{ SIZE_CLASS_RANGES: 'A:1-15,B:16-99,C:100-499,D:500+' }, { sizeClassRanges: { A: [1, 15], B: [16, 99], C: [100, 499], D: [500, null] } }],
  ])('reads %j', (env, expected) => {
    expect(loadConfig(env)).toMatchObject(expected);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ADMIN_EMAIL: 'not-an-email' }, 'ADMIN_EMAIL'],
    [{ ADMIN_PASSWORD: 'short' }, 'ADMIN_PASSWORD'],
    [{ JSON_BODY_LIMIT_BYTES: '12' }, 'JSON_BODY_LIMIT_BYTES'],
    [{ SEED_SAMPLE_DATA: 'maybe' }, 'SEED_SAMPLE_DATA'],
    [{ PUBLIC_BASE_URL: 'calea.example' }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'https://calea.example/' }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'https://calea.example/?x=1' }, 'PUBLIC_BASE_URL'],
    [{ SIZE_CLASS_RANGES: 'A:1-24,B:20-199,C:200-499,D:500+' }, 'SIZE_CLASS_RANGES'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigValidationError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^[\\s\\S]*${variable}=`));
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      throw new Error('expected a ConfigValidationError');
    } catch (error) {
      expect((error as ConfigValidationError).problems).toHaveLength(2);
    }
  });
});
