import { boundAfter, compareFailures, deliveryPreview, mergeNewestFirst, withinBound, type FailureKind, type FailurePosition } from './failures.js';

const at = (s: number) => new Date(Date.UTC(2026, 2, 1, 9, 0, s));
const item = (kind: FailureKind, id: string, s: number): FailurePosition => ({ kind, id, failedAt: at(s) });

describe('the failures list', () => {
  it('orders newest first, then delivery, job, reply, then by id descending (delivery ids as numbers)', () => {
    const items = [
      item('reply', 'b', 5),
      item('delivery', '9', 5),
      item('delivery', '10', 5),
      item('job', 'sla/x', 5),
      item('job', 'assignment/y', 7),
      item('reply', 'a', 5),
    ];
    expect(items.sort(compareFailures).map((i) => `${i.kind}:${i.id}`)).toEqual([
      'job:assignment/y',
      'delivery:10',
      'delivery:9',
      'job:sla/x',
      'reply:b',
      'reply:a',
    ]);
  });

  it('pages through ties at the same millisecond across kinds without losing or repeating an item', () => {
    const everything = [
      item('delivery', '3', 5),
      item('delivery', '12', 5),
      item('job', 'outbound/o-1', 5),
      item('reply', 'r2', 5),
      item('reply', 'r1', 4),
      item('job', 'sla/s', 9),
      item('delivery', '1', 2),
    ];
    const seen: string[] = [];
    let cursor: FailurePosition | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const sources = (['delivery', 'job', 'reply'] as const).map((kind) =>
        everything
          .filter((i) => i.kind === kind && withinBound(kind, i, boundAfter(kind, cursor)))
          .sort(compareFailures)
          .slice(0, 3),
      );
      const page: { items: FailurePosition[]; more: boolean } = mergeNewestFirst(sources, 2);
      seen.push(...page.items.map((i) => `${i.kind}:${i.id}`));
      if (!page.more) break;
      cursor = page.items.at(-1)!;
    }
    expect(seen).toEqual(['job:sla/s', 'delivery:12', 'delivery:3', 'job:outbound/o-1', 'reply:r2', 'reply:r1', 'delivery:1']);
  });

  it('bounds each kind after a cursor: strictly older for kinds listed before, as old for kinds after', () => {
    const cursor = item('job', 'outbound/o-1', 5);
    expect(boundAfter('delivery', cursor)).toEqual({ failedAt: at(5), inclusive: false, idBelow: null });
    expect(boundAfter('reply', cursor)).toEqual({ failedAt: at(5), inclusive: true, idBelow: null });
    expect(boundAfter('job', cursor)).toEqual({ failedAt: at(5), inclusive: false, idBelow: 'outbound/o-1' });
    expect(boundAfter('job', null)).toBeNull();
    expect(withinBound('delivery', { id: '1', failedAt: at(5) }, boundAfter('delivery', cursor))).toBe(false);
    expect(withinBound('delivery', { id: '1', failedAt: at(4) }, boundAfter('delivery', cursor))).toBe(true);
  });
});

describe('deliveryPreview', () => {
  it("hides VK's secret and any token, folds whitespace and cuts the text", () => {
    const vk = '{"type":"wall_reply_new","object":{"text":"Жол  жоқ"},\n "group_id":218455001,"secret":"tynda-fixture-vk-secret","access_token": 12345}';
    const preview = deliveryPreview(vk);
    expect(preview).toBe('{"type":"wall_reply_new","object":{"text":"Жол жоқ"}, "group_id":218455001,"secret":"***","access_token": "***"}');
    expect(preview).not.toContain('tynda-fixture-vk-secret');
    expect(deliveryPreview('x'.repeat(500), 20)).toBe(`${'x'.repeat(19)}…`);
  });

  it('hides a secret cut off by the truncated body', () => {
    expect(deliveryPreview('{"object":{},"secret":"tynda-fix')).toBe('{"object":{},"secret":"***"');
  });
});
