import { readFileSync } from 'node:fs';
import type { RemoveEvent } from '../channel-event.js';
import { parseDelivery } from './index.js';
import { parseVk } from './vk.parser.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../../test/fixtures/channels/vk/${name}`, import.meta.url), 'utf8'));

const receivedAt = new Date('2025-11-25T05:00:00Z');
const ctx = { receivedAt };
const comment = {
  id: 3301,
  from_id: 712003344,
  post_id: 1450,
  owner_id: -218455001,
  date: 1764042000,
  text: 'Добрый день! В селе Аса уже неделю не вывозят мусор.',
};
const event = (type: string, object: Record<string, unknown>, eventId = 'e-1'): unknown => ({
  type,
  event_id: eventId,
  v: '5.199',
  group_id: 218455001,
  object,
});

describe('VK parser', () => {
  it('reads a wall comment of a resident', () => {
    expect(parseVk(fixture('wall-reply-new-ru.json'), ctx)).toEqual([
      {
        type: 'message',
        key: 'message:-218455001_1450_3301',
        externalId: '-218455001_1450_3301',
        pageExternalId: '218455001',
        parentExternalId: null,
        author: { name: 'id712003344', externalId: '712003344' },
        text: 'Добрый день! В селе Аса (Жамбылский район) уже неделю не вывозят мусор.',
        receivedAt: new Date(1764042000 * 1000),
      },
    ]);
  });

  it('recognises the confirmation handshake without acting on it', () => {
    expect(parseVk(fixture('confirmation.json'), ctx)).toEqual([
      { type: 'ignored', key: 'ignored:confirmation:218455001', reason: 'the VK confirmation handshake, answered by the controller' },
    ]);
  });

  it('links a reply to the comment it answers', () => {
    const reply = { ...comment, id: 3310, from_id: 55, reply_to_comment: 3301, reply_to_user: 712003344 };
    expect(parseVk(event('wall_reply_new', reply), ctx)).toMatchObject([
      { type: 'message', externalId: '-218455001_1450_3310', parentExternalId: '-218455001_1450_3301' },
    ]);
  });

  it("reads the community's reply to a resident as the public response", () => {
    const reply = { ...comment, id: 3320, from_id: -218455001, date: 1764045000, text: 'Коммуналдық қызметке жіберілді.', reply_to_comment: 3301 };
    expect(parseVk(event('wall_reply_new', reply), ctx)).toEqual([
      {
        type: 'page_reply',
        key: 'page_reply:-218455001_1450_3320',
        externalId: '-218455001_1450_3320',
        pageExternalId: '218455001',
        parentExternalId: '-218455001_1450_3301',
        text: reply.text,
        at: new Date(1764045000 * 1000),
      },
    ]);
  });

  it('reads an edit, keyed by its event id because every edit keeps the original date', () => {
    const edited = { ...comment, text: 'Мусор не вывозят уже две недели.' };
    const original = {
      externalId: '-218455001_1450_3301',
      pageExternalId: '218455001',
      parentExternalId: null,
      author: { name: 'id712003344', externalId: '712003344' },
      text: edited.text,
      receivedAt: new Date(1764042000 * 1000),
    };
    expect(parseVk(event('wall_reply_edit', edited, 'e-edit-1'), ctx)).toEqual([
      { type: 'edit', key: 'edit:-218455001_1450_3301:e-edit-1', externalId: '-218455001_1450_3301', text: edited.text, at: receivedAt, original },
    ]);
    expect(parseVk(event('wall_reply_edit', edited, 'e-edit-2'), ctx)[0]).toMatchObject({ key: 'edit:-218455001_1450_3301:e-edit-2' });
  });

  it('reads a deletion at the time the delivery was received', () => {
    const deleted = { id: 3301, owner_id: -218455001, post_id: 1450, deleter_id: 712003344 };
    expect(parseDelivery('vk', event('wall_reply_delete', deleted), ctx)).toEqual([
      { type: 'remove', key: 'remove:-218455001_1450_3301', externalId: '-218455001_1450_3301', at: receivedAt },
    ]);
  });

  it('dates a deletion now when the caller gives no time', () => {
    const before = Date.now();
    const [removed] = parseDelivery('vk', event('wall_reply_delete', { id: 1, owner_id: -218455001, post_id: 1450, deleter_id: 5 }));
    expect(removed).toMatchObject({ type: 'remove', at: expect.any(Date) });
    expect((removed as RemoveEvent).at.getTime()).toBeGreaterThanOrEqual(before);
  });

  it.each([
    ["the community's own top-level comment", event('wall_reply_new', { ...comment, from_id: -218455001 })],
    ['a comment with only a photo', event('wall_reply_new', { ...comment, text: '', attachments: [{ type: 'photo' }] })],
    ['an event type it does not follow', event('wall_post_new', { id: 1450 })],
  ])('ignores %s', (_what, body) => {
    expect(parseVk(body, ctx)).toEqual([{ type: 'ignored', key: expect.stringMatching(/^ignored:\S+$/), reason: expect.any(String) }]);
  });

  it.each([
    ['no group id', { type: 'wall_reply_new', object: comment }, /VK event\.group_id must be an integer/],
    ['a comment without its post', event('wall_reply_new', { ...comment, post_id: undefined }), /VK event\.object\.post_id must be an integer/],
    ['an edit without its event id', { type: 'wall_reply_edit', group_id: 218455001, object: comment }, /VK event\.event_id must be a string/],
  ])('refuses a malformed body (%s) with a validation error', (_what, body, message) => {
    expect(() => parseVk(body, ctx)).toThrow(expect.objectContaining({ code: 'validation', message: expect.stringMatching(message) }));
  });
});
