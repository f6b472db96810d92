import fc from 'fast-check';
import { MAX_JSON_DEPTH, cleanJson, cleanText, isCleanText, jsonNestingExceeds } from './text-hygiene.js';

// UTF-16 code units, biased towards the ones that matter: NUL, both surrogate halves, an emoji's pair.
const unit = fc.oneof(
  {
    arbitrary: fc.constantFrom('\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uD83D', '\uDE00', '😀', 'ә', 'a', '"', '\\', '{', '[', ']', '}'),
    weight: 3,
  },
  { arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 2 }), weight: 1 },
);
const text = fc.array(unit, { maxLength: 24 }).map((units) => units.join(''));

const roundTripsUtf8 = (s: string) => Buffer.from(s, 'utf8').toString('utf8') === s;

/** The rule written the slow way: code point by code point (the string iterator yields a lone surrogate on its own). */
const reference = (s: string) =>
  [...s]
    .filter((c) => c !== '\u0000')
    .map((c) => (c.length === 1 && c >= '\uD800' && c <= '\uDFFF' ? '\uFFFD' : c))
    .join('');

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Every string and key of a value, however deep. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]);
  return [];
}

const depthOf = (value: unknown): number => (value && typeof value === 'object' ? 1 + Math.max(0, ...Object.values(value as object).map(depthOf)) : 0);

describe('cleanText', () => {
  it('removes NUL and keeps the text around it', () => {
    expect(cleanText('a\u0000b')).toBe('ab');
    expect(cleanText('\u0000\u0000')).toBe('');
  });

  it('replaces a lone high or low surrogate with U+FFFD and keeps valid pairs', () => {
    expect(cleanText('x\uD800y')).toBe('x\uFFFDy');
    expect(cleanText('x\uDC00y')).toBe('x\uFFFDy');
    expect(cleanText('су жоқ 😀')).toBe('су жоқ 😀');
    // An emoji cut in half at the end of a message, and a stray low half before a whole one.
    expect(cleanText('жол \uD83D')).toBe('жол \uFFFD');
    expect(cleanText('\uDE00😀')).toBe('\uFFFD😀');
    expect(cleanText('\uD83D\uD83D\uDE00')).toBe('\uFFFD😀');
  });

  it('judges a surrogate by its neighbours in the input: a NUL between two halves leaves both lone', () => {
    expect(cleanText('\uD83D\u0000\uDE00')).toBe('\uFFFD\uFFFD');
  });

  it('returns clean text as it is', () => {
    const s = 'Қорағаты ауылында су жоқ! 🚰 <b>"x"</b>';
    expect(cleanText(s)).toBe(s);
    expect(isCleanText(s)).toBe(true);
    expect(isCleanText('a\u0000')).toBe(false);
    expect(isCleanText('\uDFFF')).toBe(false);
  });

  it('always gives text without NUL or lone surrogates that survives UTF-8 unchanged', () => {
    fc.assert(
      fc.property(text, (s) => {
        const out = cleanText(s);
        expect(out.includes('\u0000')).toBe(false);
        expect(roundTripsUtf8(out)).toBe(true);
        expect(isCleanText(out)).toBe(true);
      }),
    );
  });

  it('is idempotent, leaves clean input identical and agrees with the code point by code point rule', () => {
    fc.assert(
      fc.property(text, (s) => {
        const out = cleanText(s);
        expect(cleanText(out)).toBe(out);
        if (!s.includes('\u0000') && roundTripsUtf8(s)) expect(out).toBe(s);
        expect(out).toBe(reference(s));
        expect(isCleanText(s)).toBe(out === s);
      }),
    );
  });
});

describe('cleanJson', () => {
  it('cleans strings in objects and arrays, keys too, and leaves other values alone', () => {
    const input = { 'na\u0000me': 'a\u0000b', list: ['x\uD800y', 1, true, null, { deep: ['😀\uDC00'] }], n: 3.5 };
    expect(cleanJson(input)).toEqual({ name: 'ab', list: ['x\uFFFDy', 1, true, null, { deep: ['😀\uFFFD'] }], n: 3.5 });
    expect(input['na\u0000me']).toBe('a\u0000b');
    expect(cleanJson('a\u0000')).toBe('a');
    expect(cleanJson(42)).toBe(42);
  });

  it('returns a clean value as the same reference', () => {
    const value = { text: 'су жоқ 😀', tags: ['a', { b: null }] };
    expect(cleanJson(value)).toBe(value);
  });

  it('keeps "__proto__" as an own key and a prototype-less object prototype-less', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": "x\\u0000"}, "a": "1"}') as Record<string, unknown>;
    const out = cleanJson(parsed);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const query = Object.assign(Object.create(null) as Record<string, unknown>, { q: 'a\u0000' });
    const cleaned = cleanJson(query);
    expect(Object.getPrototypeOf(cleaned)).toBeNull();
    expect(cleaned.q).toBe('a');
  });

  it('walks any depth without overflowing the call stack', () => {
    let value: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i++) value = [value];
    let out = cleanJson(value);
    for (let i = 0; i < 100_000; i++) out = (out as unknown[])[0];
    expect(out).toBe('end');
  });

  it('leaves no unclean string anywhere, is idempotent, keeps clean values and never changes its input', () => {
    fc.assert(
      fc.property(json, (value) => {
        const before = structuredClone(value);
        const out = cleanJson(value);
        expect(value).toEqual(before);
        for (const s of strings(out)) expect(isCleanText(s) && roundTripsUtf8(s)).toBe(true);
        expect(cleanJson(out)).toBe(out);
        if (strings(value).every(isCleanText)) expect(out).toBe(value);
        // Serialized and parsed again, as PostgreSQL's jsonb would receive it, nothing is lost.
        expect(JSON.parse(JSON.stringify(out))).toEqual(out);
      }),
    );
  });
});

describe('jsonNestingExceeds', () => {
  const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

  it(`allows ${MAX_JSON_DEPTH} levels and refuses one more, in text and in bytes`, () => {
    expect(jsonNestingExceeds(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonNestingExceeds(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonNestingExceeds(Buffer.from(nested(10_000)))).toBe(true);
    expect(jsonNestingExceeds(Buffer.from(`{"a":${nested(MAX_JSON_DEPTH - 1)}}`))).toBe(false);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ s: `\\"${'['.repeat(200)}` });
    expect(jsonNestingExceeds(text, 1)).toBe(false);
    expect(jsonNestingExceeds(Buffer.from(JSON.stringify({ s: 'ә😀{'.repeat(100) })), 1)).toBe(false);
  });

  it('agrees with the depth of the parsed value', () => {
    fc.assert(
      fc.property(json, fc.integer({ min: 0, max: 6 }), (value, max) => {
        const serialized = JSON.stringify(value);
        const expected = depthOf(value) > max;
        expect(jsonNestingExceeds(serialized, max)).toBe(expected);
        expect(jsonNestingExceeds(Buffer.from(serialized, 'utf8'), max)).toBe(expected);
      }),
    );
  });
});
