import { randomBytes } from 'node:crypto';
import { channelCredentials, credentialsJson, readChannelCredentials } from './channel-credentials.js';
import { decodeSecretsKey, developmentSecretsKey, openSecret, sealSecret, sealedKeyId, secretKeyring } from './secret-box.js';

describe('secret box (AES-256-GCM)', () => {
  const key = randomBytes(32);
  const ring = secretKeyring(key);

  it('seals so that the token text is nowhere in the result, and opens it back', () => {
    const sealed = sealSecret(ring, '{"accessToken":"EAAB-secret-page-token"}');
    expect(sealed).not.toContain('EAAB');
    expect(sealed).not.toContain('secret-page-token');
    expect(sealedKeyId(sealed)).toBe(ring.current.id);
    expect(openSecret(ring, sealed)).toBe('{"accessToken":"EAAB-secret-page-token"}');
  });

  it('uses a fresh IV each time', () => {
    expect(sealSecret(ring, 'same')).not.toBe(sealSecret(ring, 'same'));
  });

  it('refuses an altered ciphertext without echoing the secret', () => {
    const parts = sealSecret(ring, 'token-123').split('.');
    const data = Buffer.from(parts[4]!, 'base64url');
    data[0] = data[0]! ^ 1;
    parts[4] = data.toString('base64url');
    expect(() => openSecret(ring, parts.join('.'))).toThrow(/does not open with key/);
  });

  it('opens secrets of a previous key after rotation, and names a missing key', () => {
    const old = sealSecret(ring, 'old-token');
    const rotated = secretKeyring(randomBytes(32), [key]);
    expect(openSecret(rotated, old)).toBe('old-token');
    expect(sealedKeyId(sealSecret(rotated, 'x'))).toBe(rotated.current.id);
    expect(() => openSecret(secretKeyring(randomBytes(32)), old)).toThrow(`sealed with key ${ring.current.id}, which is not configured`);
  });

  it('accepts only 32 bytes of base64 as SECRETS_KEY; the development key is fixed', () => {
    expect(decodeSecretsKey(key.toString('base64'))).toEqual(key);
    expect(decodeSecretsKey(randomBytes(16).toString('base64'))).toBeNull();
    expect(decodeSecretsKey('not base64 at all!')).toBeNull();
    expect(developmentSecretsKey()).toEqual(developmentSecretsKey());
    expect(developmentSecretsKey()).toHaveLength(32);
  });
});

describe('channel credentials', () => {
  it("takes exactly the fields of the page's channel", () => {
    expect(channelCredentials('vk', { accessToken: ' vk1 ', secret: 's', confirmationCode: 'c0de' })).toEqual({
      channel: 'vk',
      accessToken: 'vk1',
      secret: 's',
      confirmationCode: 'c0de',
    });
    expect(() => channelCredentials('facebook', { accessToken: 'x', botToken: 'y' })).toThrow('a facebook page takes accessToken; not botToken');
    expect(() => channelCredentials('telegram', { botToken: '1:a' })).toThrow('secretToken must be a non-empty string');
    expect(() => channelCredentials('telegram', { botToken: '1:a', secretToken: 'has space' })).toThrow(/Telegram's rule/);
    expect(() => channelCredentials('instagram', ['x'])).toThrow('expected a JSON object with accessToken');
  });

  it('round-trips through the sealed JSON, which never names the channel twice', () => {
    const c = channelCredentials('telegram', { botToken: '123:abc', secretToken: 'tok_1' });
    expect(credentialsJson(c)).toBe('{"botToken":"123:abc","secretToken":"tok_1"}');
    expect(readChannelCredentials('telegram', credentialsJson(c))).toEqual(c);
    expect(readChannelCredentials('vk', credentialsJson(c))).toBeNull();
  });
});
