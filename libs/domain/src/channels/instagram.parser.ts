import type { ChannelEvent } from '../channel-event.js';
import { type MetaChange, metaChanges, metaMessaging } from './meta-delivery.js';
import { ignoredEvent, messageEvent, pageReplyEvent, textOf, unixSeconds } from './payload.js';

const COMMENT_FIELDS = new Set(['comments', 'live_comments']);

/** An Instagram webhook (`object: instagram`): comments under an akimat account's media. */
export function parseInstagram(body: unknown): ChannelEvent[] {
  return [...metaChanges(body, 'instagram', 'Instagram delivery').map(commentChange), ...metaMessaging(body, 'instagram', 'Instagram delivery')];
}

function commentChange({ pageId, entryTime, field, value }: MetaChange): ChannelEvent {
  if (!COMMENT_FIELDS.has(field)) return ignoredEvent(`Instagram field "${field}" is not followed`, pageId, field, unixSeconds(entryTime));
  const externalId = value.id('id');
  const text = textOf(value.optStr('text'));
  if (text === null) return ignoredEvent('an Instagram comment without text', pageId, field, externalId);
  const from = value.obj('from');
  const authorId = from.id('id');
  const parentExternalId = value.optId('parent_id');
  // Comment values carry no time of their own: the entry's is the closest.
  const at = entryTime;
  if (authorId === pageId) {
    if (parentExternalId !== null) return pageReplyEvent({ externalId, pageExternalId: pageId, parentExternalId, text, at });
    return ignoredEvent("the account's own comment", pageId, field, externalId);
  }
  return messageEvent({
    externalId,
    pageExternalId: pageId,
    parentExternalId,
    author: { name: from.str('username'), externalId: authorId },
    text,
    receivedAt: at,
  });
}
