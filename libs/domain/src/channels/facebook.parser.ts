import type { ChannelEvent } from '../channel-event.js';
import { type MetaChange, metaChanges, metaMessaging } from './meta-delivery.js';
import { editEvent, ignoredEvent, messageEvent, pageReplyEvent, removeEvent, textOf, unixSeconds } from './payload.js';

const POST_ITEMS = new Set(['status', 'post']);
// A hidden comment is gone from the page just as a deleted one is.
const REMOVE_VERBS = new Set(['remove', 'delete', 'hide']);

/** A Page webhook (`object: page`): comments and visitor posts on an akimat's Facebook page. */
export function parseFacebook(body: unknown): ChannelEvent[] {
  return [...metaChanges(body, 'page', 'Facebook delivery').map(feedChange), ...metaMessaging(body, 'page', 'Facebook delivery')];
}

function feedChange({ pageId, entryTime, field, value }: MetaChange): ChannelEvent {
  if (field !== 'feed') return ignoredEvent(`Facebook field "${field}" is not followed`, pageId, field, unixSeconds(entryTime));
  const item = value.str('item');
  const verb = value.optStr('verb');
  const at = value.optTime('created_time') ?? entryTime;
  const isComment = item === 'comment';
  if (!isComment && !POST_ITEMS.has(item)) {
    const objectId = value.optId('comment_id') ?? value.optId('post_id');
    return ignoredEvent(`a Facebook ${item} is not an appeal`, pageId, item, verb, objectId, unixSeconds(at));
  }
  const postId = value.id('post_id');
  const externalId = isComment ? value.id('comment_id') : postId;
  if (verb !== null && REMOVE_VERBS.has(verb)) return removeEvent(externalId, at);
  const skip = (reason: string): ChannelEvent => ignoredEvent(reason, pageId, item, verb, externalId, unixSeconds(at));
  if (verb !== 'add' && verb !== 'edited') return skip(`Facebook ${item} verb "${verb}" is not followed`);

  const text = textOf(value.optStr('message'));
  if (text === null) return skip(`a Facebook ${item} without text`);
  const from = value.obj('from');
  const authorId = from.id('id');
  // A comment straight under the post names the post as its parent: that is no reply to anyone.
  const parentId = isComment ? value.optId('parent_id') : null;
  const parentExternalId = parentId !== null && parentId !== postId ? parentId : null;
  if (authorId === pageId) {
    if (verb === 'add' && parentExternalId !== null) return pageReplyEvent({ externalId, pageExternalId: pageId, parentExternalId, text, at });
    return skip(`the page's own ${item}`);
  }
  const written = { externalId, pageExternalId: pageId, parentExternalId, author: { name: from.str('name'), externalId: authorId }, text, receivedAt: at };
  return verb === 'add' ? messageEvent(written) : editEvent(written, unixSeconds(at), at);
}
