import { readFileSync } from 'node:fs';
import { secretsEqual, verifyHubSignature } from './webhook-signature.js';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/channels/facebook/${name}`, import.meta.url));
const SECRET = 'tynda-fixture-app-secret';

describe('webhook signatures', () => {
  const body = fixture('feed-comment-kk.json');
  const signature = fixture('feed-comment-kk.json.sig').toString('utf8').trim();

  it('accepts the HMAC-SHA256 of the exact bytes, with any configured secret', () => {
    expect(verifyHubSignature(body, signature, [SECRET])).toBe(true);
    expect(verifyHubSignature(body, signature, ['instagram-app-secret', SECRET])).toBe(true);
    expect(verifyHubSignature(body, signature.toUpperCase().replace('SHA256=', 'sha256='), [SECRET])).toBe(true);
  });

  it('rejects a re-serialised body, another secret, and missing or malformed headers', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8'))));
    expect(reserialised.equals(body)).toBe(false);
    expect(verifyHubSignature(reserialised, signature, [SECRET])).toBe(false);
    expect(verifyHubSignature(body, signature, ['another-secret'])).toBe(false);
    expect(verifyHubSignature(body, undefined, [SECRET])).toBe(false);
    expect(verifyHubSignature(body, 'sha1=abc', [SECRET])).toBe(false);
    expect(verifyHubSignature(body, signature, [])).toBe(false);
  });

  it('compares shared secrets exactly', () => {
    expect(secretsEqual('tynda-secret', 'tynda-secret')).toBe(true);
    expect(secretsEqual('tynda-secreT', 'tynda-secret')).toBe(false);
    expect(secretsEqual('tynda', 'tynda-secret')).toBe(false);
    expect(secretsEqual(undefined, 'tynda-secret')).toBe(false);
  });
});
