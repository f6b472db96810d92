import type { ChannelEvent } from '../channel-event.js';
import { editEvent, ignoredEvent, messageEvent, pageReplyEvent, type ParseContext, Payload, removeEvent, textOf } from './payload.js';

/**
 * A VK Callback API event: comments on an akimat community's wall. The `confirmation` handshake is
 * answered by the controller; here it is only recognised.
 */
export function parseVk(body: unknown, ctx: ParseContext = {}): ChannelEvent[] {
  const event = Payload.of(body, 'VK event');
  const receivedAt = ctx.receivedAt ?? new Date();
  const type = event.str('type');
  const groupId = event.num('group_id');
  switch (type) {
    case 'wall_reply_new':
    case 'wall_reply_edit':
      return [wallReply(event, groupId, receivedAt)];
    case 'wall_reply_delete': {
      const comment = event.obj('object');
      // A deletion carries no time of its own.
      return [removeEvent(commentId(comment, comment.num('id')), receivedAt)];
    }
    case 'confirmation':
      return [ignoredEvent('the VK confirmation handshake, answered by the controller', type, groupId)];
    default:
      return [ignoredEvent(`VK ${type} events are not followed`, type, event.optStr('event_id') ?? groupId)];
  }
}

/** VK numbers comments per wall post: only owner, post and comment together name one. */
const commentId = (comment: Payload, id: number): string => `${comment.num('owner_id')}_${comment.num('post_id')}_${id}`;

function wallReply(event: Payload, groupId: number, receivedAt: Date): ChannelEvent {
  const isEdit = event.str('type') === 'wall_reply_edit';
  const comment = event.obj('object');
  const externalId = commentId(comment, comment.num('id'));
  const text = textOf(comment.str('text'));
  if (text === null) return ignoredEvent('a VK comment without text', externalId, event.optStr('event_id'));
  const replyTo = comment.optNum('reply_to_comment');
  const parentExternalId = replyTo === null ? null : commentId(comment, replyTo);
  const fromId = comment.num('from_id');
  const pageExternalId = String(groupId);
  // `date` is when the comment was first written, even in an edit.
  const writtenAt = comment.time('date');
  if (fromId === -groupId) {
    if (!isEdit && parentExternalId !== null) return pageReplyEvent({ externalId, pageExternalId, parentExternalId, text, at: writtenAt });
    return ignoredEvent("the community's own comment", externalId, event.optStr('event_id'));
  }
  // VK sends no name; `id<number>` is how VK itself links to a profile.
  const written = { externalId, pageExternalId, parentExternalId, author: { name: `id${fromId}`, externalId: String(fromId) }, text, receivedAt: writtenAt };
  // Every edit keeps the original `date`: only the event id tells one edit from the next.
  return isEdit ? editEvent(written, event.str('event_id'), receivedAt) : messageEvent(written);
}
