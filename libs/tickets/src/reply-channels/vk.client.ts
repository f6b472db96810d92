import {
  DeliveryError,
  joinUrl,
  postJson,
  requireSetting,
  splitExternalId,
  unexpectedAnswer,
  type ChannelClient,
  type ChannelError,
  type OutboundReply,
} from './channel-client.js';

const API_VERSION = '5.199';
/** VK errors worth retrying: unknown error, too many requests per second, flood control, internal server error. */
const TRANSIENT_CODES = new Set([1, 6, 9, 10]);
/** User authorization failed: the token was revoked or expired. */
const AUTHORIZATION_CODE = 5;

interface VkAnswer {
  response?: { comment_id?: unknown };
  error?: { error_code?: number; error_msg?: string };
}

/** Answers under the resident's wall comment (`${ownerId}_${postId}_${commentId}`) with the community token. */
export class VkClient implements ChannelClient {
  constructor(private readonly baseUrl: string) {}

  async send(reply: OutboundReply): Promise<string> {
    const token = requireSetting('vk', reply.token, reply.missingToken);
    const [ownerId, postId, commentId] = splitExternalId('vk', reply.ticketExternalId, /^(-?\d+)_(\d+)_(\d+)$/, 'ownerId_postId_commentId');
    const form = new URLSearchParams({
      owner_id: ownerId!,
      post_id: postId!,
      reply_to_comment: commentId!,
      message: reply.text,
      access_token: token,
      v: API_VERSION,
    });
    const json = (await postJson('vk', joinUrl(this.baseUrl, 'method/wall.createComment'), form, readVkError)) as VkAnswer;
    // VK reports its errors with HTTP 200.
    if (json?.error) {
      const e = readVkError(json);
      throw new DeliveryError(`vk: ${e.message}`, !e.transient, e.authorization === true);
    }
    const id = json?.response?.comment_id;
    if (typeof id !== 'number') throw unexpectedAnswer('vk', json);
    return `${ownerId}_${postId}_${id}`;
  }
}

function readVkError(json: unknown): ChannelError {
  const e = (json as VkAnswer | null)?.error;
  return e
    ? {
        message: `error ${e.error_code ?? '?'}: ${e.error_msg ?? 'no message'}`,
        transient: TRANSIENT_CODES.has(e.error_code ?? -1),
        authorization: e.error_code === AUTHORIZATION_CODE,
      }
    : {};
}
