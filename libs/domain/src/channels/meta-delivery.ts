import { DomainError } from '../errors.js';
import type { ChannelEvent } from '../channel-event.js';
import { ignoredEvent, messageEvent, Payload, textOf } from './payload.js';

/** One change of a Meta webhook delivery (Facebook Page or Instagram), with the entry it came in. */
export interface MetaChange {
  /** The page or Instagram account the entry is about. */
  pageId: string;
  entryTime: Date;
  field: string;
  value: Payload;
}

/** Meta batches: one delivery holds entries, each holding changes; they are returned in order. */
export function metaChanges(body: unknown, object: 'page' | 'instagram', what: string): MetaChange[] {
  const root = Payload.of(body, what);
  const got = root.str('object');
  if (got !== object) throw new DomainError('validation', `${what}: object must be "${object}", got "${got}"`);
  return root.list('entry').flatMap((entry) => {
    const pageId = entry.id('id');
    const entryTime = entry.time('time');
    // An entry of direct messages carries `messaging` instead (metaMessaging).
    if (!entry.has('changes') && entry.has('messaging')) return [];
    return entry.list('changes').map((change) => ({ pageId, entryTime, field: change.str('field'), value: change.obj('value') }));
  });
}

/** A direct message's ticket id: `dm:` marks it, so a reply goes back by the Send API, not under a comment. */
export const directMessageId = (mid: string): string => `dm:${mid}`;

/**
 * Direct messages (Messenger, Instagram) of a Meta delivery: `entry[].messaging[]`, each from a
 * resident (`sender`) to the page (`recipient`), or the page's own message echoed back.
 */
export function metaMessaging(body: unknown, object: 'page' | 'instagram', what: string): ChannelEvent[] {
  const root = Payload.of(body, what);
  return root.list('entry').flatMap((entry) => (entry.has('messaging') ? entry.list('messaging').map((m) => directMessage(m, entry.id('id'), object)) : []));
}

function directMessage(m: Payload, pageId: string, object: 'page' | 'instagram'): ChannelEvent {
  const message = m.optObj('message');
  const at = new Date(m.num('timestamp'));
  if (!message)
    return ignoredEvent(
      `a ${object === 'page' ? 'Messenger' : 'Instagram'} event without a message (a read receipt, a reaction, a postback)`,
      pageId,
      m.num('timestamp'),
    );
  const mid = message.id('mid');
  if (message.flag('is_echo')) return ignoredEvent("the page's own direct message", pageId, mid);
  const text = textOf(message.optStr('text'));
  if (text === null) return ignoredEvent('a direct message without text', pageId, mid);
  const sender = m.obj('sender').id('id');
  // Meta sends no name with a message: the sender's page-scoped id stands in until someone looks it up.
  return messageEvent({
    externalId: directMessageId(mid),
    pageExternalId: pageId,
    parentExternalId: null,
    author: { name: `id${sender}`, externalId: sender },
    text,
    receivedAt: at,
  });
}
