import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { Channel, Language, Priority, ResidentConfirmationState, SlaState, TicketStatus } from '@app/domain';

@Entity('tickets')
export class TicketEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  reference!: string;

  @Column({ type: 'text' })
  channel!: Channel;

  @Column({ type: 'text', nullable: true })
  externalId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  pageId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  districtId!: string | null;

  @Column({ type: 'text', nullable: true })
  locality!: string | null;

  @Column({ type: 'text', nullable: true })
  categoryCode!: string | null;

  @Column({ type: 'uuid', nullable: true })
  departmentId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'text', default: 'normal' })
  priority!: Priority;

  @Column({ type: 'text', default: 'new' })
  status!: TicketStatus;

  @Column({ type: 'text' })
  authorName!: string;

  @Column({ type: 'text', nullable: true })
  authorExternalId!: string | null;

  @Column({ type: 'text', nullable: true })
  authorPhone!: string | null;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'text', default: 'other' })
  language!: Language;

  @Column({ type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  firstResponseAt!: Date | null;

  /** Working seconds from receipt to the first response on the ticket's SLA calendar, stored when it happens (reports). */
  @Column({ type: 'integer', nullable: true })
  firstResponseBusinessSeconds!: number | null;

  /** Set when a public reply failed for good and none was delivered since: the resident has heard nothing. */
  @Column({ type: 'timestamptz', nullable: true })
  undeliveredReplyAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  parentTicketId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  clusterId!: string | null;

  /** Does the text begin with its cluster's title? Kept by database triggers (migration 1764290000000), never written here. */
  @Column({ type: 'boolean', nullable: true, insert: false, update: false })
  clusterTitleMatch!: boolean | null;

  @Column({ type: 'smallint', default: 0 })
  escalationLevel!: number;

  @Column({ type: 'uuid', nullable: true })
  slaPolicyId!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstResponseDueAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolutionDueAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstResponseBreachedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolutionBreachedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  slaPausedSeconds!: number;

  @Column({ type: 'text', default: 'ok' })
  slaState!: SlaState;

  /** Set while the clock is paused (awaiting the resident); the pause is added to slaPausedSeconds on resume. */
  @Column({ type: 'timestamptz', nullable: true })
  slaPausedSince!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstResponseWarningAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolutionWarningAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  firstResponseWarnedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolutionWarnedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  levelTwoDueAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  escalatedAt!: Date | null;

  /** Issue 16: whether the resident confirmed the resolution (asked under their comment, or recorded from a call). */
  @Column({ type: 'text', default: 'not_asked' })
  residentConfirmationState!: ResidentConfirmationState;

  @Column({ type: 'timestamptz', nullable: true })
  residentConfirmationAskedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  residentConfirmationAnsweredAt!: Date | null;

  /** When an unanswered question makes the verdict `unanswered` (the window on the ticket's SLA clock). */
  @Column({ type: 'timestamptz', nullable: true })
  residentConfirmationDueAt!: Date | null;

  /** The question's reply: the resident answers under it (or under their own comment). */
  @Column({ type: 'uuid', nullable: true })
  residentConfirmationReplyId!: string | null;

  /** Issue 16: a formal appeal under the APPK, registered in e-Otinish or the document system. */
  @Column({ type: 'text', nullable: true })
  formalAppealNumber!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  formalAppealRegisteredAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  formalAppealForwardDueAt!: Date | null;

  /** The legal due instant (the extended one after an extension). */
  @Column({ type: 'timestamptz', nullable: true })
  formalAppealDueAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  formalAppealWarningAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  formalAppealLevelTwoDueAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  formalAppealExtendedUntil!: Date | null;

  @Column({ type: 'text', nullable: true })
  formalAppealExtensionReason!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  formalAppealWarnedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  formalAppealBreachedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  formalAppealEscalatedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  formalAppealAnsweredAt!: Date | null;

  /** Optimistic concurrency: every write bumps it; If-Match must name the current one. */
  @Column({ type: 'integer', default: 1 })
  version!: number;
}
