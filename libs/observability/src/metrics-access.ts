import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Who may read /metrics (API and worker alike): with METRICS_TOKEN set, only a scraper that sends it
 * as a bearer token; in production without a token nobody (404); elsewhere anyone.
 */
export function metricsAccess(token: string | undefined, production: boolean, authorization: string | undefined): 'allowed' | 'off' | 'unauthorized' {
  if (!token) return production ? 'off' : 'allowed';
  const [scheme, given] = (authorization ?? '').split(' ');
  // Hashes compared in constant time: the token's length and prefix leak nothing.
  return scheme?.toLowerCase() === 'bearer' && given && timingSafeEqual(digest(given), digest(token)) ? 'allowed' : 'unauthorized';
}
