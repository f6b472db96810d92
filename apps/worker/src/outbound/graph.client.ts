import { joinUrl, postJson, requireSetting, unexpectedAnswer, type ChannelClient, type ChannelError, type OutboundReply } from './channel-client.js';

/** Graph API error codes that mean "later": unknown/service errors and the rate limits (often sent with 400/403). */
const TRANSIENT_CODES = new Set([1, 2, 4, 17, 32, 341, 613]);

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
    const page = requireSetting(this.channel, reply.page, 'the ticket has no page to answer as');
    const token = requireSetting(this.channel, page.accessToken, `page ${page.id} has no access token`);
    const url = joinUrl(this.baseUrl, `${encodeURIComponent(reply.ticketExternalId)}/${this.edge}`);
    // The token goes in the body, not the query string, so it never shows in access logs.
    const json = (await postJson(this.channel, url, new URLSearchParams({ message: reply.text, access_token: token }), readGraphError)) as { id?: unknown };
    if (typeof json?.id !== 'string') throw unexpectedAnswer(this.channel, json);
    return json.id;
  }
}

function readGraphError(json: unknown): ChannelError {
  const e = (json as GraphError | null)?.error;
  if (!e) return {};
  return { message: `${e.message ?? 'error'}${e.code !== undefined ? ` (code ${e.code})` : ''}`, transient: e.is_transient === true || TRANSIENT_CODES.has(e.code ?? -1) };
}
