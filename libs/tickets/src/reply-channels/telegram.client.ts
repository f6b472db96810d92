import {
  joinUrl,
  postJson,
  requireSetting,
  splitExternalId,
  unexpectedAnswer,
  type ChannelClient,
  type ChannelError,
  type OutboundReply,
} from './channel-client.js';

interface TelegramAnswer {
  ok?: boolean;
  description?: string;
  result?: { message_id?: unknown };
}

/** The bot answers in the chat, as a reply to the resident's message (`${chatId}:${messageId}`). */
export class TelegramClient implements ChannelClient {
  constructor(private readonly baseUrl: string) {}

  async send(reply: OutboundReply): Promise<string> {
    const token = requireSetting('telegram', reply.token, reply.missingToken);
    const [chat, messageId] = splitExternalId('telegram', reply.ticketExternalId, /^(-?\d+):(\d+)$/, 'chatId:messageId');
    // A resident who deleted their message still gets the answer, as a plain message in the chat.
    const body = { chat_id: Number(chat), text: reply.text, reply_parameters: { message_id: Number(messageId), allow_sending_without_reply: true } };
    const json = (await postJson('telegram', joinUrl(this.baseUrl, `bot${token}/sendMessage`), body, readTelegramError)) as TelegramAnswer;
    const id = json?.result?.message_id;
    if (json?.ok !== true || typeof id !== 'number') throw unexpectedAnswer('telegram', json);
    return `${chat}:${id}`;
  }
}

function readTelegramError(json: unknown): ChannelError {
  const answer = json as (TelegramAnswer & { error_code?: number }) | null;
  // 401 Unauthorized: the bot token was revoked or replaced in BotFather.
  return { message: answer?.description, authorization: answer?.error_code === 401 };
}
