import type { ChannelEvent, WebhookChannel } from '../channel-event.js';
import { parseFacebook } from './facebook.parser.js';
import { parseInstagram } from './instagram.parser.js';
import type { ParseContext } from './payload.js';
import { parseTelegram } from './telegram.parser.js';
export { BOT_PAGE_FIELD } from './telegram.parser.js';
import { parseVk } from './vk.parser.js';

export type { ParseContext } from './payload.js';
export { parseFacebook, parseInstagram, parseTelegram, parseVk };

const PARSERS: Readonly<Record<WebhookChannel, (body: unknown, ctx?: ParseContext) => ChannelEvent[]>> = {
  facebook: parseFacebook,
  instagram: parseInstagram,
  telegram: parseTelegram,
  vk: parseVk,
};

/**
 * What one webhook delivery (its JSON-parsed body) means, change by change in delivery order.
 * Throws `DomainError('validation')` when the body is not the channel's shape.
 */
export function parseDelivery(channel: WebhookChannel, body: unknown, ctx: ParseContext = {}): ChannelEvent[] {
  return PARSERS[channel](body, ctx);
}
