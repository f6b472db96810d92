import { readFileSync } from 'node:fs';
import { parseInstagram } from './instagram.parser.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../../test/fixtures/channels/instagram/${name}`, import.meta.url), 'utf8'));

const ZHUALY = '17841405822304914';
const FIRST_COMMENT = '17865799348089039';
const change = (field: string, value: Record<string, unknown>): unknown => ({
  object: 'instagram',
  entry: [{ id: ZHUALY, time: 1764047000, changes: [{ field, value }] }],
});

describe('Instagram parser', () => {
  it('reads a comment under an akimat post (school heating, Kazakh)', () => {
    expect(parseInstagram(fixture('comments-kk.json'))).toEqual([
      {
        type: 'message',
        key: `message:${FIRST_COMMENT}`,
        externalId: FIRST_COMMENT,
        pageExternalId: ZHUALY,
        parentExternalId: null,
        author: { name: 'nurlan_b_zhualy', externalId: '17841400008460056' },
        text: 'Бауыржан Момышұлы ауылындағы мектепке жылу қашан беріледі? Балалар тоңып отыр.',
        receivedAt: new Date(1764046000 * 1000),
      },
    ]);
  });

  it("links a resident's reply to the comment it answers", () => {
    expect(parseInstagram(fixture('comments-reply-ru.json'))).toEqual([
      {
        type: 'message',
        key: 'message:17865799348089555',
        externalId: '17865799348089555',
        pageExternalId: ZHUALY,
        parentExternalId: FIRST_COMMENT,
        author: { name: 'asel.k', externalId: '17841400008460999' },
        text: 'Поддерживаю, в школе №3 тоже холодно.',
        receivedAt: new Date(1764046300 * 1000),
      },
    ]);
  });

  it("reads the account's own reply as the public response, also from live comments", () => {
    const reply = { from: { id: ZHUALY, username: 'zhualy_akimat' }, id: '1786', parent_id: FIRST_COMMENT, text: 'Сұрағыңыз білім бөліміне жіберілді.' };
    expect(parseInstagram(change('live_comments', reply))).toEqual([
      {
        type: 'page_reply',
        key: 'page_reply:1786',
        externalId: '1786',
        pageExternalId: ZHUALY,
        parentExternalId: FIRST_COMMENT,
        text: reply.text,
        at: new Date(1764047000 * 1000),
      },
    ]);
  });

  it.each([
    ["the account's own top-level comment", change('comments', { from: { id: ZHUALY, username: 'zhualy_akimat' }, id: '1787', text: 'Құрметті тұрғындар!' })],
    ['a mention', change('mentions', { media_id: '180', comment_id: '1788' })],
    ['a comment without text', change('comments', { from: { id: '1', username: 'a' }, id: '1789' })],
  ])('ignores %s with a reason', (_what, body) => {
    expect(parseInstagram(body)).toEqual([{ type: 'ignored', key: expect.stringMatching(/^ignored:/), reason: expect.any(String) }]);
  });

  it.each([
    ['a Page delivery', { object: 'page', entry: [] }, /object must be "instagram", got "page"/],
    ['an entry without changes', { object: 'instagram', entry: [{ id: ZHUALY, time: 1 }] }, /entry\[0\]\.changes must be an array/],
    ['a comment without an author', change('comments', { id: '1790', text: 'x' }), /value\.from must be a JSON object/],
  ])('refuses a malformed body (%s) with a validation error', (_what, body, message) => {
    expect(() => parseInstagram(body)).toThrow(expect.objectContaining({ code: 'validation', message: expect.stringMatching(message) }));
  });
});
