import { joinUrl, postJson, requireSetting, unexpectedAnswer, type ChannelClient, type ChannelError, type OutboundReply } from './channel-client.js';

/** Graph API error codes that mean "later": unknown/service errors and the rate limits (often sent with 400/403). */
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 341, 613]);
/** The token is invalid or expired (190) or the session is (102): only new credentials help. */
const AUTHORIZATION_CODES = new Set([102, 190]);

interface GraphError {
  error?: { message?: string; code?: number; is_transient?: boolean };
}

/**
 * Facebook comments (`/{comment-id}/comments`) and Instagram comments (`/{ig-comment-id}/replies`)
 * are answered the same way, as the page, with the page's own access token.
 */
export class GraphClient implements ChannelClient {
  constructor(
    private readonly channel: 'facebook' | 'instagram',
    private readonly edge: 'comments' | 'replies',
    private readonly baseUrl: string,
  ) {}

  async send(reply: OutboundReply): Promise<string> {
    const token = requireSetting(this.channel, reply.token, reply.missingToken);
    if (reply.ticketExternalId.startsWith(DIRECT_MESSAGE)) return this.sendMessage(reply, token);
    const url = joinUrl(this.baseUrl, `${encodeURIComponent(reply.ticketExternalId)}/${this.edge}`);
    // The token goes in the body, not the query string, so it never shows in access logs.
    const json = (await postJson(this.channel, url, new URLSearchParams({ message: reply.text, access_token: token }), readGraphError)) as { id?: unknown };
    if (typeof json?.id !== 'string') throw unexpectedAnswer(this.channel, json);
    return json.id;
  }

  /** A direct message (Messenger, Instagram) is answered in the conversation through the Send API, within Meta's 24-hour window. */
  private async sendMessage(reply: OutboundReply, token: string): Promise<string> {
    const recipient = requireSetting(this.channel, reply.authorExternalId, 'the direct message has no sender to answer');
    const form = new URLSearchParams({
      recipient: JSON.stringify({ id: recipient }),
      message: JSON.stringify({ text: reply.text }),
      messaging_type: 'RESPONSE',
      access_token: token,
    });
    const json = (await postJson(this.channel, joinUrl(this.baseUrl, 'me/messages'), form, readGraphError)) as { message_id?: unknown };
    if (typeof json?.message_id !== 'string') throw unexpectedAnswer(this.channel, json);
    return `${DIRECT_MESSAGE}${json.message_id}`;
  }
}

const DIRECT_MESSAGE = 'dm:';

function readGraphError(json: unknown): ChannelError {
  const e = (json as GraphError | null)?.error;
  if (!e) return {};
  return {
    message: `${e.message ?? 'error'}${e.code !== undefined ? ` (code ${e.code})` : ''}`,
    transient: e.is_transient === true || TRANSIENT_CODES.has(e.code ?? -1),
    authorization: AUTHORIZATION_CODES.has(e.code ?? -1),
  };
}
