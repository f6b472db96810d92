import { createHmac, timingSafeEqual } from 'node:crypto';

/** Compares secrets in constant time, so response timing reveals nothing about how much matched. */
export function secretsEqual(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  // timingSafeEqual needs equal lengths; comparing b with itself keeps the time independent of `given`.
  return a.length === b.length ? timingSafeEqual(a, b) : !timingSafeEqual(b, b);
}

/**
 * Meta's `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. The HMAC is taken over
 * the bytes as received: re-serialised JSON differs (Meta escapes non-ASCII as \uXXXX). Any of the
 * configured app secrets may have signed it (Instagram can use an app of its own).
 */
export function verifyHubSignature(rawBody: Buffer, header: string | undefined, secrets: readonly string[]): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header?.trim() ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1]!.toLowerCase(), 'hex');
  return secrets.some((secret) => timingSafeEqual(createHmac('sha256', secret).update(rawBody).digest(), given));
}
