// The one fetch wrapper: bearer token from localStorage, JSON in and out, the API's error shape
// ({ statusCode, error, message: string | string[], code, fields? }) turned into messages the UI
// can show, in the reader's language where the console knows the code (vocabulary.ts).
import type {
  CategoryView,
  CodedView,
  CountedPage,
  NotificationView,
  ReplyView,
  SavedReplyView,
  TicketEventView,
  TicketListView,
  TicketView,
  UserView,
} from '@app/contracts';
import { translator, type Translate } from './i18n.js';
import { errorLines, type ErrorAnswer, type ErrorLine } from './vocabulary.js';

export const API = '/api/v1';
const TOKEN_KEY = 'tynda.token';

// The API's answers, declared once in libs/contracts for the API and the console.
export type User = UserView;
/** A ticket, from its own page or a list (whose items also carry the list-only fields). */
export type Ticket = TicketView & Partial<Pick<TicketListView, 'suggestedCategoryCode' | 'publicReplyAt'>>;
export type TicketEvent = TicketEventView;
export type Reply = ReplyView;
export type Page<T> = CountedPage<T>;

/** A district or a department. */
export type Named = CodedView;
export type Category = CategoryView;
export type Notification = NotificationView;
export type SavedReply = SavedReplyView;

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
