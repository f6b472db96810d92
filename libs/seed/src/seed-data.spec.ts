import { CATEGORIES, DEPARTMENTS, DISTRICTS, PAGES, REPLY_TEMPLATES, RESIDENT_NAMES, SLA_POLICIES, TICKET_TEXTS } from './seed-data.js';

const duplicates = (values: readonly string[]): string[] => values.filter((v, i) => values.indexOf(v) !== i);

describe('seed data', () => {
  it('has unique codes for districts, departments and categories', () => {
    expect(duplicates(DISTRICTS.map((d) => d.code))).toEqual([]);
    expect(duplicates(DEPARTMENTS.map((d) => d.code))).toEqual([]);
    expect(duplicates(CATEGORIES.map((c) => c.code))).toEqual([]);
    for (const { code } of [...DISTRICTS, ...DEPARTMENTS, ...CATEGORIES]) expect(code).toMatch(/^[a-z][a-z0-9-]*$/);
  });

  it('covers the ten districts of Zhambyl region and the city of Taraz', () => {
    expect(DISTRICTS.map((d) => d.code).sort()).toEqual(
      ['baizak', 'kordai', 'merki', 'moiynkum', 'sarysu', 'shu', 't-ryskulov', 'talas', 'taraz', 'zhambyl', 'zhualy'].sort(),
    );
  });

  it('maps every category to an existing department, except `other`', () => {
    const departments = new Set(DEPARTMENTS.map((d) => d.code));
    for (const c of CATEGORIES) {
      if (c.code === 'other') expect(c.departmentCode).toBeNull();
      else expect(departments.has(c.departmentCode ?? '')).toBe(true);
    }
    expect(CATEGORIES.map((c) => c.code).sort()).toEqual(['agriculture', 'education', 'health', 'land', 'other', 'roads', 'social', 'utilities', 'water']);
  });

  it('keeps keyword stems lowercase, trimmed and unique per category', () => {
    for (const c of CATEGORIES) {
      for (const stem of c.keywords) expect(stem).toBe(stem.trim().toLowerCase());
      expect(duplicates(c.keywords)).toEqual([]);
      if (c.code !== 'other') expect(c.keywords.length).toBeGreaterThan(0);
    }
  });

  it('tags every ticket text with a known category and district', () => {
    const categories = new Set(CATEGORIES.map((c) => c.code));
    const districts = new Set(DISTRICTS.map((d) => d.code));
    for (const t of TICKET_TEXTS) {
      expect(categories.has(t.categoryCode)).toBe(true);
      expect(districts.has(t.districtCode)).toBe(true);
      expect(t.locality.trim()).not.toBe('');
      // Only comments nobody acts on (category `other`) say why they get rejected.
      expect(t.rejection !== undefined).toBe(t.categoryCode === 'other');
    }
  });

  it('has at least 40 distinct resident comments, several from Koragaty about land', () => {
    expect(new Set(TICKET_TEXTS.map((t) => t.text)).size).toBe(TICKET_TEXTS.length);
    expect(TICKET_TEXTS.length).toBeGreaterThanOrEqual(40);
    expect(TICKET_TEXTS.filter((t) => t.locality === 'Қорағаты' && t.categoryCode === 'land' && t.districtCode === 'merki').length).toBeGreaterThanOrEqual(3);
    expect(RESIDENT_NAMES.length).toBe(new Set(RESIDENT_NAMES).size);
  });

  it('contains the fixture pages with their districts', () => {
    const page = (channel: string, externalId: string) => PAGES.find((p) => p.channel === channel && p.externalId === externalId)?.districtCode;
    expect(page('facebook', '104538291276431')).toBe('merki');
    expect(page('facebook', '100871455329018')).toBe('t-ryskulov');
    expect(page('instagram', '17841405822304914')).toBe('zhualy');
    expect(page('telegram', '-1001873345001')).toBe('sarysu');
    expect(page('vk', '218455001')).toBe('zhambyl');
  });

  it('gives every district one Facebook and one Instagram page, with unique numeric ids per channel', () => {
    for (const d of DISTRICTS) {
      expect(PAGES.filter((p) => p.districtCode === d.code && p.channel === 'facebook')).toHaveLength(1);
      expect(PAGES.filter((p) => p.districtCode === d.code && p.channel === 'instagram')).toHaveLength(1);
    }
    expect(duplicates(PAGES.map((p) => `${p.channel}:${p.externalId}`))).toEqual([]);
    for (const p of PAGES) expect(p.externalId).toMatch(/^-?\d+$/);
  });

  it('has exactly one default SLA policy and reply templates in both languages', () => {
    expect(SLA_POLICIES.filter((p) => p.isDefault)).toHaveLength(1);
    for (const templates of Object.values(REPLY_TEMPLATES)) {
      expect(templates.kk.length).toBeGreaterThan(0);
      expect(templates.ru.length).toBeGreaterThan(0);
    }
  });
});
