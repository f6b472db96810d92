/**
 * One spelling for what residents type many ways: lower case, ё as е, Kazakh letters folded to the
 * plain-keyboard letters people type without a Kazakh layout (қ→к, ө→о, ұ/ү→у, і→и, ғ→г, ң→н,
 * ә→а, һ→х), and Kazakh or Russian typed in Latin letters read back as Cyrillic. Keywords and texts
 * go through the same fold, so "жарық" and "жарык" are one word.
 */
const KAZAKH_FOLD: Readonly<Record<string, string>> = { ә: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', һ: 'х', і: 'и', ё: 'е' };

// Latin letters that look like Cyrillic ones, typed inside a Cyrillic word (a Latin i for і).
const HOMOGLYPH: Readonly<Record<string, string>> = { a: 'а', c: 'с', e: 'е', i: 'и', k: 'к', o: 'о', p: 'р', x: 'х', y: 'у', h: 'н', m: 'м', t: 'т', b: 'в' };

// Longest first: "shch" before "sh", "sh" before "s".
const LATIN_DIGRAPHS: readonly (readonly [string, string])[] = [
  ['shch', 'щ'],
  ['sch', 'щ'],
  ['sh', 'ш'],
  ['ch', 'ч'],
  ['zh', 'ж'],
  ['kh', 'х'],
  ['ts', 'ц'],
  ['ya', 'я'],
  ['ia', 'я'],
  ['yu', 'ю'],
  ['iu', 'ю'],
  ['yo', 'е'],
  ['ye', 'е'],
  ['iy', 'ий'],
  ['yy', 'ый'],
  ['oy', 'ой'],
  ['ey', 'ей'],
  ['ay', 'ай'],
  ['ei', 'ей'],
  ['ai', 'ай'],
];
const LATIN_LETTER: Readonly<Record<string, string>> = {
  a: 'а',
  b: 'б',
  c: 'ц',
  d: 'д',
  e: 'е',
  f: 'ф',
  g: 'г',
  h: 'х',
  i: 'и',
  j: 'ж',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  p: 'п',
  q: 'к',
  r: 'р',
  s: 'с',
  t: 'т',
  u: 'у',
  v: 'в',
  w: 'у',
  x: 'кс',
  y: 'ы',
  z: 'з',
  "'": 'ь',
};

const CYRILLIC = /[\u0400-\u04ff]/;
const LATIN = /[a-z]/;

/** A word written in Latin letters, in Cyrillic: "jer uchaskesi" -> "жер учаскеси", "vody" -> "воды". */
export function transliterate(word: string): string {
  let out = '';
  for (let i = 0; i < word.length;) {
    const digraph = LATIN_DIGRAPHS.find(([latin]) => word.startsWith(latin, i));
    if (digraph) {
      out += digraph[1];
      i += digraph[0].length;
      continue;
    }
    out += LATIN_LETTER[word[i]] ?? word[i];
    i++;
  }
  return out;
}

function foldWord(word: string): string {
  let w = word;
  if (LATIN.test(w)) {
    // Strip the accents of the Kazakh Latin alphabet (á, ó, ú, ǵ, ń, ı) before reading it.
    w = w
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replaceAll('ı', 'i');
    w = CYRILLIC.test(w) ? w.replace(/[a-z]/g, (c) => HOMOGLYPH[c] ?? c) : transliterate(w);
  }
  let out = '';
  for (const c of w) out += KAZAKH_FOLD[c] ?? c;
  return out;
}

/** The words of a text, folded; digits and punctuation separate words, a hyphen too. */
export function normalizedWords(text: string): string[] {
  const words = text.toLowerCase().split(/[^\p{L}']+/u);
  const out: string[] = [];
  for (const w of words) {
    const clean = w.replaceAll("'", '');
    if (clean !== '') out.push(foldWord(clean));
  }
  return out;
}

/** The folded text, words separated by one space. */
export function normalizeText(text: string): string {
  return normalizedWords(text).join(' ');
}
