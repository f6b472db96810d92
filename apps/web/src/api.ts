// The one fetch wrapper: bearer token from localStorage, JSON in and out, the API's error shape
// ({ statusCode, error, message: string | string[], code, fields? }) turned into messages the UI
// can show, in the reader's language where the console knows the code (vocabulary.ts).
import type { FormalAppealState } from '../../../libs/domain/src/formal-appeal.js';
import type { ResidentConfirmationState } from '../../../libs/domain/src/resident-verdict.js';
import type { Role } from '../../../libs/domain/src/roles.js';
import type { TicketStatus } from '../../../libs/domain/src/ticket-status.js';
import type { Channel, Language, Priority, ReplyVisibility, SlaState } from '../../../libs/domain/src/ticket-enums.js';
import type { Lang } from './format.js';
import { translator, type Translate } from './i18n.js';
import { errorLines, type ErrorAnswer, type ErrorLine } from './vocabulary.js';

export const API = '/api/v1';
const TOKEN_KEY = 'tynda.token';

export interface User {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  districtIds: string[];
  departmentId: string | null;
  active: boolean;
  locale: Lang | null;
}

export interface Ticket {
  id: string;
  reference: string;
  channel: Channel;
  districtId: string | null;
  locality: string | null;
  categoryCode: string | null;
  departmentId: string | null;
  assigneeId: string | null;
  priority: Priority;
  status: TicketStatus;
  author: { name: string | null; externalId: string | null; phone?: string };
  text: string;
  language: Language;
  receivedAt: string;
  createdAt: string;
  firstResponseAt: string | null;
  /** List items only: the router's suggestion at intake, and the first public reply written (not failed). */
  suggestedCategoryCode?: string | null;
  publicReplyAt?: string | null;
  /** A public reply failed for good and none was delivered since. */
  undeliveredReply?: boolean;
  resolvedAt: string | null;
  clusterId: string | null;
  escalationLevel: number;
  sla: { firstResponseDueAt: string | null; resolutionDueAt: string | null; firstResponseBreachedAt: string | null; resolutionBreachedAt: string | null; state: SlaState };
  /** Issue 16: whether the resident confirmed the resolution, and the formal appeal's legal clock (null when not registered). */
  residentConfirmation: { state: ResidentConfirmationState; askedAt: string | null; answeredAt: string | null; dueAt: string | null };
  formalAppeal: { number: string; registeredAt: string; dueAt: string; extendedUntil: string | null; extensionReason: string | null; state: FormalAppealState } | null;
  version: number;
}

export interface TicketEvent {
  id: string;
  type: string;
  actorId: string | null;
  from: TicketStatus | null;
  to: TicketStatus | null;
  payload: Record<string, unknown>;
  createdAt: string;
}

export interface Reply {
  id: string;
  authorId: string | null;
  body: string;
  visibility: ReplyVisibility;
  deliveryStatus: string;
  deliveryError: string | null;
  createdAt: string;
}

export interface Named {
  id: string;
  code: string;
  nameKk: string;
  nameRu: string;
}
export interface Category extends Named {
  departmentId: string | null;
  keywords: string[];
}

export interface Notification {
  id: string;
  kind: 'ticket.assigned' | 'sla.warning' | 'sla.breached' | 'sla.escalated';
  ticketId: string;
  ticketReference: string | null;
  /** What caused it: `assigned:<event id>`, or an SLA step such as `first_response.breach`. */
  step: string;
  createdAt: string;
  readAt: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Lists asked with `count=true`: every match over all pages, counted up to 10,000. */
  total?: number;
  /** With `total`: more match than were counted (show "10000+"). */
  totalCapped?: boolean;
}

export interface SavedReply {
  id: string;
  code: string;
  title: string;
  bodyKk: string;
  bodyRu: string;
  categoryCode: string | null;
}

export class ApiError extends Error {
  readonly messages: string[];

  constructor(
    readonly status: number,
    readonly lines: ErrorLine[],
    /** The answer's stable code (docs/errors.md), when it has one. */
    readonly code?: string,
  ) {
    super(lines.map((l) => l.text).join('; '));
    this.messages = lines.map((l) => l.text);
  }

  /** Lines about one of `fields` go next to it: by the field the server named, else by the field its text names. */
  byField(fields: readonly string[]): { fields: Record<string, string[]>; rest: string[] } {
    const out: Record<string, string[]> = {};
    const rest: string[] = [];
    for (const { field: named, text } of this.lines) {
      const field = named
        ? fields.find((f) => named === f || named.startsWith(`${f}.`))
        : fields.find((f) => text.startsWith(`${f} `) || text.startsWith(`${f}.`) || new RegExp(`\\b${f}\\b`).test(text));
      if (field) (out[field] ??= []).push(text);
      else rest.push(text);
    }
    return { fields: out, rest };
  }
}

// Set by the app whenever the language changes, so errors are worded in the language on screen.
let translate: Translate = translator('kk');
export const speakErrorsIn = (t: Translate): void => {
  translate = t;
};

export const session = {
  token: (): string | null => localStorage.getItem(TOKEN_KEY),
  set: (token: string): void => localStorage.setItem(TOKEN_KEY, token),
  clear: (): void => localStorage.removeItem(TOKEN_KEY),
};

let onUnauthorized: () => void = () => undefined;
export const whenUnauthorized = (fn: () => void): void => {
  onUnauthorized = fn;
};

async function request(method: string, path: string, body?: unknown, accept = 'application/json'): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${API}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, [{ text: 'network' }]);
  }
  if (res.ok) return res;
  const data = (await res.json().catch(() => null)) as ErrorAnswer | null;
  if (res.status === 401 && path !== '/auth/login') onUnauthorized();
  throw new ApiError(res.status, errorLines(translate, data ?? {}, res.statusText), typeof data?.code === 'string' ? data.code : undefined);
}

export const api = {
  async get<T>(path: string): Promise<T> {
    return (await request('GET', path)).json() as Promise<T>;
  },
  async post<T>(path: string, body: unknown = {}): Promise<T> {
    const res = await request('POST', path, body);
    return (res.status === 204 ? null : await res.json()) as T;
  },
  async patch<T>(path: string, body: unknown): Promise<T> {
    return (await request('PATCH', path, body)).json() as Promise<T>;
  },
  async put<T>(path: string, body: unknown): Promise<T> {
    return (await request('PUT', path, body)).json() as Promise<T>;
  },
  /** The body as the server sent it, byte for byte: `text()` would drop the CSV's BOM, which Excel needs. */
  async file(path: string, accept: string): Promise<Blob> {
    return (await request('GET', path, undefined, accept)).blob();
  },
  /** Every page of a list, up to `max` items. */
  async all<T>(path: string, max = 1000): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page: Page<T> = await api.get<Page<T>>(`${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && items.length < max);
    return items;
  },
};

/** Shows an error the way a user can act on it. */
export function errorText(err: unknown, network: string, generic: string): string {
  if (err instanceof ApiError) return err.status === 0 ? network : err.messages.join('; ');
  return generic;
}
