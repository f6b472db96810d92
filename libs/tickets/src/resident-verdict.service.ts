import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { NotificationsRepository, TicketsRepository, UnitOfWork, VerdictsRepository, type TicketEntity } from '@app/database';
import { Clock, classifyResidentAnswer, confirmationQuestion, verdictOf, type Channel, type ResidentVerdictPayload } from '@app/domain';
import { JobOutbox, jobIds, outboxJob } from '@app/queues';
import { SlaService } from '@app/sla';
import type { TicketChange } from './assignment-change.js';

/** Channels on which Tynda posts under the resident's comment itself (the outbound worker). */
export const DELIVERED_CHANNELS: ReadonlySet<Channel> = new Set(['facebook', 'instagram', 'telegram', 'vk']);

export type Verdict = 'confirmed' | 'disputed' | 'unanswered';

/** Where a verdict came from, kept on its event. */
export type VerdictSource = { via: 'thread'; externalId: string; text: string; at: Date } | { via: 'call'; note?: string } | { via: 'window' };

export interface VerdictChange extends TicketChange {
  /** In-app notifications written in the transaction (the department hears of a dispute). */
  notificationIds: string[];
}

const SWEEP_BATCH = 200;

/**
 * The resident's verdict on a resolution (issue 16). Resolving a ticket that came from a social
 * channel posts a short question under the resident's own comment, in their language; their next
 * comment in that thread is read by rules (libs/domain/resident-verdict.ts): yes closes the ticket
 * as `confirmed`, no reopens it as `disputed` with its clock running on and the department told;
 * silence past RESIDENT_CONFIRMATION_WINDOW closes it as `unanswered`. A phoned-in ticket's
 * verdict is recorded by the press secretary who made the call.
 */
@Injectable()
export class ResidentVerdictService {
  private readonly logger = new Logger(ResidentVerdictService.name);

  constructor(
    private readonly tickets: TicketsRepository,
    private readonly verdicts: VerdictsRepository,
    private readonly notifications: NotificationsRepository,
    private readonly sla: SlaService,
    private readonly outbox: JobOutbox,
    private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /**
   * What resolving a ticket adds: on a channel Tynda answers on, the question (a public reply the
   * outbound worker delivers under the resident's comment) and the ticket waiting for the verdict.
   */
  async ask(t: TicketEntity, now: Date): Promise<(TicketChange & { replyId: string }) | null> {
    if (!DELIVERED_CHANNELS.has(t.channel) || !t.externalId) return null;
    const reply = await this.tickets.insertReply({
      ticketId: t.id,
      authorId: null,
      body: confirmationQuestion(t.language),
      visibility: 'public',
      deliveryStatus: 'pending',
    });
    const dueAt = (await this.sla.clockOf(t)).add(now, this.config.RESIDENT_CONFIRMATION_WINDOW);
    return {
      replyId: reply.id,
      changes: {
        residentConfirmationState: 'asked',
        residentConfirmationAskedAt: now,
        residentConfirmationAnsweredAt: null,
        residentConfirmationDueAt: dueAt,
        residentConfirmationReplyId: reply.id,
      },
      events: [{ type: 'resident.asked', payload: { replyId: reply.id, language: t.language, dueAt: dueAt.toISOString() } }],
    };
  }

  /** The job that delivers the question. */
  questionJob(replyId: string) {
    return outboxJob('outbound', 'outbound.deliver', { replyId }, jobIds.outboundDeliver(replyId));
  }

  /**
   * The verdict's consequences for a ticket: the state and its instant, and, while the ticket is
   * still `resolved`, closing it (confirmed, unanswered) or reopening it (disputed). A ticket someone
   * already moved on keeps its status; the verdict is recorded all the same.
   */
  async decide(t: TicketEntity, verdict: Verdict, source: VerdictSource, now: Date): Promise<VerdictChange> {
    const changes: Partial<TicketEntity> = { residentConfirmationState: verdict, residentConfirmationDueAt: null };
    if (verdict !== 'unanswered') changes.residentConfirmationAnsweredAt = source.via === 'thread' ? source.at : now;
    const payload: ResidentVerdictPayload = source.via === 'thread' ? { via: 'thread', externalId: source.externalId, text: source.text } : { ...source };
    const events: TicketChange['events'] = [{ type: `resident.${verdict}`, payload }];
    const wasResolved = t.status === 'resolved';
    if (wasResolved && verdict === 'disputed') {
      Object.assign(changes, { status: 'reopened', resolvedAt: null, closedAt: null });
      events.push({ type: 'ticket.status_changed', fromStatus: 'resolved', toStatus: 'reopened', payload: { automatic: true, reason: 'resident_disputed' } });
    } else if (wasResolved) {
      Object.assign(changes, { status: 'closed', closedAt: now });
      events.push({
        type: 'ticket.status_changed',
        fromStatus: 'resolved',
        toStatus: 'closed',
        payload: { automatic: true, reason: verdict === 'confirmed' ? 'resident_confirmed' : 'resident_unanswered' },
      });
    }
    let notificationIds: string[] = [];
    if (verdict === 'disputed') {
      const audience = await this.verdicts.disputeAudience(t);
      notificationIds = await this.notifications.notify(audience, t.id, 'resident.disputed', `disputed:${now.getTime()}`);
    }
    return { changes, events, notificationIds };
  }

  /**
   * A resident's comment under a thread (intake, inside its transaction): when it answers a ticket
   * waiting for this resident's verdict and says yes or no, the verdict is applied and the ticket id
   * returned; otherwise null, and the comment is an ordinary one.
   */
  async fromThread(
    channel: Channel,
    comment: { parentExternalId: string; externalId: string; authorExternalId: string | null; text: string; receivedAt: Date },
  ): Promise<string | null> {
    if (!comment.authorExternalId) return null;
    const answer = classifyResidentAnswer(comment.text);
    if (answer === 'unclear') return null;
    const t = await this.verdicts.lockAwaitingVerdict(channel, comment.parentExternalId, comment.authorExternalId);
    if (!t) return null;
    const now = this.clock.now();
    const decided = await this.decide(t, verdictOf(answer), { via: 'thread', externalId: comment.externalId, text: comment.text, at: comment.receivedAt }, now);
    await this.apply(t, decided, now);
    return t.id;
  }

  /** Closes, as `unanswered`, every resolution whose question waited past the window; returns how many. */
  async closeUnanswered(): Promise<number> {
    let closed = 0;
    for (;;) {
      const ids = await this.verdicts.unansweredDue(SWEEP_BATCH);
      let round = 0;
      for (const id of ids) {
        const done = await this.uow.run(async () => {
          // Re-checked under the lock: an answer (or another worker) may have come first.
          const t = await this.verdicts.lockUnanswered(id);
          if (!t) return false;
          const now = this.clock.now();
          await this.apply(t, await this.decide(t, 'unanswered', { via: 'window' }, now), now);
          return true;
        });
        if (done) round++;
      }
      closed += round;
      if (ids.length < SWEEP_BATCH || round === 0) return closed;
    }
  }

  /** Writes a decided verdict outside the API's write path (intake, the sweep); notifications leave through the outbox relay. */
  private async apply(t: TicketEntity, decided: VerdictChange, now: Date): Promise<void> {
    const slaChanges = await this.sla.settle(t, decided.changes, now);
    await this.tickets.update(t, { ...decided.changes, ...slaChanges });
    await this.tickets.appendEvents(decided.events.map((e) => ({ ...e, ticketId: t.id })));
    await this.outbox.stage(this.outbox.notifications(decided.notificationIds));
    this.logger.log({ message: 'resident verdict', ticketId: t.id, state: decided.changes.residentConfirmationState });
  }
}
