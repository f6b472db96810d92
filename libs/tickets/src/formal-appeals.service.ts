import { Injectable } from '@nestjs/common';
import { TicketsRepository, UnitOfWork, VerdictsRepository, type TicketEntity } from '@app/database';
import {
  APPEAL_ANSWERING_STATUSES,
  DomainError,
  assertExtension,
  extensionNotice,
  formalAppealSchedule,
  type BusinessCalendar,
  type TicketStatus,
} from '@app/domain';
import { jobIds, outboxJob } from '@app/queues';
import { SlaService } from '@app/sla';
import type { TicketChange } from './assignment-change.js';
import { DELIVERED_CHANNELS } from './resident-verdict.service.js';

export interface FormalAppealInput {
  /** The registration number in e-Otinish or the akimat's document system. */
  number: string;
  registeredAt: Date;
}

export interface ExtensionInput {
  until: Date;
  reason: string;
}

/**
 * A ticket registered as a formal appeal under the APPK carries a second, legal clock on the
 * national calendar (libs/domain/formal-appeal.ts): due 15 working days after registration, one
 * extension within the legal limit with a notice to the resident, and the SLA engine's ladder
 * (warning, overdue, escalation to the governor's office) on its own columns.
 */
@Injectable()
export class FormalAppealsService {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly verdicts: VerdictsRepository,
    private readonly sla: SlaService,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * After the national calendar changed (a holiday rule or a decree transfer): every open appeal's
   * instants computed again from its registration (an extended one keeps the date decided). Steps
   * already taken stand. Runs with the SLA's re-timing, from the same job.
   */
  async retimeOpen(batch = 200): Promise<number> {
    const calendar = await this.sla.formalAppealCalendar();
    let after: string | null = null;
    let moved = 0;
    for (;;) {
      const ids = await this.verdicts.openFormalAppealIds(after, batch);
      if (!ids.length) return moved;
      for (const id of ids) if (await this.retimeOne(id, calendar)) moved++;
      after = ids[ids.length - 1]!;
    }
  }

  private async retimeOne(id: string, calendar: BusinessCalendar): Promise<boolean> {
    return this.uow.run(async () => {
      const t = await this.tickets.lockInScope({ kind: 'all' }, id);
      if (!t?.formalAppealRegisteredAt || t.formalAppealAnsweredAt) return false;
      const s = formalAppealSchedule(calendar, t.formalAppealRegisteredAt, t.formalAppealExtendedUntil);
      const next = {
        formalAppealForwardDueAt: s.forwardDueAt,
        formalAppealDueAt: s.dueAt,
        formalAppealWarningAt: s.warningAt,
        formalAppealLevelTwoDueAt: s.levelTwoDueAt,
      };
      if ((Object.keys(next) as Array<keyof typeof next>).every((k) => t[k]?.getTime() === next[k].getTime())) return false;
      const timers = this.sla.pendingInstants(t);
      const before = { forwardDueAt: t.formalAppealForwardDueAt, dueAt: t.formalAppealDueAt };
      await this.tickets.update(t, next);
      this.uow.afterCommit(() => this.sla.reschedule(id, timers, this.sla.pendingInstants(t)));
      await this.tickets.appendEvents([
        { ticketId: id, type: 'sla.timed', payload: { clock: 'formal_appeal', before, after: { forwardDueAt: s.forwardDueAt, dueAt: s.dueAt } } },
      ]);
      return true;
    });
  }

  async register(t: TicketEntity, input: FormalAppealInput, now: Date): Promise<TicketChange> {
    if (t.formalAppealNumber) throw new DomainError('conflict', `ticket ${t.reference} is registered as formal appeal ${t.formalAppealNumber} already`);
    if (t.status === 'merged') throw new DomainError('invalid_transition', `ticket ${t.reference} is merged; register its parent ticket`);
    if (input.registeredAt.getTime() > now.getTime() + 60_000) throw new DomainError('validation', 'registeredAt cannot be in the future');
    const s = formalAppealSchedule(await this.sla.formalAppealCalendar(), input.registeredAt);
    // Registered after the akimat already answered: the answer stands, at the instant it was given.
    const answeredAt = APPEAL_ANSWERING_STATUSES.includes(t.status) ? (t.resolvedAt ?? t.closedAt ?? now) : null;
    return {
      changes: {
        formalAppealNumber: input.number.trim(),
        formalAppealRegisteredAt: input.registeredAt,
        formalAppealForwardDueAt: s.forwardDueAt,
        formalAppealDueAt: s.dueAt,
        formalAppealWarningAt: s.warningAt,
        formalAppealLevelTwoDueAt: s.levelTwoDueAt,
        formalAppealAnsweredAt: answeredAt,
      },
      events: [
        {
          type: 'appeal.registered',
          payload: {
            number: input.number.trim(),
            registeredAt: input.registeredAt.toISOString(),
            forwardDueAt: s.forwardDueAt.toISOString(),
            dueAt: s.dueAt.toISOString(),
            latestDueAt: s.latestDueAt.toISOString(),
          },
        },
      ],
    };
  }

  /** The one extension: the new due instant, and a notice to the resident (posted on their channel where Tynda answers). */
  async extend(t: TicketEntity, input: ExtensionInput, now: Date, actorId: string): Promise<TicketChange & { jobs: ReturnType<typeof outboxJob>[] }> {
    if (!t.formalAppealRegisteredAt || !t.formalAppealDueAt)
      throw new DomainError('validation', `ticket ${t.reference} is not a formal appeal; register it first`);
    const calendar = await this.sla.formalAppealCalendar();
    assertExtension(
      {
        registeredAt: t.formalAppealRegisteredAt,
        dueAt: t.formalAppealDueAt,
        extendedUntil: t.formalAppealExtendedUntil,
        answeredAt: t.formalAppealAnsweredAt,
      },
      input.until,
      now,
      calendar,
    );
    const s = formalAppealSchedule(calendar, t.formalAppealRegisteredAt, input.until);
    const reason = input.reason.trim();
    const delivered = DELIVERED_CHANNELS.has(t.channel) && t.externalId !== null;
    const notice = await this.tickets.insertReply({
      ticketId: t.id,
      authorId: actorId,
      body: extensionNotice(t.language, input.until, reason),
      visibility: 'public',
      deliveryStatus: delivered ? 'pending' : 'not_applicable',
    });
    return {
      changes: {
        formalAppealDueAt: s.dueAt,
        formalAppealWarningAt: s.warningAt,
        formalAppealLevelTwoDueAt: s.levelTwoDueAt,
        formalAppealExtendedUntil: input.until,
        formalAppealExtensionReason: reason,
        // The longer term gets its own warning when its time comes.
        ...(s.warningAt.getTime() > now.getTime() ? { formalAppealWarnedAt: null } : {}),
      },
      events: [
        {
          type: 'appeal.extended',
          payload: { previousDueAt: t.formalAppealDueAt.toISOString(), until: input.until.toISOString(), reason, noticeReplyId: notice.id },
        },
      ],
      jobs: delivered ? [outboxJob('outbound', 'outbound.deliver', { replyId: notice.id }, jobIds.outboundDeliver(notice.id))] : [],
    };
  }

  /** A status that answers the appeal stops its clock; answered late when past its due instant. */
  answered(t: TicketEntity, to: TicketStatus, now: Date): TicketChange | null {
    if (!t.formalAppealDueAt || t.formalAppealAnsweredAt || !APPEAL_ANSWERING_STATUSES.includes(to)) return null;
    return {
      changes: { formalAppealAnsweredAt: now },
      events: [{ type: 'appeal.answered', payload: { dueAt: t.formalAppealDueAt.toISOString(), late: now.getTime() > t.formalAppealDueAt.getTime() } }],
    };
  }
}
