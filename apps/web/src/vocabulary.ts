// The server's words in the reader's language: event types, notification kinds, delivery states,
// statuses, SLA states, roles, channels and error codes. The lists come from libs/domain, the same ones the
// server produces, so vocabulary.spec.ts fails as soon as one of them lacks a label.
import {
  ERROR_CODES,
  FIELD_ERROR_CODES,
  type FieldError,
  ROLES,
  CHANNELS,
  SLA_STATES,
  NOTIFICATION_KINDS,
  REPLY_DELIVERY_STATUSES,
  TICKET_EVENT_TYPES,
  TICKET_STATUSES,
} from '@app/domain';
import { DICTIONARIES, type MessageKey, type Translate } from './i18n.js';

/** Each vocabulary by the prefix of its keys in i18n.ts (`event.sla.breached`, `role.admin`...). */
export const VOCABULARIES = {
  event: TICKET_EVENT_TYPES,
  notif: NOTIFICATION_KINDS,
  delivery: REPLY_DELIVERY_STATUSES,
  status: TICKET_STATUSES,
  sla: SLA_STATES,
  role: ROLES,
  channel: CHANNELS,
  error: ERROR_CODES,
  fieldError: FIELD_ERROR_CODES,
} as const;
export type Vocabulary = keyof typeof VOCABULARIES;

const isKey = (key: string): key is MessageKey => key in DICTIONARIES.en;

/** A server value in the reader's language; one this console does not know yet shows as the server sent it. */
export function label(t: Translate, vocabulary: Vocabulary, value: string): string {
  const key = `${vocabulary}.${value}`;
  return isKey(key) ? t(key) : value;
}

/** What an error answer carries (http-error.filter.ts on the server). */
export interface ErrorAnswer {
  code?: unknown;
  message?: string | string[];
  error?: string;
  fields?: FieldError[];
}

export interface ErrorLine {
  /** The refused field's path (`author.name`), when the line is about one. */
  field?: string;
  text: string;
}

// Their server message names the precise reason (which rule, which ticket, which format): it follows the translated sentence.
const WITH_DETAIL: ReadonlySet<string> = new Set(['request.invalid', 'resource.conflict']);
const FIELD_WITH_DETAIL: ReadonlySet<string> = new Set(['matches']);

/** An error answer as lines to show: by its code where this console knows it, else in the server's words. */
export function errorLines(t: Translate, answer: ErrorAnswer, fallback: string): ErrorLine[] {
  const server = answer.message ?? answer.error ?? fallback;
  const serverLines = Array.isArray(server) ? server : [server];
  if (answer.code === 'validation.failed' && Array.isArray(answer.fields)) {
    return answer.fields.map((f) => {
      const key = `fieldError.${f.code}`;
      if (!isKey(key)) return { field: f.field, text: f.message };
      const text = t(key, { field: fieldName(t, f.field) });
      return { field: f.field, text: FIELD_WITH_DETAIL.has(f.code) ? `${text} (${f.message})` : text };
    });
  }
  const code = typeof answer.code === 'string' ? answer.code : '';
  const key = `error.${code}`;
  if (!isKey(key)) return serverLines.map((text) => ({ text }));
  return [{ text: WITH_DETAIL.has(code) ? `${t(key)} (${serverLines.join('; ')})` : t(key) }];
}

/** A field path as the form labels it where a label exists (`districtId` -> "District"), else as sent. */
function fieldName(t: Translate, path: string): string {
  const last = path.split('.').pop() ?? path;
  for (const candidate of [path === 'author.name' ? 'authorName' : path, last, last.replace(/Ids?$/, '')]) if (isKey(candidate)) return t(candidate);
  return path;
}
