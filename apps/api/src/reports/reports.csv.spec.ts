import { csvCell, csvDocument } from './reports.csv.js';

describe('report CSV', () => {
  it('quotes separators, quotes and line breaks, and leaves plain cells alone', () => {
    expect(csvCell('Меркі ауданы')).toBe('Меркі ауданы');
    expect(csvCell('Жуалы, "ресми"')).toBe('"Жуалы, ""ресми"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(0.6667)).toBe('0.6667');
  });

  it('keeps a text that looks like a formula from running, but not a negative number', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+7 701 555')).toBe("'+7 701 555");
    expect(csvCell('@admin')).toBe("'@admin");
    expect(csvCell(-1800)).toBe('-1800');
  });

  it('writes a BOM, the key-value lines, then each table a blank line apart, CRLF throughout', () => {
    const doc = csvDocument(
      [
        ['report', 'sla'],
        ['districtId', null],
      ],
      [
        { header: ['a', 'b'], rows: [[1, 'x']] },
        { title: 'Аудандар', header: ['c'], rows: [] },
      ],
    );
    expect(doc).toBe('\uFEFFreport,sla\r\ndistrictId,\r\n\r\na,b\r\n1,x\r\n\r\nАудандар\r\nc\r\n');
  });
});
