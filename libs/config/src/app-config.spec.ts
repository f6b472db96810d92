import { ConfigError, loadConfig, secretWeakness } from './app-config.js';

// SECRETS_KEY is required in production too; these tests are about the other settings.
const PRODUCTION = { NODE_ENV: 'production', SECRETS_KEY: Buffer.alloc(32, 7).toString('base64') };

describe('configuration', () => {
  it('works with no variables set, using developer defaults', () => {
    const c = loadConfig({});
    expect(c.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/tynda');
    expect(c.PORT).toBe(3000);
  });

  it('accepts a {hash tag} queue prefix for Redis Cluster, and refuses what is not one', () => {
    for (const prefix of ['tynda', 'tynda:prod', '{tynda}', '{tynda}:prod', 'prod:{tynda-1}'])
      expect(loadConfig({ QUEUE_PREFIX: prefix }).QUEUE_PREFIX).toBe(prefix);
    for (const prefix of ['{}', '{tynda', 'tynda}', '{a}{b}', '{a{b}}', 'ty nda', 'tynda*'])
      expect(() => loadConfig({ QUEUE_PREFIX: prefix })).toThrow(/QUEUE_PREFIX/);
  });

  it('reads the worker listener and retention settings, 0 meaning off or keep', () => {
    const c = loadConfig({});
    expect([c.WORKER_HTTP_PORT, c.RETENTION_RAW_DELIVERY_DAYS, c.RETENTION_PERSONAL_DATA_DAYS]).toEqual([3001, 90, 1095]);
    expect(loadConfig({ WORKER_HTTP_PORT: '0', RETENTION_RAW_DELIVERY_DAYS: '0', RETENTION_PERSONAL_DATA_DAYS: '0' }).WORKER_HTTP_PORT).toBe(0);
    expect(() => loadConfig({ RETENTION_PERSONAL_DATA_DAYS: '-1' })).toThrow(/RETENTION_PERSONAL_DATA_DAYS/);
    expect(() => loadConfig({ WORKER_HTTP_PORT: '70000' })).toThrow(/WORKER_HTTP_PORT/);
  });

  it('coerces numbers', () => {
    expect(loadConfig({ PORT: '4000' }).PORT).toBe(4000);
  });

  it('gives the body limit in bytes, as body-parser counts them', () => {
    expect(loadConfig({}).bodyLimitBytes).toBe(1024 * 1024);
    expect(loadConfig({ BODY_LIMIT: '256kb' }).bodyLimitBytes).toBe(256 * 1024);
  });

  it('fails fast naming every bad variable', () => {
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', JWT_SECRET: 'short' });
    } catch (e) {
      expect((e as Error).message).toMatch(/PORT/);
      expect((e as Error).message).toMatch(/DATABASE_URL/);
      expect((e as Error).message).toMatch(/JWT_SECRET/);
    }
  });

  it('refuses the development JWT secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET must be set in production/);
  });

  it('refuses a short, repetitive or low-entropy JWT secret in production, naming the setting', () => {
    expect(() => loadConfig({ ...PRODUCTION, JWT_SECRET: 'aaaaaaaaaaaaaaaa' })).toThrow(/JWT_SECRET is too weak for production: it has 16 characters/);
    expect(() => loadConfig({ ...PRODUCTION, JWT_SECRET: 'abcabcabcabcabcabcabcabcabcabcabcabc' })).toThrow(/JWT_SECRET .*3 distinct characters/);
    expect(secretWeakness('abcdefghij'.repeat(4))).toMatch(/repeats "abcd…"/);
    expect(secretWeakness('0123456789ab0123456789ab0123')).toMatch(/28 characters/);
    // A random 48-byte base64 secret, as SECURITY.md says to generate.
    expect(secretWeakness('q3Zr8vYb1mKx0TfW9pLcN2sHdJ7uAeG4oRiV6yBnXkQ5wMtS')).toBeNull();
    expect(loadConfig({ ...PRODUCTION, JWT_SECRET: 'q3Zr8vYb1mKx0TfW9pLcN2sHdJ7uAeG4oRiV6yBnXkQ5wMtS' }).JWT_SECRET).toHaveLength(48);
    // Outside production the development secret stays usable.
    expect(() => loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'aaaaaaaaaaaaaaaa' })).not.toThrow();
  });

  it('reads the security settings: trust proxy, docs off in production by default', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toBe('10.0.0.0/8, 127.0.0.1');
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(loadConfig({}).docsEnabled).toBe(true);
    const strong = 'q3Zr8vYb1mKx0TfW9pLcN2sHdJ7uAeG4oRiV6yBnXkQ5wMtS';
    expect(loadConfig({ ...PRODUCTION, JWT_SECRET: strong }).docsEnabled).toBe(false);
    expect(loadConfig({ ...PRODUCTION, JWT_SECRET: strong, DOCS_ENABLED: 'true' }).docsEnabled).toBe(true);
  });
});
