import type { ChannelEvent } from '../channel-event.js';
import { DomainError } from '../errors.js';
import { editEvent, ignoredEvent, messageEvent, pageReplyEvent, Payload, textOf } from './payload.js';

/**
 * A Telegram Bot API Update: comments in the discussion group linked to an akimat's channel, and
 * private messages to its bot. Telegram sends one update per delivery.
 */
export function parseTelegram(body: unknown): ChannelEvent[] {
  const update = Payload.of(body, 'Telegram update');
  const updateId = update.num('update_id');
  const botPage = update.optStr(BOT_PAGE_FIELD);
  const message = update.optObj('message');
  if (message) return [messageUpdate(message, updateId, null, botPage)];
  const edited = update.optObj('edited_message');
  if (edited) return [messageUpdate(edited, updateId, edited.num('edit_date'), botPage)];
  if (update.has('channel_post') || update.has('edited_channel_post')) return [ignoredEvent("the akimat's own channel post", updateId)];
  const kind = update.keys().find((k) => k !== 'update_id' && k !== BOT_PAGE_FIELD);
  if (kind === undefined) throw new DomainError('validation', 'Telegram update holds nothing besides update_id');
  return [ignoredEvent(`Telegram ${kind} updates are not followed`, updateId)];
}

/**
 * Added by the API to an update that came to a bot's own webhook path (Telegram does not sign the
 * body): the external id of that bot's page, so a private message to it belongs to the page's
 * district and is answered by that bot.
 */
export const BOT_PAGE_FIELD = 'tynda_bot_page';

/** `editDate` (unix seconds) is set for an `edited_message`. */
function messageUpdate(msg: Payload, updateId: number, editDate: number | null, botPage: string | null): ChannelEvent {
  const chat = msg.obj('chat');
  const chatId = chat.id('id');
  const externalId = `${chatId}:${msg.num('message_id')}`;
  const pageExternalId = chat.str('type') === 'private' ? botPage : chatId;
  // The channel's post copied into its discussion group: the thread's head, not a comment.
  if (msg.flag('is_automatic_forward')) return ignoredEvent('the automatic forward of a channel post into its discussion group', updateId);
  const text = textOf(msg.optStr('text') ?? msg.optStr('caption'));
  if (text === null) return ignoredEvent('a Telegram message without text (a sticker, a photo alone, a service message)', updateId);
  const reply = msg.optObj('reply_to_message');
  const parentExternalId = reply && isResidentMessage(reply) ? `${chatId}:${reply.num('message_id')}` : null;
  const sentAt = msg.time('date');

  if (speaksForAkimat(msg, chatId)) {
    if (editDate === null && parentExternalId !== null && pageExternalId !== null) {
      return pageReplyEvent({ externalId, pageExternalId, parentExternalId, text, at: sentAt });
    }
    return ignoredEvent("the akimat's own message in its discussion group", updateId);
  }
  const from = msg.obj('from');
  if (from.flag('is_bot')) return ignoredEvent("a bot's message", updateId);
  const name = [from.str('first_name'), from.optStr('last_name')].filter((part) => part).join(' ');
  const written = { externalId, pageExternalId, parentExternalId, author: { name, externalId: from.id('id') }, text, receivedAt: sentAt };
  return editDate === null ? messageEvent(written) : editEvent(written, editDate, new Date(editDate * 1000));
}

/**
 * Signed by a channel (the akimat's, linked to the group) or by the group itself (an anonymous
 * admin): either way the akimat speaking, not a resident.
 */
function speaksForAkimat(msg: Payload, chatId: string): boolean {
  const sender = msg.optObj('sender_chat');
  return sender !== null && (sender.str('type') === 'channel' || sender.id('id') === chatId);
}

/** A reply to the channel's forwarded post, to the akimat or to a bot starts a thread of its own. */
function isResidentMessage(msg: Payload): boolean {
  const from = msg.optObj('from');
  return !msg.flag('is_automatic_forward') && !msg.has('sender_chat') && from !== null && !from.flag('is_bot');
}
