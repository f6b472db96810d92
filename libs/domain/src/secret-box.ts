import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { DomainError } from './errors.js';

/** One AES-256 key and the id stored beside every secret it sealed, so keys can be rotated. */
export interface SecretKey {
  id: string;
  key: Buffer;
}

/** The current key seals; every listed key (current and previous) opens what it sealed. */
export interface SecretKeyring {
  current: SecretKey;
  all: ReadonlyMap<string, SecretKey>;
}

const FORMAT = 'v1';
const IV_BYTES = 12;

/** A key's id: the start of its SHA-256, so it names the key without revealing it. */
export function secretKeyOf(key: Buffer): SecretKey {
  if (key.length !== 32) throw new DomainError('validation', `a secrets key must be 32 bytes, not ${key.length}`);
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 12), key };
}

/** `SECRETS_KEY` is 32 random bytes in base64; null when it is not that. */
export function decodeSecretsKey(base64: string): Buffer | null {
  const key = Buffer.from(base64.trim(), 'base64');
  return key.length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(base64.trim()) ? key : null;
}

/**
 * Outside production, a fixed key derived from a public phrase: development and test data can be
 * read back after a restart without configuring anything, and protect nothing.
 */
export function developmentSecretsKey(): Buffer {
  return createHash('sha256').update('tynda development secrets key — not for production').digest();
}

export function secretKeyring(current: Buffer, previous: Buffer[] = []): SecretKeyring {
  const keys = [current, ...previous].map(secretKeyOf);
  return { current: keys[0]!, all: new Map(keys.map((k) => [k.id, k])) };
}

/** AES-256-GCM: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url parts), authenticated, a fresh IV each time. */
export function sealSecret(ring: SecretKeyring, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', ring.current.key, iv);
  cipher.setAAD(Buffer.from(ring.current.id));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [FORMAT, ring.current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

/** The key id a sealed secret names (to find the secrets still sealed with an old key). */
export function sealedKeyId(sealed: string): string | null {
  const parts = sealed.split('.');
  return parts.length === 5 && parts[0] === FORMAT ? parts[1]! : null;
}

/** Opens a sealed secret; the error never contains the secret, only why it could not be opened. */
export function openSecret(ring: SecretKeyring, sealed: string): string {
  const parts = sealed.split('.');
  if (parts.length !== 5 || parts[0] !== FORMAT) throw new DomainError('validation', 'the stored secret is not in a known format');
  const [, keyId, iv, tag, data] = parts as [string, string, string, string, string];
  const key = ring.all.get(keyId);
  if (!key)
    throw new DomainError('validation', `the stored secret was sealed with key ${keyId}, which is not configured (SECRETS_KEY / SECRETS_PREVIOUS_KEYS)`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new DomainError('validation', `the stored secret does not open with key ${keyId} (altered, or a different key under the same id)`);
  }
}
