import { randomBytes } from 'node:crypto';
import { developmentSecretsKey, openSecret, sealSecret, secretKeyring } from '@app/domain';
import { ConfigError, loadConfig } from './app-config.js';

describe('SECRETS_KEY', () => {
  const key = randomBytes(32).toString('base64');

  it('is required in production, and must be 32 bytes of base64 anywhere', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(48) })).toThrow(/SECRETS_KEY must be set in production/);
    expect(() => loadConfig({ SECRETS_KEY: randomBytes(16).toString('base64') })).toThrow(ConfigError);
    expect(() => loadConfig({ SECRETS_PREVIOUS_KEYS: `${key},short` })).toThrow(/SECRETS_PREVIOUS_KEYS/);
  });

  it('outside production falls back to the fixed development key', () => {
    expect(loadConfig({}).secretKeyring.current.key).toEqual(developmentSecretsKey());
  });

  it('keeps the previous keys able to open what they sealed', () => {
    const old = loadConfig({ SECRETS_KEY: key }).secretKeyring;
    const sealed = sealSecret(old, 'vk-token');
    const rotated = loadConfig({ SECRETS_KEY: randomBytes(32).toString('base64'), SECRETS_PREVIOUS_KEYS: key }).secretKeyring;
    expect(openSecret(rotated, sealed)).toBe('vk-token');
    expect(rotated.current.id).not.toBe(old.current.id);
    expect(secretKeyring(Buffer.from(key, 'base64')).current.id).toBe(old.current.id);
  });

  it('defaults the Graph API to a current version and reconciles every ten minutes', () => {
    const c = loadConfig({});
    expect(c.GRAPH_API_BASE_URL).toBe('https://graph.facebook.com/v26.0');
    expect(c.CHANNEL_RECONCILE_EVERY_MS).toBe(600_000);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'tynda.kz' })).toThrow(/PUBLIC_BASE_URL must be an http/);
  });
});
