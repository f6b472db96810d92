/**
 * What a webhook delivery means, channel by channel, reduced to a few kinds of event. Parsers turn
 * raw deliveries into these (pure code, no I/O); the intake worker applies them to tickets.
 */
export const WEBHOOK_CHANNELS = ['facebook', 'instagram', 'telegram', 'vk'] as const;
export type WebhookChannel = (typeof WEBHOOK_CHANNELS)[number];

export interface ChannelAuthor {
  name: string;
  /** The resident's id on the channel (Facebook user id, Telegram user id, VK id...). */
  externalId: string | null;
}

interface EventBase {
  /**
   * Identifies this change on its channel, so the same change delivered twice is applied once:
   * `message:<id>`, `edit:<id>:<edit time>`, `remove:<id>`, `page_reply:<id>`.
   */
  key: string;
}

/** The key of a resident's message: what claims it, whether it arrives itself or through an edit that overtook it. */
export const messageKey = (externalId: string): string => `message:${externalId}`;

/** A resident wrote something: a comment, a visitor post, a private message. Becomes a ticket. */
export interface MessageEvent extends EventBase {
  type: 'message';
  /** The comment's or message's id on the channel (unique per channel). */
  externalId: string;
  /** The page (akimat account) it was written on; null when there is none (a private message to a bot). */
  pageExternalId: string | null;
  /** The comment it answers, when it is a reply under another resident's comment (not under the post). */
  parentExternalId: string | null;
  author: ChannelAuthor;
  text: string;
  /** When the resident wrote it, by the channel's clock. */
  receivedAt: Date;
}

/** The page itself answered under a resident's comment: the public response of that ticket. */
export interface PageReplyEvent extends EventBase {
  type: 'page_reply';
  externalId: string;
  pageExternalId: string;
  /** The resident's comment it answers. */
  parentExternalId: string;
  text: string;
  at: Date;
}

/** The resident edited their comment: the ticket's text follows. */
export interface EditEvent extends EventBase {
  type: 'edit';
  externalId: string;
  text: string;
  at: Date;
  /** Enough to create the ticket when the original never reached Tynda (an edit is never lost). */
  original: Omit<MessageEvent, 'type' | 'key'>;
}

/** The resident (or a moderator) removed the comment: an event; the ticket stays. */
export interface RemoveEvent extends EventBase {
  type: 'remove';
  externalId: string;
  at: Date;
}

/** Understood and deliberately not a ticket (the akimat's own post, a like, a service message). */
export interface IgnoredEvent extends EventBase {
  type: 'ignored';
  reason: string;
}

export type ChannelEvent = MessageEvent | PageReplyEvent | EditEvent | RemoveEvent | IgnoredEvent;
