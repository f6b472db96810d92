import { joinUrl, postJson, requireSetting, splitExternalId, unexpectedAnswer, type ChannelClient, type ChannelError, type OutboundReply } from './channel-client.js';

interface TelegramAnswer {
  ok?: boolean;
  description?: string;
  result?: { message_id?: unknown };
}

/** The bot answers in the chat, as a reply to the resident's message (`${chatId}:${messageId}`). */
export class TelegramClient implements ChannelClient {
  constructor(
    private readonly baseUrl: string,
    private readonly botToken: string | undefined,
  ) {}

  async send(reply: OutboundReply): Promise<string> {
    const token = requireSetting('telegram', this.botToken, 'TELEGRAM_BOT_TOKEN is not set');
    const [chat, messageId] = splitExternalId('telegram', reply.ticketExternalId, /^(-?\d+):(\d+)$/, 'chatId:messageId');
    const body = { chat_id: Number(chat), text: reply.text, reply_parameters: { message_id: Number(messageId) } };
    const json = (await postJson('telegram', joinUrl(this.baseUrl, `bot${token}/sendMessage`), body, readTelegramError)) as TelegramAnswer;
    const id = json?.result?.message_id;
    if (json?.ok !== true || typeof id !== 'number') throw unexpectedAnswer('telegram', json);
    return `${chat}:${id}`;
  }
}

function readTelegramError(json: unknown): ChannelError {
  return { message: (json as TelegramAnswer | null)?.description };
}
