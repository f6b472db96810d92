/**
 * Text PostgreSQL can store. It refuses U+0000 in `text` and `jsonb`, and a lone UTF-16 surrogate
 * (a message cut in the middle of an emoji, sent as the JSON escape `\ud800`) cannot be encoded as
 * UTF-8 at all: both arrive in JSON escapes from channels and clients and must be cleaned before
 * anything is stored, or the write fails (a 500, or a delivery retried until it is given up).
 */

/** How deeply a JSON body may nest objects and arrays; deeper ones are refused (400) before they are parsed. */
export const MAX_JSON_DEPTH = 64;

export const TOO_DEEP_MESSAGE = `request body is nested too deeply (more than ${MAX_JSON_DEPTH} levels)`;

// Either character that needs work; a string without one is returned as it is (nearly every string).
// eslint-disable-next-line no-control-regex -- NUL is the character this module exists to find
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
// NUL, a high surrogate not followed by a low one, a low one not preceded by a high one. The
// lookarounds read the original string, so one pass decides each unit by its real neighbours.
// eslint-disable-next-line no-control-regex -- as above
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HAS_UNSTORABLE = new RegExp(UNSTORABLE.source);

/** Removes U+0000 and replaces each lone surrogate with U+FFFD; everything else, emoji included, is kept as it is. */
export function cleanText(text: string): string {
  if (!SUSPECT.test(text)) return text;
  return text.replace(UNSTORABLE, (unit) => (unit === '\u0000' ? '' : '\uFFFD'));
}

/** Whether `cleanText` would leave the string unchanged. */
export function isCleanText(text: string): boolean {
  return !SUSPECT.test(text) || !HAS_UNSTORABLE.test(text);
}

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === 'object' && value !== null;

/**
 * `cleanText` applied to every string of a parsed JSON value (or a parsed query string), keys
 * included. A clean value is returned as it is (the same reference); otherwise a cleaned copy, the
 * input left untouched. Two keys that differ only by what is removed become one (the later wins).
 * Walks with its own stack, so no nesting depth overflows the call stack.
 */
export function cleanJson<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (!isContainer(value) || isCleanDeep(value)) return value;
  const root = emptyLike(value);
  const work: Array<[from: Container, to: Container]> = [[value, root]];
  const copy = (item: unknown): unknown => {
    if (typeof item === 'string') return cleanText(item);
    if (!isContainer(item)) return item;
    const target = emptyLike(item);
    work.push([item, target]);
    return target;
  };
  while (work.length) {
    const [from, to] = work.pop()!;
    if (Array.isArray(from)) {
      for (let i = 0; i < from.length; i++) (to as unknown[])[i] = copy(from[i]);
    } else {
      for (const key of Object.keys(from)) put(to as Record<string, unknown>, cleanText(key), copy(from[key]));
    }
  }
  return root as T;
}

function isCleanDeep(root: Container): boolean {
  const work: Container[] = [root];
  while (work.length) {
    const node = work.pop()!;
    const items = Array.isArray(node) ? node : Object.values(node);
    if (!Array.isArray(node) && !Object.keys(node).every(isCleanText)) return false;
    for (const item of items) {
      if (typeof item === 'string') {
        if (!isCleanText(item)) return false;
      } else if (isContainer(item)) work.push(item);
    }
  }
  return true;
}

// A query string's object has no prototype (node:querystring); the copy keeps that.
function emptyLike(value: Container): Container {
  if (Array.isArray(value)) return [];
  return Object.getPrototypeOf(value) === null ? (Object.create(null) as Record<string, unknown>) : {};
}

// JSON.parse makes "__proto__" an own key; plain assignment would set the copy's prototype instead.
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether JSON text nests objects and arrays more than `max` levels, read from the raw bytes
 * before parsing (brackets inside strings do not count). UTF-8 continuation bytes never equal an
 * ASCII quote, backslash or bracket, so bytes and characters give the same answer. Text that is
 * not valid JSON is left for the parser to refuse.
 */
export function jsonNestingExceeds(json: Uint8Array | string, max: number = MAX_JSON_DEPTH): boolean {
  // Nearly every body has fewer opening brackets than the limit: counted natively, that settles it.
  if (count(json, OPEN_BRACE, max) + count(json, OPEN_BRACKET, max) <= max) return false;
  const codes = typeof json === 'string' ? Uint16Array.from(json, (c) => c.charCodeAt(0)) : json;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i]!;
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** Occurrences of one ASCII character, counted up to `max + 1`. */
function count(json: Uint8Array | string, code: number, max: number): number {
  let n = 0;
  if (typeof json === 'string') {
    const char = String.fromCharCode(code);
    for (let i = json.indexOf(char); i >= 0 && n <= max; i = json.indexOf(char, i + 1)) n++;
  } else {
    for (let i = json.indexOf(code); i >= 0 && n <= max; i = json.indexOf(code, i + 1)) n++;
  }
  return n;
}
