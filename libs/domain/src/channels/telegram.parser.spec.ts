import { readFileSync } from 'node:fs';
import { parseTelegram } from './telegram.parser.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../../test/fixtures/channels/telegram/${name}`, import.meta.url), 'utf8'));
const at = (unix: number): Date => new Date(unix * 1000);

const GROUP = { id: -1001873345777, title: 'Сарысу ауданы — пікірлер', type: 'supergroup' };
const CHANNEL = { id: -1001873345001, title: 'Сарысу ауданының әкімдігі', type: 'channel', username: 'sarysu_akimat' };
const MEIRAMGUL = { id: 5099123456, is_bot: false, first_name: 'Мейрамгүл', last_name: 'Әбдіқадыр' };
const residentComment = { message_id: 519, from: MEIRAMGUL, chat: GROUP, date: 1764041234, text: 'Көше шамдары жанбайды.' };
const update = (kind: string, message: Record<string, unknown>): unknown => ({ update_id: 730011300, [kind]: message });

describe('Telegram parser', () => {
  it('reads a discussion-group comment under the forwarded channel post as a top-level comment', () => {
    expect(parseTelegram(fixture('discussion-comment-kk.json'))).toEqual([
      {
        type: 'message',
        key: 'message:-1001873345777:519',
        externalId: '-1001873345777:519',
        pageExternalId: '-1001873345777',
        parentExternalId: null,
        author: { name: 'Мейрамгүл Әбдіқадыр', externalId: '5099123456' },
        text: 'Жаңатас қаласында көше шамдары бір айдан бері жанбайды. Кешке балалар қараңғыда жүреді.',
        receivedAt: at(1764041234),
      },
    ]);
  });

  it('reads a private message to the bot without a page', () => {
    expect(parseTelegram(fixture('private-message-ru.json'))).toEqual([
      {
        type: 'message',
        key: 'message:6011223344:77',
        externalId: '6011223344:77',
        pageExternalId: null,
        parentExternalId: null,
        author: { name: 'Андрей', externalId: '6011223344' },
        text: 'Здравствуйте. Подал заявление на земельный участок под ИЖС в марте, ответа до сих пор нет. Номер заявки 4512.',
        receivedAt: at(1764041300),
      },
    ]);
  });

  it("ignores the akimat's own channel post", () => {
    expect(parseTelegram(fixture('channel-post.json'))).toEqual([{ type: 'ignored', key: 'ignored:730011203', reason: "the akimat's own channel post" }]);
  });

  it("links a reply under another resident's comment to it", () => {
    const reply = {
      message_id: 530,
      from: { id: 42, is_bot: false, first_name: 'Асқар' },
      chat: GROUP,
      date: 1764042000,
      text: 'Біздің көшеде де солай',
      reply_to_message: residentComment,
    };
    expect(parseTelegram(update('message', reply))).toMatchObject([
      { type: 'message', externalId: '-1001873345777:530', parentExternalId: '-1001873345777:519', author: { name: 'Асқар', externalId: '42' } },
    ]);
  });

  it("reads the channel's signed reply to a resident as the public response", () => {
    const reply = {
      message_id: 531,
      sender_chat: CHANNEL,
      from: { id: 136817688, is_bot: true, first_name: 'Channel' },
      chat: GROUP,
      date: 1764043000,
      text: 'Мәселе тұрғын үй-коммуналдық бөліміне жіберілді.',
      reply_to_message: residentComment,
    };
    expect(parseTelegram(update('message', reply))).toEqual([
      {
        type: 'page_reply',
        key: 'page_reply:-1001873345777:531',
        externalId: '-1001873345777:531',
        pageExternalId: '-1001873345777',
        parentExternalId: '-1001873345777:519',
        text: reply.text,
        at: at(1764043000),
      },
    ]);
  });

  it('reads an edited message as an edit keyed by its edit time', () => {
    const edited = { ...residentComment, edit_date: 1764041500, text: 'Көше шамдары екі айдан бері жанбайды.' };
    const written = {
      externalId: '-1001873345777:519',
      pageExternalId: '-1001873345777',
      parentExternalId: null,
      author: { name: 'Мейрамгүл Әбдіқадыр', externalId: '5099123456' },
      text: edited.text,
      receivedAt: at(1764041234),
    };
    expect(parseTelegram(update('edited_message', edited))).toEqual([
      { type: 'edit', key: 'edit:-1001873345777:519:1764041500', externalId: '-1001873345777:519', text: edited.text, at: at(1764041500), original: written },
    ]);
  });

  it('takes the caption of a photo as its text', () => {
    const photo = { message_id: 77, from: MEIRAMGUL, chat: GROUP, date: 1764041234, photo: [{ file_id: 'f' }], caption: 'Жол осындай' };
    expect(parseTelegram(update('message', photo))).toMatchObject([{ type: 'message', text: 'Жол осындай' }]);
  });

  it.each([
    [
      'the automatic forward of a channel post',
      {
        message_id: 512,
        from: { id: 777000, is_bot: false, first_name: 'Telegram' },
        sender_chat: CHANNEL,
        chat: GROUP,
        date: 1764040000,
        is_automatic_forward: true,
        text: 'Кесте',
      },
    ],
    ["the channel's message that answers no resident", { message_id: 532, sender_chat: CHANNEL, chat: GROUP, date: 1764043000, text: 'Құрметті тұрғындар!' }],
    ['an anonymous group admin', { message_id: 533, sender_chat: GROUP, chat: GROUP, date: 1764043000, text: 'Ескерту' }],
    ['a sticker', { message_id: 534, from: MEIRAMGUL, chat: GROUP, date: 1764043000, sticker: { file_id: 's' } }],
    ["a bot's message", { message_id: 535, from: { id: 9, is_bot: true, first_name: 'Bot' }, chat: GROUP, date: 1764043000, text: 'Сәлем' }],
  ])('ignores %s', (_what, message) => {
    expect(parseTelegram(update('message', message))).toEqual([{ type: 'ignored', key: 'ignored:730011300', reason: expect.any(String) }]);
  });

  it('ignores update kinds it does not follow', () => {
    expect(parseTelegram({ update_id: 5, my_chat_member: { chat: GROUP } })).toEqual([
      { type: 'ignored', key: 'ignored:5', reason: 'Telegram my_chat_member updates are not followed' },
    ]);
  });

  it.each([
    ['an array', [], /Telegram update must be a JSON object/],
    ['no update_id', { message: residentComment }, /Telegram update\.update_id must be an integer/],
    ['nothing but update_id', { update_id: 5 }, /holds nothing besides update_id/],
    ['a message without a chat', update('message', { message_id: 1, date: 1, text: 'x' }), /message\.chat must be a JSON object/],
    ['an edit without its edit date', update('edited_message', residentComment), /edited_message\.edit_date must be an integer/],
  ])('refuses a malformed body (%s) with a validation error', (_what, body, message) => {
    expect(() => parseTelegram(body)).toThrow(expect.objectContaining({ code: 'validation', message: expect.stringMatching(message) }));
  });

  it("gives a private message to a bot on its own webhook path to that bot's page", () => {
    const privateMessage = {
      message_id: 12,
      from: MEIRAMGUL,
      chat: { id: MEIRAMGUL.id, type: 'private', first_name: 'Мейрамгүл' },
      date: 1764041300,
      text: 'Су жоқ',
    };
    expect(parseTelegram({ update_id: 1, tynda_bot_page: '-1001873345777', message: privateMessage })).toEqual([
      expect.objectContaining({ type: 'message', externalId: `${MEIRAMGUL.id}:12`, pageExternalId: '-1001873345777' }),
    ]);
    expect(parseTelegram({ update_id: 1, message: privateMessage })).toEqual([expect.objectContaining({ pageExternalId: null })]);
    expect(parseTelegram({ update_id: 2, tynda_bot_page: '-1', my_chat_member: {} })).toEqual([
      expect.objectContaining({ type: 'ignored', reason: 'Telegram my_chat_member updates are not followed' }),
    ]);
  });
});
