import { createContext, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { LIVE_EVENT_KINDS, type LiveEventView } from '@app/domain';
import { API, session } from './api.js';
import { useI18n } from './i18n.js';

/**
 * Live updates from `GET /events/stream` (server-sent events). Read with fetch rather than
 * EventSource, which cannot send the Authorization header: the token stays out of URLs and logs.
 * After every (re)connection the stream says `ready`, and after a server-side gap `resync`: both
 * reach listeners as `resync`, so screens re-read their lists and miss nothing while it was down.
 */
export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'off';
export type LiveSignal = LiveEventView | { kind: 'resync' };
type Listener = (signal: LiveSignal) => void;

interface Live {
  status: LiveStatus;
  subscribe: (listener: Listener) => () => void;
}

/** While the stream is up, lists change only on events; this slow poll covers a stream that is down without the console noticing. */
export const LIVE_FALLBACK_MS = 60_000;
const RETRY_MAX_MS = 30_000;

const KINDS: ReadonlySet<string> = new Set<string>(LIVE_EVENT_KINDS);

export const LiveContext = createContext<Live>({ status: 'off', subscribe: () => () => undefined });
export const useLive = (): Live => useContext(LiveContext);

/** Which signals matter to a screen. */
export const ticketSignals = (s: LiveSignal): boolean => s.kind !== 'notification.created';
export const notificationSignals = (s: LiveSignal): boolean => s.kind === 'notification.created' || s.kind === 'resync';
export const signalsOfTicket =
  (id: string) =>
  (s: LiveSignal): boolean =>
    s.kind === 'resync' || (s.kind !== 'notification.created' && s.ticketId === id);

/** One stream per signed-in tab, reconnecting with backoff; `onUnauthorized` when the session is gone. */
export function useLiveConnection(userId: string | null, onUnauthorized: () => void): Live {
  const [status, setStatus] = useState<LiveStatus>('off');
  const listeners = useRef(new Set<Listener>());
  const unauthorized = useRef(onUnauthorized);
  unauthorized.current = onUnauthorized;

  useEffect(() => {
    if (!userId) return;
    const abort = new AbortController();
    let retryMs = 3000;
    let failures = 0;
    let connectedBefore = false;
    const emit = (signal: LiveSignal) => listeners.current.forEach((l) => l(signal));
    const run = async (): Promise<void> => {
      while (!abort.signal.aborted) {
        setStatus(failures ? 'reconnecting' : 'connecting');
        try {
          const res = await fetch(`${API}/events/stream`, {
            headers: { Accept: 'text/event-stream', Authorization: `Bearer ${session.token() ?? ''}` },
            signal: abort.signal,
          });
          if (res.status === 401) {
            setStatus('off');
            unauthorized.current();
            return;
          }
          if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
          for await (const field of sseEvents(res.body)) {
            if (field.retry) retryMs = field.retry;
            if (field.event === 'ready') {
              failures = 0;
              setStatus('live');
              // The screens loaded when they opened; after a reconnection they re-read what they missed.
              if (connectedBefore) emit({ kind: 'resync' });
              connectedBefore = true;
            } else if (field.event === 'resync') {
              emit({ kind: 'resync' });
            } else if (field.event && KINDS.has(field.event)) {
              emit(JSON.parse(field.data) as LiveEventView);
            }
          }
        } catch {
          if (abort.signal.aborted) return;
        }
        failures++;
        setStatus('reconnecting');
        await new Promise((r) => setTimeout(r, Math.min(retryMs * 2 ** Math.min(failures - 1, 4), RETRY_MAX_MS)));
      }
    };
    void run();
    return () => {
      abort.abort();
      setStatus('off');
    };
  }, [userId]);

  return useMemo(
    () => ({
      status,
      subscribe: (listener: Listener) => {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [status],
  );
}

interface SseField {
  event?: string;
  data: string;
  retry?: number;
}

/** The events of a text/event-stream body (the fields Tynda sends: event, data, retry; comments skipped). */
async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseField> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const field: SseField = { data: '' };
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon === 0) continue;
        const name = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'event') field.event = value;
        else if (name === 'data') field.data += value;
        else if (name === 'retry' && /^\d+$/.test(value)) field.retry = Number(value);
      }
      yield field;
    }
  }
}

/** "Live" while the stream is up; "Reconnecting…" while it is not (the lists still refresh every minute). */
export function LiveIndicator() {
  const { t } = useI18n();
  const { status } = useLive();
  if (status === 'off') return null;
  return (
    <span className={`live live-${status}`} role="status" data-testid="live-status" title={t('live.hint')}>
      {t(status === 'live' ? 'live.on' : status === 'connecting' ? 'live.connecting' : 'live.reconnecting')}
    </span>
  );
}
