import { assertTransition, detectLanguage, type Channel, type Language, type Priority, type TicketStatus } from '@app/domain';
import type { CategoryEntity, DistrictEntity, PageEntity, UserEntity } from '@app/database';
import { DUPLICATE_LEADS, REPLY_TEMPLATES, RESIDENT_NAMES, TICKET_TEXTS, type TicketTextSeed } from './seed-data.js';

/**
 * The demo's two months of tickets, planned before anything is written: who wrote what, where, on
 * which channel, and what people did about it when. Pure and deterministic (a fixed PRNG seed, times
 * relative to `now`); the seed then lives the plan through the real services (seed-history.ts).
 */

/** The seeded rows the ticket planner needs, keyed by code unless said otherwise. */
export interface ReferenceRows {
  districts: Map<string, DistrictEntity>;
  categories: Map<string, CategoryEntity>;
  /** Keyed `${channel}:${districtCode}`. */
  pages: Map<string, PageEntity>;
  /** Keyed by district code. */
  pressSecretaries: Map<string, UserEntity>;
  /** Keyed by department id, as tickets carry it. */
  heads: Map<string, UserEntity>;
  /** Keyed by department id. */
  staff: Map<string, UserEntity[]>;
}

export function required<T>(map: ReadonlyMap<string, T>, key: string): T {
  const value = map.get(key);
  if (value === undefined) throw new Error(`seed data is inconsistent: nothing for '${key}'`);
  return value;
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const WINDOW = 60 * DAY;
// Kazakhstan has been on UTC+5 all year since March 2024; office and posting hours are local.
const ALMATY_OFFSET = 5 * HOUR;
/** Fixed PRNG seed: every run builds the same tickets (relative to `now`). */
export const PRNG_SEED = 0x7a4d2026;

const STATUS_SHARE: Readonly<Record<TicketStatus, number>> = {
  new: 0.1,
  triaged: 0.07,
  assigned: 0.09,
  in_progress: 0.14,
  awaiting_resident: 0.06,
  resolved: 0.12,
  closed: 0.25,
  reopened: 0.04,
  rejected: 0.07,
  merged: 0.06,
};

type PrimaryStatus = Exclude<TicketStatus, 'merged'>;

/** How old (in days) a ticket that ended in each status can be; merged duplicates follow their parent. */
const AGE_DAYS: Readonly<Record<PrimaryStatus, readonly [number, number]>> = {
  new: [0.02, 3],
  triaged: [0.2, 5],
  assigned: [0.5, 10],
  in_progress: [1, 25],
  awaiting_resident: [2, 30],
  resolved: [3, 45],
  closed: [6, 58],
  reopened: [6, 55],
  rejected: [0.5, 58],
};

// Most resident feedback arrives as comments under the akims' Facebook posts.
const CHANNEL_SHARE: Readonly<Record<Channel, number>> = { facebook: 50, instagram: 15, telegram: 8, vk: 5, manual: 12, open311: 10 };
const PRIORITY_SHARE: Readonly<Record<Priority, number>> = { normal: 88, high: 6, low: 4, urgent: 2 };
const REPLY_CHANCE: Readonly<Record<TicketStatus, number>> = {
  new: 0,
  triaged: 0.3,
  assigned: 0.7,
  in_progress: 0.9,
  awaiting_resident: 1,
  resolved: 0.95,
  closed: 0.95,
  reopened: 1,
  rejected: 0.7,
  merged: 0.5,
};
/**
 * The share of acknowledgements that wait one to three days in a backlog. Evenings and weekends do
 * not count against the one-working-day target, so this leaves 25-35 % of answers late: the SLA
 * pages then show both sides.
 */
const LATE_REPLY_SHARE = 0.6;
const WITH_ASSIGNEE: ReadonlySet<TicketStatus> = new Set(['assigned', 'in_progress', 'awaiting_resident', 'resolved', 'closed', 'reopened']);
const SOCIAL: ReadonlySet<Channel> = new Set(['facebook', 'instagram', 'telegram', 'vk']);

export interface Resident {
  name: string;
  facebookId: string;
  instagramId: string;
  telegramId: string;
  vkId: string;
  phone: string;
}

export interface PlannedStep {
  status: TicketStatus;
  at: number;
  actorId: string | null;
  automatic: boolean;
}

export type ReplyKind = keyof typeof REPLY_TEMPLATES;

export interface PlannedReply {
  at: number;
  /** The district's press secretary, or whoever holds the ticket by then. */
  author: 'press' | 'assignee';
  kind: ReplyKind;
  /** Picks one of the kind's templates. */
  variant: number;
}

export interface TicketPlan {
  status: TicketStatus;
  source: TicketTextSeed;
  text: string;
  language: Language;
  channel: Channel;
  page: PageEntity | null;
  districtId: string | null;
  locality: string | null;
  category: CategoryEntity | null;
  priority: Priority;
  resident: Resident;
  externalId: string | null;
  authorPhone: string | null;
  assignee: UserEntity | null;
  receivedAt: number;
  /** The first step is the creation (`new`), the last one the current status. */
  steps: PlannedStep[];
  reply: PlannedReply | null;
  parent: TicketPlan | null;
}

export function authorExternalId(channel: Channel, resident: Resident): string | null {
  switch (channel) {
    case 'facebook':
      return resident.facebookId;
    case 'instagram':
      return resident.instagramId;
    case 'telegram':
      return resident.telegramId;
    case 'vk':
      return resident.vkId;
    case 'manual':
    case 'open311':
      return null;
  }
}

export function replyBody(p: TicketPlan, reference: string, parentReference: string): string {
  const { kind, variant } = p.reply!;
  const fill = (lang: 'kk' | 'ru') =>
    REPLY_TEMPLATES[kind][lang][variant % REPLY_TEMPLATES[kind][lang].length]!.replaceAll('{reference}', reference)
      .replaceAll('{parentReference}', parentReference)
      .replaceAll('{name}', p.resident.name.split(' ')[0]!);
  if (p.language === 'kk') return fill('kk');
  if (p.language === 'mixed') return `${fill('kk')}\n\n${fill('ru')}`;
  return fill('ru');
}

/** `count` tickets received in the 60 days before `now`, in the order they were created. */
export function planTickets(ref: ReferenceRows, now: number, count: number): TicketPlan[] {
  return new TicketPlanner(ref, now).plan(count).sort((a, b) => a.steps[0]!.at - b.steps[0]!.at);
}

/** Builds ticket plans: who wrote what, where, on which channel, and what happened to it when. */
class TicketPlanner {
  private readonly rng = mulberry32(PRNG_SEED);
  private readonly usedExternalIds = new Set<string>();
  private readonly residents: () => Resident;
  private readonly anyText: () => TicketTextSeed;
  private readonly actionableText: () => TicketTextSeed;
  private readonly rejectableText: () => TicketTextSeed;

  constructor(
    private readonly ref: ReferenceRows,
    private readonly now: number,
  ) {
    this.residents = dealer(
      this.rng,
      RESIDENT_NAMES.map((name) => ({
        name,
        facebookId: this.digits(15, '100'),
        instagramId: this.digits(17, '17'),
        telegramId: this.digits(10, ''),
        vkId: this.digits(9, ''),
        phone: `+7 70${this.digits(1, '')} ${this.digits(3, '')} ${this.digits(2, '')} ${this.digits(2, '')}`,
      })),
    );
    this.anyText = dealer(this.rng, TICKET_TEXTS);
    this.actionableText = dealer(
      this.rng,
      TICKET_TEXTS.filter((t) => !t.rejection),
    );
    this.rejectableText = dealer(
      this.rng,
      TICKET_TEXTS.filter((t) => t.rejection),
    );
  }

  plan(count: number): TicketPlan[] {
    const mix = statusMix(this.rng, count);
    const primaries = mix
      .filter((s): s is PrimaryStatus => s !== 'merged')
      .map((status) => {
        const [minDays, maxDays] = AGE_DAYS[status];
        const source = status === 'new' ? this.anyText() : status === 'rejected' ? this.rejectableText() : this.actionableText();
        const receivedAt = this.postingTime(this.now - between(this.rng, minDays, maxDays) * DAY);
        return this.ticket(status, source, source.text, receivedAt, null);
      });

    // Parents are taken from statuses at least a day old, so the choice does not depend on `now`.
    const parents = primaries.filter((p) => p.category?.departmentId && p.status !== 'merged' && p.status !== 'rejected' && AGE_DAYS[p.status][0] >= 1);
    const duplicates = mix
      .filter((s) => s === 'merged')
      .map(() => {
        // Without an earlier ticket to be a duplicate of (a tiny seed), it simply waits for triage.
        if (!parents.length) {
          const source = this.anyText();
          return this.ticket('new', source, source.text, this.postingTime(this.now - between(this.rng, ...AGE_DAYS.new) * DAY), null);
        }
        const parent = pick(this.rng, parents);
        const nearby = TICKET_TEXTS.filter(
          (t) => t !== parent.source && !t.rejection && t.categoryCode === parent.source.categoryCode && t.districtCode === parent.source.districtCode,
        );
        const source = nearby.length ? pick(this.rng, nearby) : parent.source;
        const text = nearby.length ? source.text : `${pick(this.rng, DUPLICATE_LEADS[parent.language === 'ru' ? 'ru' : 'kk'])} ${source.text}`;
        const received = Math.min(parent.receivedAt + logBetween(this.rng, HOUR, 3 * DAY), this.now - 2 * HOUR);
        const daytime = this.postingTime(received);
        const receivedAt = daytime > parent.steps[0]!.at ? daytime : received;
        return this.ticket('merged', source, text, receivedAt, parent);
      });
    return [...primaries, ...duplicates];
  }

  private ticket(status: TicketStatus, source: TicketTextSeed, text: string, receivedAt: number, parent: TicketPlan | null): TicketPlan {
    const rng = this.rng;
    const path = statusPath(rng, status);
    const channel = weighted(rng, CHANNEL_SHARE);
    const page = SOCIAL.has(channel) ? (this.ref.pages.get(`${channel}:${source.districtCode}`) ?? null) : null;
    const triaged = status !== 'new';
    const category = triaged ? (parent?.category ?? required(this.ref.categories, source.categoryCode)) : null;
    const departmentId = category?.departmentId ?? null;
    const press = required(this.ref.pressSecretaries, source.districtCode);
    const assignee = WITH_ASSIGNEE.has(status) && departmentId ? pick(rng, required(this.ref.staff, departmentId)) : null;
    const resident = this.residents();
    const entered = channel === 'manual' || channel === 'open311';

    const steps: PlannedStep[] = [];
    for (const [i, to] of path.entries()) {
      if (i === 0) {
        steps.push({ status: to, at: receivedAt + createdDelay(rng, channel), actorId: channel === 'manual' ? press.id : null, automatic: true });
        continue;
      }
      const from = path[i - 1]!;
      assertTransition(from, to);
      const automatic = to === 'assigned' && rng() < 0.8;
      const actorId = to === 'assigned' ? (automatic ? null : required(this.ref.heads, departmentId!).id) : isAssigneeStep(to) ? assignee!.id : press.id;
      const after = steps[i - 1]!.at + stepGap(rng, from, to, automatic);
      const at = automatic ? after : onShift(rng, after, actorId === press.id ? PRESS_SHIFT : DEPARTMENT_SHIFT);
      steps.push({ status: to, at, actorId, automatic });
    }

    const plan: TicketPlan = {
      status,
      source,
      text,
      language: detectLanguage(text),
      channel,
      page,
      // Until triage only a page says where a comment came from; a private message has no district yet.
      districtId: !triaged && SOCIAL.has(channel) && !page ? null : required(this.ref.districts, source.districtCode).id,
      locality: triaged || entered ? source.locality : null,
      category,
      // Intake leaves `normal`; triage sets the priority of whatever needs acting on.
      priority: triaged && !source.rejection ? (source.priority ?? weighted(rng, PRIORITY_SHARE)) : 'normal',
      resident,
      externalId: this.externalId(channel, page, resident),
      authorPhone: channel === 'manual' || (channel === 'open311' && rng() < 0.5) ? resident.phone : null,
      assignee,
      receivedAt,
      steps,
      reply: null,
      parent,
    };
    plan.reply = this.reply(plan);
    // A duplicate stays after its parent's creation, so the parent's timeline can record the merge.
    this.fitBeforeNow(plan, parent ? parent.steps[0]!.at : this.now - WINDOW);
    return plan;
  }

  /** The first public answer: by the press secretary after triage, or by the assignee once assigned. */
  private reply(p: TicketPlan): PlannedReply | null {
    const rng = this.rng;
    if (p.source.rejection === 'spam' || rng() >= REPLY_CHANCE[p.status]) return null;
    const kind: ReplyKind = p.status === 'merged' ? 'merged' : p.status === 'rejected' ? (p.source.rejection ?? 'off_topic') : 'acknowledge';
    const last = p.steps.length - 1;
    let anchor = kind === 'acknowledge' ? (p.steps[2]?.status === 'assigned' && rng() < 0.35 ? 2 : 1) : last;
    // Nobody answers in the seconds between a triage and the automatic assignment that follows it.
    while (anchor < last && p.steps[anchor + 1]!.automatic) anchor++;
    const byAssignee = anchor >= 2 && p.assignee !== null && rng() < 0.5;
    // A backlogged answer may come after work on the ticket has started, never after it is resolved.
    const late = rng() < LATE_REPLY_SHARE && kind === 'acknowledge';
    const from = p.steps[anchor]!.at;
    const next = (late ? p.steps.slice(anchor + 1).find((s) => s.status === 'resolved') : p.steps[anchor + 1])?.at ?? Infinity;
    const delay = late ? logBetween(rng, DAY, 3 * DAY) : logBetween(rng, 2 * MINUTE, 6 * HOUR);
    const planned = onShift(rng, from + delay, byAssignee ? DEPARTMENT_SHIFT : PRESS_SHIFT);
    // Drawn either way, so the PRNG sequence (hence the data) does not depend on `now`.
    const squeezed = from + (next - from) * between(rng, 0.2, 0.8);
    return {
      at: planned < next ? planned : squeezed,
      author: byAssignee ? 'assignee' : 'press',
      kind,
      variant: Math.floor(rng() * 1000),
    };
  }

  /**
   * Keeps the whole history in the past. A history that runs past `now` moves back by whole weeks
   * (weekdays and office hours stay as they were) while it stays within the window; otherwise it
   * is compressed towards `receivedAt`.
   */
  private fitBeforeNow(p: TicketPlan, earliest: number): void {
    const latest = this.now - MINUTE;
    const last = Math.max(p.steps.at(-1)!.at, p.reply?.at ?? 0);
    if (last <= latest) return;
    const shift = Math.ceil((last - latest) / WEEK) * WEEK;
    const move =
      p.receivedAt - shift >= earliest
        ? (t: number) => t - shift
        : (t: number) => p.receivedAt + (t - p.receivedAt) * ((latest - p.receivedAt) / (last - p.receivedAt));
    for (const step of p.steps) step.at = move(step.at);
    if (p.reply) p.reply.at = move(p.reply.at);
    p.receivedAt = move(p.receivedAt);
  }

  /** Channel-shaped ids, unique per channel: a Facebook `post_comment`, a Telegram `chat:message`, ... */
  private externalId(channel: Channel, page: PageEntity | null, resident: Resident): string | null {
    if (channel === 'manual') return null;
    for (;;) {
      const id = {
        facebook: () => `${this.digits(16, '')}_${this.digits(16, '')}`,
        instagram: () => this.digits(17, '178'),
        telegram: () => `${page?.externalId ?? resident.telegramId}:${this.digits(5, '')}`,
        vk: () => `${page ? `-${page.externalId}` : resident.vkId}_${this.digits(5, '')}`,
        open311: () => this.digits(6, ''),
      }[channel]();
      if (!this.usedExternalIds.has(`${channel}:${id}`)) {
        this.usedExternalIds.add(`${channel}:${id}`);
        return id;
      }
    }
  }

  /** Residents write between 07:00 and midnight: a night-time draw moves to a daytime hour of that day. */
  private postingTime(t: number): number {
    const sinceMidnight = (t + ALMATY_OFFSET) % DAY;
    // Drawn either way, so the PRNG sequence (hence the data) does not depend on `now`.
    const daytime = t - sinceMidnight + between(this.rng, 7 * HOUR, DAY);
    if (sinceMidnight >= 7 * HOUR) return t;
    return daytime < this.now - 10 * MINUTE ? daytime : daytime - DAY;
  }

  /** `prefix` followed by random digits up to `length`, never starting with 0, like the channels' numeric ids. */
  private digits(length: number, prefix: string): string {
    let out = prefix;
    while (out.length < length) out += String(out.length === 0 ? 1 + Math.floor(this.rng() * 9) : Math.floor(this.rng() * 10));
    return out;
  }
}

/** The statuses of `count` tickets in the STATUS_SHARE proportions (largest remainder), shuffled. */
function statusMix(rng: Rng, count: number): TicketStatus[] {
  const entries = Object.entries(STATUS_SHARE) as Array<[TicketStatus, number]>;
  const counts = entries.map(([status, share]) => ({ status, n: Math.floor(share * count), rest: share * count - Math.floor(share * count) }));
  let missing = count - counts.reduce((sum, c) => sum + c.n, 0);
  for (const c of [...counts].sort((a, b) => b.rest - a.rest)) {
    if (missing-- <= 0) break;
    c.n++;
  }
  return shuffle(
    rng,
    counts.flatMap((c) => Array.from({ length: c.n }, () => c.status)),
  );
}

/** A plausible route through the state machine to `final` (every step is checked against TRANSITIONS). */
function statusPath(rng: Rng, final: TicketStatus): TicketStatus[] {
  const intake: TicketStatus[] = ['new', 'triaged', 'assigned'];
  const work = (): TicketStatus[] => {
    const r = rng();
    if (r < 0.6) return [...intake, 'in_progress'];
    if (r < 0.75) return [...intake, 'in_progress', 'awaiting_resident', 'in_progress'];
    if (r < 0.85) return [...intake, 'awaiting_resident'];
    return intake;
  };
  switch (final) {
    case 'new':
      return ['new'];
    case 'triaged':
      return ['new', 'triaged'];
    case 'assigned':
      return intake;
    case 'in_progress':
      return [...intake, 'in_progress'];
    case 'awaiting_resident':
      return rng() < 0.5 ? [...intake, 'awaiting_resident'] : [...intake, 'in_progress', 'awaiting_resident'];
    case 'resolved':
      return [...work(), 'resolved'];
    case 'closed':
      return [...work(), 'resolved', 'closed'];
    case 'reopened':
      return rng() < 0.6 ? [...work(), 'resolved', 'reopened'] : [...work(), 'resolved', 'closed', 'reopened'];
    case 'rejected':
      return rng() < 0.6 ? ['new', 'rejected'] : ['new', 'triaged', 'rejected'];
    case 'merged':
      return rng() < 0.5 ? ['new', 'merged'] : ['new', 'triaged', 'merged'];
  }
}

function isAssigneeStep(status: TicketStatus): boolean {
  return status === 'in_progress' || status === 'awaiting_resident' || status === 'resolved';
}

/** Intake lag: a webhook lands in seconds, an operator types a phone call in within minutes. */
function createdDelay(rng: Rng, channel: Channel): number {
  if (channel === 'manual') return logBetween(rng, 2 * MINUTE, 20 * MINUTE);
  if (channel === 'open311') return logBetween(rng, SECOND, 20 * SECOND);
  return logBetween(rng, 3 * SECOND, 3 * MINUTE);
}

function stepGap(rng: Rng, from: TicketStatus, to: TicketStatus, automatic: boolean): number {
  switch (to) {
    case 'new':
      throw new Error(`'new' is only the first step, not a move from '${from}'`);
    case 'triaged':
      return logBetween(rng, 5 * MINUTE, 8 * HOUR);
    case 'assigned':
      return automatic ? logBetween(rng, 3 * SECOND, 90 * SECOND) : logBetween(rng, 20 * MINUTE, DAY);
    case 'in_progress':
      return logBetween(rng, 30 * MINUTE, 3 * DAY);
    case 'awaiting_resident':
      return logBetween(rng, HOUR, 2 * DAY);
    case 'resolved':
      return logBetween(rng, 4 * HOUR, 10 * DAY);
    case 'closed':
      return logBetween(rng, DAY, 5 * DAY);
    case 'reopened':
      return logBetween(rng, DAY, 7 * DAY);
    case 'rejected':
    case 'merged':
      return logBetween(rng, 10 * MINUTE, DAY);
  }
}

interface Shift {
  /** Minutes after local midnight. */
  from: number;
  to: number;
  weekends: boolean;
}

// Press services watch the akims' pages every day into the evening; departments keep office hours.
const PRESS_SHIFT: Shift = { from: 8 * 60, to: 21 * 60, weekends: true };
const DEPARTMENT_SHIFT: Shift = { from: 9 * 60, to: 18 * 60 + 30, weekends: false };

/** An action that would fall outside the actor's shift (Almaty time) waits for the next one to start. */
function onShift(rng: Rng, t: number, shift: Shift): number {
  // Drawn either way, so the PRNG sequence (hence the data) does not depend on `now`.
  const delay = between(rng, 0, 90 * MINUTE);
  const local = new Date(t + ALMATY_OFFSET);
  const weekday = local.getUTCDay();
  const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
  const works = (day: number) => shift.weekends || (day % 7 >= 1 && day % 7 <= 5);
  if (works(weekday) && minutes >= shift.from && minutes < shift.to) return t;
  const midnight = t - ((t + ALMATY_OFFSET) % DAY);
  let days = works(weekday) && minutes < shift.from ? 0 : 1;
  while (!works(weekday + days)) days++;
  return midnight + days * DAY + shift.from * MINUTE + delay;
}

export type Rng = () => number;

/** mulberry32: a tiny seeded PRNG, good enough for demo data and identical on every platform. */
export function mulberry32(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function between(rng: Rng, min: number, max: number): number {
  return min + (max - min) * rng();
}

/** Waiting times spread over orders of magnitude: minutes are as common as hours and days. */
export function logBetween(rng: Rng, min: number, max: number): number {
  return Math.exp(between(rng, Math.log(min), Math.log(max)));
}

function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function weighted<K extends string>(rng: Rng, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as Array<[K, number]>;
  let r = rng() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, w] of entries) {
    r -= w;
    if (r < 0) return key;
  }
  return entries.at(-1)![0];
}

function shuffle<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Deals items in shuffled rounds, so every one is used before any repeats. */
function dealer<T>(rng: Rng, items: readonly T[]): () => T {
  let deck: T[] = [];
  return () => {
    if (!deck.length) deck = shuffle(rng, items);
    return deck.pop()!;
  };
}
