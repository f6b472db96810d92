import { messageKey, type EditEvent, type IgnoredEvent, type MessageEvent, type PageReplyEvent, type RemoveEvent } from '../channel-event.js';
import { DomainError } from '../errors.js';

/** What the caller knows about a delivery besides its body. */
export interface ParseContext {
  /**
   * When Tynda received the delivery: the time of a change whose payload carries none (a VK
   * deletion or edit). Defaults to now; pass the inbox row's time to make reprocessing repeatable.
   */
  receivedAt?: Date;
}

/** A message as the resident wrote it: the body of a message event and the original of an edit. */
export type WrittenMessage = Omit<MessageEvent, 'type' | 'key'>;

type Fields = Readonly<Record<string, unknown>>;

function asFields(value: unknown, path: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DomainError('validation', `${path} must be a JSON object`);
  }
  return value as Fields;
}

/**
 * A JSON object read field by field. A missing or mistyped field throws a validation error that
 * names its path, so a malformed delivery is refused with a 400 before it is stored.
 */
export class Payload {
  private constructor(
    private readonly fields: Fields,
    private readonly path: string,
  ) {}

  static of(body: unknown, what: string): Payload {
    return new Payload(asFields(body, what), what);
  }

  keys(): string[] {
    return Object.keys(this.fields);
  }

  has(key: string): boolean {
    return this.fields[key] !== undefined && this.fields[key] !== null;
  }

  obj(key: string): Payload {
    return new Payload(asFields(this.fields[key], this.at(key)), this.at(key));
  }

  optObj(key: string): Payload | null {
    return this.has(key) ? this.obj(key) : null;
  }

  list(key: string): Payload[] {
    const value = this.fields[key];
    if (!Array.isArray(value)) throw this.invalid(key, 'an array');
    return value.map((item, i) => Payload.of(item, `${this.at(key)}[${i}]`));
  }

  str(key: string): string {
    const value = this.fields[key];
    if (typeof value !== 'string') throw this.invalid(key, 'a string');
    return value;
  }

  optStr(key: string): string | null {
    return this.has(key) ? this.str(key) : null;
  }

  num(key: string): number {
    const value = this.fields[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw this.invalid(key, 'an integer');
    return value;
  }

  optNum(key: string): number | null {
    return this.has(key) ? this.num(key) : null;
  }

  /** Meta sends ids as strings, Telegram and VK as numbers: either way an id is compared as a string. */
  id(key: string): string {
    const value = this.fields[key];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    throw this.invalid(key, 'an id (a non-empty string or an integer)');
  }

  optId(key: string): string | null {
    return this.has(key) ? this.id(key) : null;
  }

  /** Every channel here stamps events in unix seconds. */
  time(key: string): Date {
    return new Date(this.num(key) * 1000);
  }

  optTime(key: string): Date | null {
    return this.has(key) ? this.time(key) : null;
  }

  flag(key: string): boolean {
    return this.fields[key] === true;
  }

  private at(key: string): string {
    return `${this.path}.${key}`;
  }

  private invalid(key: string, expected: string): DomainError {
    return new DomainError('validation', `${this.at(key)} must be ${expected}`);
  }
}

export const unixSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);

/** The trimmed text, or null when there is none to make a ticket of (a sticker, a photo alone). */
export const textOf = (text: string | null): string | null => text?.trim() || null;

export const messageEvent = (m: WrittenMessage): MessageEvent => ({ type: 'message', key: messageKey(m.externalId), ...m });

/** `mark` tells this edit from the next one of the same message: its time, or the channel's event id. */
export const editEvent = (original: WrittenMessage, mark: string | number, at: Date): EditEvent => ({
  type: 'edit',
  key: `edit:${original.externalId}:${mark}`,
  externalId: original.externalId,
  text: original.text,
  at,
  original,
});

export const pageReplyEvent = (r: Omit<PageReplyEvent, 'type' | 'key'>): PageReplyEvent => ({
  type: 'page_reply',
  key: `page_reply:${r.externalId}`,
  ...r,
});

export const removeEvent = (externalId: string, at: Date): RemoveEvent => ({ type: 'remove', key: `remove:${externalId}`, externalId, at });

/** `parts` are taken from the payload so the same delivery always gives the same key. */
export const ignoredEvent = (reason: string, ...parts: (string | number | null)[]): IgnoredEvent => ({
  type: 'ignored',
  key: `ignored:${parts.filter((p) => p !== null && p !== '').join(':')}`,
  reason,
});
