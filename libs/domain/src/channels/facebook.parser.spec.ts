import { readFileSync } from 'node:fs';
import { parseDelivery } from './index.js';
import { parseFacebook } from './facebook.parser.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../../../test/fixtures/channels/facebook/${name}`, import.meta.url), 'utf8'));
const at = (unix: number): Date => new Date(unix * 1000);

const MERKI = '104538291276431';
const POST = '104538291276431_1029384756102938';
const AIGUL_COMMENT = '1029384756102938_2211334455667788';
const AIGUL = { name: 'Айгүл Сәрсенбаева', externalId: '6158203317744291' };
const KORAGATY = 'Сәлеметсіз бе, әкім мырза! Қорағаты ауылында жер учаскелері бойынша дау әлі шешілмеді.';

/** One feed change on the Merki page, for the cases the fixtures lack. */
const feed = (value: Record<string, unknown>, field = 'feed'): unknown => ({
  object: 'page',
  entry: [{ id: MERKI, time: 1764050000, changes: [{ field, value }] }],
});
const resident = { from: { id: '7312004598821144', name: 'Сергей Ким' }, post_id: POST };

describe('Facebook parser', () => {
  it('reads a resident comment written with \\u escapes (the Koragaty land dispute)', () => {
    expect(parseFacebook(fixture('feed-comment-kk.json'))).toEqual([
      {
        type: 'message',
        key: `message:${AIGUL_COMMENT}`,
        externalId: AIGUL_COMMENT,
        pageExternalId: MERKI,
        parentExternalId: null,
        author: AIGUL,
        text: `${KORAGATY} Жер беру туралы шешім қашан шығады? Құжаттар: https://egov.kz/cms/kk`,
        receivedAt: at(1764044990),
      },
    ]);
  });

  it('reads every change of every entry of a batch, in order', () => {
    const aigulEdit = `${KORAGATY} Жер беру туралы шешім қашан шығады? 40 отбасы күтіп отыр.`;
    expect(parseFacebook(fixture('feed-batch-ru.json'))).toEqual([
      {
        type: 'message',
        key: 'message:1029384756102938_2211334455669901',
        externalId: '1029384756102938_2211334455669901',
        pageExternalId: MERKI,
        parentExternalId: null,
        author: { name: 'Сергей Ким', externalId: '7312004598821144' },
        text: 'Когда отремонтируют дорогу по улице Толе би в Мерке? Ямы по колено, третий год обещают.',
        receivedAt: at(1764045580),
      },
      {
        type: 'edit',
        key: `edit:${AIGUL_COMMENT}:1764045590`,
        externalId: AIGUL_COMMENT,
        text: aigulEdit,
        at: at(1764045590),
        original: { externalId: AIGUL_COMMENT, pageExternalId: MERKI, parentExternalId: null, author: AIGUL, text: aigulEdit, receivedAt: at(1764045590) },
      },
      {
        type: 'message',
        key: 'message:100871455329018_2039485761029384',
        externalId: '100871455329018_2039485761029384',
        pageExternalId: '100871455329018',
        parentExternalId: null,
        author: { name: 'Ерлан Тоқтаров', externalId: '5520917730019283' },
        text: 'Құлан ауылында ауыз су үш күннен бері жоқ. Кімге хабарласу керек? / В Кулане третий день нет питьевой воды.',
        receivedAt: at(1764045500),
      },
    ]);
  });

  it("reads the page's own reply under a resident's comment as its public response", () => {
    expect(parseFacebook(fixture('feed-page-reply.json'))).toEqual([
      {
        type: 'page_reply',
        key: 'page_reply:1029384756102938_2211334455670011',
        externalId: '1029384756102938_2211334455670011',
        pageExternalId: MERKI,
        parentExternalId: AIGUL_COMMENT,
        text: 'Айгүл ханым, сұрағыңыз жер қатынастары бөліміне жіберілді. Жауап 3 жұмыс күні ішінде беріледі.',
        at: at(1764052790),
      },
    ]);
  });

  it('reads a removed comment', () => {
    expect(parseFacebook(fixture('feed-comment-remove.json'))).toEqual([
      { type: 'remove', key: 'remove:1029384756102938_2211334455669901', externalId: '1029384756102938_2211334455669901', at: at(1764056390) },
    ]);
  });

  it('links a reply under another resident comment to it', () => {
    const body = feed({
      ...resident,
      item: 'comment',
      verb: 'add',
      comment_id: 'c2',
      parent_id: AIGUL_COMMENT,
      created_time: 1764050000,
      message: 'Поддерживаю',
    });
    expect(parseDelivery('facebook', body)).toMatchObject([{ type: 'message', externalId: 'c2', parentExternalId: AIGUL_COMMENT }]);
  });

  it('treats hidden and deleted comments, and removed visitor posts, as removals', () => {
    for (const verb of ['hide', 'delete']) {
      expect(parseFacebook(feed({ ...resident, item: 'comment', verb, comment_id: 'c3', created_time: 1764050000 }))).toMatchObject([
        { type: 'remove', externalId: 'c3' },
      ]);
    }
    expect(parseFacebook(feed({ ...resident, item: 'status', verb: 'remove' }))).toMatchObject([{ type: 'remove', externalId: POST }]);
  });

  it('falls back to the entry time when a change has none', () => {
    const body = feed({ ...resident, item: 'comment', verb: 'add', comment_id: 'c4', parent_id: POST, message: 'Жол қашан жөнделеді?' });
    expect(parseFacebook(body)).toMatchObject([{ type: 'message', receivedAt: at(1764050000) }]);
  });

  it.each([
    ['a reaction', feed({ ...resident, item: 'reaction', verb: 'add', reaction_type: 'like', created_time: 1764050000 })],
    ['a like', feed({ ...resident, item: 'like', verb: 'add', created_time: 1764050000 })],
    ['a share', feed({ ...resident, item: 'share', verb: 'add', share_id: 's1', created_time: 1764050000 })],
    ["the page's own post", feed({ from: { id: MERKI, name: 'Меркі ауданының әкімдігі' }, item: 'status', verb: 'add', post_id: POST, message: 'Жиналыс' })],
    [
      "the page's own comment under its post",
      feed({ from: { id: MERKI, name: 'Әкімдік' }, item: 'comment', verb: 'add', post_id: POST, comment_id: 'c5', parent_id: POST, message: 'Рахмет' }),
    ],
    ['a photo-only comment', feed({ ...resident, item: 'comment', verb: 'add', comment_id: 'c6', photo: 'https://example.org/p.jpg' })],
    ['an unfollowed field', feed({ ...resident, item: 'rating' }, 'ratings')],
  ])('ignores %s with a reason and a stable key', (_what, body) => {
    const [event, ...rest] = parseFacebook(body);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({ type: 'ignored', key: expect.stringMatching(/^ignored:\S+$/), reason: expect.any(String) });
    expect(parseFacebook(body)).toEqual([event]);
  });

  it.each([
    ['not JSON object', 'page', /Facebook delivery must be a JSON object/],
    ['another object', { object: 'instagram', entry: [] }, /object must be "page", got "instagram"/],
    ['no entries', { object: 'page' }, /Facebook delivery\.entry must be an array/],
    [
      'a comment without its id',
      feed({ ...resident, item: 'comment', verb: 'add', message: 'x' }),
      /entry\[0\]\.changes\[0\]\.value\.comment_id must be an id/,
    ],
    [
      'a comment without its author',
      feed({ item: 'comment', verb: 'add', post_id: POST, comment_id: 'c7', message: 'x' }),
      /value\.from must be a JSON object/,
    ],
  ])('refuses a malformed body (%s) with a validation error', (_what, body, message) => {
    expect(() => parseFacebook(body)).toThrow(expect.objectContaining({ code: 'validation', message: expect.stringMatching(message) }));
  });

  it('reads Messenger direct messages (entry.messaging) as messages to the page, and ignores echoes and receipts', () => {
    const entry = (messaging: unknown[]) => ({ object: 'page', entry: [{ id: MERKI, time: 1764041300123, messaging }] });
    const sender = { id: '7001002003' };
    expect(parseFacebook(entry([{ sender, recipient: { id: MERKI }, timestamp: 1764041300123, message: { mid: 'm_1', text: ' Жарық жоқ ' } }]))).toEqual([
      {
        type: 'message',
        key: 'message:dm:m_1',
        externalId: 'dm:m_1',
        pageExternalId: MERKI,
        parentExternalId: null,
        author: { name: 'id7001002003', externalId: '7001002003' },
        text: 'Жарық жоқ',
        receivedAt: new Date(1764041300123),
      },
    ]);
    const others = parseFacebook(
      entry([
        { sender: { id: MERKI }, recipient: sender, timestamp: 1, message: { mid: 'm_2', text: 'Жауап', is_echo: true } },
        { sender, recipient: { id: MERKI }, timestamp: 2, read: { watermark: 1 } },
        { sender, recipient: { id: MERKI }, timestamp: 3, message: { mid: 'm_3', attachments: [] } },
      ]),
    );
    expect(others.map((e) => e.type)).toEqual(['ignored', 'ignored', 'ignored']);
  });
});
