import type { SchemaObject } from '@nestjs/swagger';
import {
  CHANNELS,
  ERROR_CODES,
  FAILURE_KINDS,
  FORMAL_APPEAL_STATES,
  LANGUAGES,
  LOCALES,
  NOTIFICATION_KINDS,
  PRIORITIES,
  REPLY_DELIVERY_STATUSES,
  REPLY_VISIBILITIES,
  RESIDENT_CONFIRMATION_STATES,
  ROLES,
  SLA_FIGURE_KEYS,
  SLA_STATES,
  TICKET_STATUSES,
  VERDICT_FIGURE_KEYS,
} from '@app/domain';
import { ref } from './api-doc.decorator.js';

/**
 * The answers' schemas (`components.schemas`), written beside the view functions they describe
 * (libs/tickets/src/ticket.view.ts, apps/api/src/**\/*.view.ts): the views are plain functions, so
 * there is no class to decorate. The e2e test test/openapi.e2e-spec.ts validates real answers
 * against them with unknown properties refused, so a field added to a view without its schema fails it.
 */
const str: SchemaObject = { type: 'string' };
const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const instant: SchemaObject = { type: 'string', format: 'date-time' };
const int: SchemaObject = { type: 'integer' };
const num: SchemaObject = { type: 'number' };
const bool: SchemaObject = { type: 'boolean' };
const nullable = (s: SchemaObject): SchemaObject => ({ ...s, nullable: true });
const oneOf = (values: readonly string[]): SchemaObject => ({ type: 'string', enum: [...values] });
const list = (items: SchemaObject | ReturnType<typeof ref>): SchemaObject => ({ type: 'array', items });

/** An object whose properties are all present (null where the view says so), plus `optional` ones that may be left out. */
export function obj(
  properties: Record<string, SchemaObject | ReturnType<typeof ref>>,
  optional: Record<string, SchemaObject | ReturnType<typeof ref>> = {},
): SchemaObject {
  return { type: 'object', required: Object.keys(properties), properties: { ...properties, ...optional } };
}

const SLA_COUNTS = ['received', 'rejected', 'merged', 'responded', 'resolved', 'firstResponseBreaches', 'resolutionBreaches', 'openBacklog'];
const OUTCOME_FIGURES = {
  confirmed: int,
  disputed: int,
  unanswered: int,
  awaitingVerdict: int,
  confirmedResolutionRate: nullable(num),
  formalAppeals: int,
  formalAppealsAnsweredLate: int,
  formalAppealsOverdue: int,
  formalAppealExtensions: int,
};
/** The residents' verdicts each report row carries beside its resolution rate (the same figures as its `resolutionOutcomes` row). */
const VERDICT_FIGURES = Object.fromEntries(VERDICT_FIGURE_KEYS.map((k) => [k, OUTCOME_FIGURES[k]]));
const SCORECARD_FIGURES = {
  received: int,
  answeredWithinOneWorkingDayShare: nullable(num),
  firstResponseMedianSeconds: nullable(num),
  resolvedShare: nullable(num),
  confirmedByResidentsShare: nullable(num),
};
const SLA_FIGURES = Object.fromEntries(SLA_FIGURE_KEYS.map((k) => [k, SLA_COUNTS.includes(k) ? int : nullable(num)]));

const groupLabel = { groupId: nullable(str), groupCode: nullable(str), groupNameKk: str, groupNameRu: str };
const label = obj({ id: uuid, code: nullable(str), nameKk: str, nameRu: str });
const reportHeader = (report: string, filters: SchemaObject) => ({
  report: { type: 'string', enum: [report] } as SchemaObject,
  timeZone: str,
  generatedAt: str,
  scope: ref('ReportScope'),
  filters,
  clocks: { type: 'object', additionalProperties: str } as SchemaObject,
});
const localInstant: SchemaObject = { type: 'string', description: 'An instant in Asia/Almaty, e.g. 2026-03-01T09:00:00+05:00' };

/** A ticket as toTicketView answers it. */
const TICKET = {
  id: uuid,
  reference: { type: 'string', example: 'ZHM-2026-000042' },
  channel: oneOf(CHANNELS),
  externalId: nullable(str),
  pageId: nullable(uuid),
  districtId: nullable(uuid),
  locality: nullable(str),
  categoryCode: nullable(str),
  departmentId: nullable(uuid),
  assigneeId: nullable(uuid),
  priority: oneOf(PRIORITIES),
  status: oneOf(TICKET_STATUSES),
  author: obj({ name: str, externalId: nullable(str) }, { phone: str }),
  text: str,
  language: oneOf(LANGUAGES),
  receivedAt: instant,
  createdAt: instant,
  updatedAt: instant,
  firstResponseAt: nullable(instant),
  undeliveredReply: bool,
  undeliveredReplyAt: nullable(instant),
  resolvedAt: nullable(instant),
  closedAt: nullable(instant),
  parentTicketId: nullable(uuid),
  clusterId: nullable(uuid),
  escalationLevel: int,
  sla: obj({
    policyId: nullable(uuid),
    firstResponseDueAt: nullable(instant),
    resolutionDueAt: nullable(instant),
    firstResponseBreachedAt: nullable(instant),
    resolutionBreachedAt: nullable(instant),
    pausedSeconds: int,
    state: oneOf(SLA_STATES),
  }),
  residentConfirmation: obj({
    state: oneOf(RESIDENT_CONFIRMATION_STATES),
    askedAt: nullable(instant),
    answeredAt: nullable(instant),
    dueAt: nullable(instant),
  }),
  formalAppeal: nullable(
    obj({
      number: str,
      registeredAt: instant,
      forwardDueAt: nullable(instant),
      dueAt: nullable(instant),
      extendedUntil: nullable(instant),
      extensionReason: nullable(str),
      state: oneOf(FORMAL_APPEAL_STATES),
      warnedAt: nullable(instant),
      overdueAt: nullable(instant),
      escalatedAt: nullable(instant),
      answeredAt: nullable(instant),
      answeredLate: bool,
    }),
  ),
  version: int,
};

export const RESPONSE_SCHEMAS: Record<string, SchemaObject> = {
  Error: {
    ...obj(
      { statusCode: int, error: str, message: { oneOf: [str, list(str)] }, code: oneOf(ERROR_CODES) },
      { requestId: str, fields: { type: 'array', items: { type: 'object' } } },
    ),
    description: 'Every error of the API (apps/api/src/common/http-error.filter.ts); domain errors may add details',
    additionalProperties: true,
  },
  Open311Errors: {
    type: 'array',
    description: 'GeoReport v2 errors: one per problem found',
    items: obj({ code: int, description: str }),
  },

  Ticket: obj(TICKET),
  TicketListItem: obj({ ...TICKET, suggestedCategoryCode: nullable(str), publicReplyAt: nullable(instant) }),
  TicketsPage: obj(
    { items: list(ref('TicketListItem')), nextCursor: nullable(str) },
    {
      total: { type: 'integer', description: 'How many tickets match over all pages (with count=true), counted up to 10,000: see totalCapped' },
      totalCapped: { type: 'boolean', description: 'With total: true when more than 10,000 tickets match (total is then 10,000; show "10,000+")' },
    },
  ),
  BulkResult: {
    ...obj({ id: uuid, ok: bool }, { version: int, code: oneOf(ERROR_CODES), message: str }),
    description: 'One ticket of a bulk action: `ok` with its new `version`, or the `code` and `message` its single action would have answered',
  },
  BulkResults: obj({ results: list(ref('BulkResult')) }),
  TicketEvent: obj({
    id: str,
    ticketId: uuid,
    type: str,
    actorId: nullable(uuid),
    from: nullable(str),
    to: nullable(str),
    payload: { type: 'object', additionalProperties: true },
    createdAt: instant,
  }),
  TicketReply: obj({
    id: uuid,
    ticketId: uuid,
    authorId: nullable(uuid),
    body: str,
    visibility: oneOf(REPLY_VISIBILITIES),
    deliveryStatus: oneOf(REPLY_DELIVERY_STATUSES),
    externalId: nullable(str),
    deliveryAttempts: int,
    deliveryError: nullable(str),
    deliveredAt: nullable(instant),
    createdAt: instant,
  }),
  Person: obj({ id: uuid, fullName: str, role: oneOf(ROLES) }),

  User: obj({
    id: uuid,
    email: { type: 'string', format: 'email' },
    fullName: str,
    role: oneOf(ROLES),
    districtIds: list(uuid),
    departmentId: nullable(uuid),
    active: bool,
    locale: nullable(oneOf(LOCALES)),
    createdAt: instant,
    updatedAt: instant,
  }),
  Me: obj({
    id: uuid,
    role: oneOf(ROLES),
    districtIds: list(uuid),
    departmentId: nullable(uuid),
    email: { type: 'string', format: 'email' },
    fullName: str,
    locale: nullable(oneOf(LOCALES)),
  }),
  Session: obj({ accessToken: str, expiresAt: instant, user: ref('User') }),
  SessionsEnded: obj({ sessionsEnded: int }),
  Unlocked: obj({ unlocked: bool }),

  Notification: obj({
    id: uuid,
    kind: oneOf(NOTIFICATION_KINDS),
    ticketId: uuid,
    ticketReference: nullable(str),
    step: nullable(str),
    createdAt: instant,
    readAt: nullable(instant),
  }),
  Cluster: obj({
    id: uuid,
    districtId: nullable(uuid),
    categoryCode: nullable(str),
    title: str,
    titleHidden: bool,
    tickets: int,
    openTickets: int,
    residents: int,
    firstReceivedAt: instant,
    lastReceivedAt: instant,
    createdAt: instant,
    updatedAt: instant,
  }),

  Page: obj({
    id: uuid,
    channel: oneOf(CHANNELS),
    externalId: str,
    districtId: nullable(uuid),
    departmentId: nullable(uuid),
    title: str,
    hasCredentials: bool,
    connection: obj({ state: str, checkedAt: nullable(instant), message: nullable(str) }),
    reconciliation: obj({ recoveredComments: int, lastRunAt: nullable(instant) }),
    createdAt: instant,
    updatedAt: instant,
  }),

  RoutingPreview: obj({
    categoryCode: nullable(str),
    departmentId: nullable(uuid),
    certain: bool,
    confidence: num,
    matched: list(str),
    alternatives: list(obj({ categoryCode: str, confidence: num })),
  }),
  RoutingModel: obj({
    version: nullable(int),
    createdAt: nullable(instant),
    seedExamples: int,
    decisions: int,
    measuredOn: int,
    precision: nullable(num),
    coverage: nullable(num),
    top1: nullable(num),
    threshold: num,
  }),

  Failure: {
    ...obj({ kind: oneOf(FAILURE_KINDS), id: str, failedAt: instant, error: nullable(str) }),
    description: 'A delivery, job or reply that exhausted its retries; the other fields depend on `kind`',
    additionalProperties: true,
  },
  FailuresPage: obj({ items: list(ref('Failure')), nextCursor: nullable(str) }, { unavailable: { type: 'object', additionalProperties: str } }),

  ReportScope: {
    ...obj({ kind: oneOf(['all', 'districts', 'department']) }, { districts: list(label), includesUnknownDistrict: bool, department: nullable(label) }),
  },
  SlaFigures: obj(SLA_FIGURES),
  SlaRow: obj({ ...groupLabel, ...SLA_FIGURES, ...VERDICT_FIGURES }),
  OutcomeRow: obj({ ...groupLabel, ...OUTCOME_FIGURES }),
  SlaReport: obj({
    ...reportHeader('sla', obj({ from: localInstant, to: localInstant, groupBy: str })),
    rows: list(ref('SlaRow')),
    total: ref('SlaRow'),
    resolutionOutcomes: obj({ rows: list(ref('OutcomeRow')), total: ref('OutcomeRow') }),
  }),
  Breach: obj({
    ticketId: uuid,
    reference: str,
    clock: oneOf(['first_response', 'resolution']),
    districtId: nullable(uuid),
    districtNameKk: nullable(str),
    districtNameRu: nullable(str),
    departmentId: nullable(uuid),
    departmentNameKk: nullable(str),
    departmentNameRu: nullable(str),
    assigneeAtBreachId: nullable(uuid),
    assigneeAtBreachName: nullable(str),
    dueAt: localInstant,
    stoppedAt: nullable(localInstant),
    lateSeconds: int,
    status: oneOf(TICKET_STATUSES),
    escalationLevel: int,
  }),
  BreachesReport: obj({
    ...reportHeader('breaches', obj({ from: localInstant, to: localInstant, districtId: nullable(uuid), departmentId: nullable(uuid) })),
    items: list(ref('Breach')),
  }),
  MonthlyRow: obj({
    ...groupLabel,
    current: ref('SlaFigures'),
    previous: ref('SlaFigures'),
    change: { type: 'object', additionalProperties: nullable(num) },
    ...VERDICT_FIGURES,
  }),
  MonthlyReport: obj({
    ...reportHeader('monthly', obj({ month: str, from: localInstant, to: localInstant, previousMonth: str })),
    districts: list(ref('MonthlyRow')),
    departments: list(ref('MonthlyRow')),
    total: ref('MonthlyRow'),
    worstOverdue: list(ref('Breach')),
    silentPages: list(
      obj({
        pageId: uuid,
        title: str,
        channel: str,
        districtId: nullable(uuid),
        districtNameKk: nullable(str),
        districtNameRu: nullable(str),
        comments: int,
        firstCommentAt: localInstant,
        lastCommentAt: localInstant,
      }),
    ),
    resolutionOutcomes: obj({ districts: list(ref('OutcomeRow')), departments: list(ref('OutcomeRow')), total: ref('OutcomeRow') }),
  }),

  RankingFigures: obj({
    received: int,
    answerDue: int,
    answeredInTime: int,
    answeredInTimeRate: nullable(num),
    responded: int,
    firstResponseMedianSeconds: nullable(num),
    actionable: int,
    resolved: int,
    resolutionRate: nullable(num),
  }),
  RankingRow: obj({
    ...groupLabel,
    current: ref('RankingFigures'),
    previous: ref('RankingFigures'),
    change: obj({ answeredInTimeRate: nullable(num), resolutionRate: nullable(num) }),
    overdueNow: int,
    ...VERDICT_FIGURES,
  }),
  RankingReport: obj({
    ...reportHeader(
      'ranking',
      obj({
        from: localInstant,
        to: localInstant,
        month: nullable(str),
        previousFrom: localInstant,
        previousTo: localInstant,
        groupBy: oneOf(['district', 'department']),
      }),
    ),
    rows: list(ref('RankingRow')),
    total: ref('RankingRow'),
  }),

  PublicScorecardFigures: obj(SCORECARD_FIGURES),
  PublicScorecard: obj({
    month: str,
    from: localInstant,
    to: localInstant,
    timeZone: str,
    generatedAt: str,
    districts: list(obj({ code: str, nameKk: str, nameRu: str, ...SCORECARD_FIGURES })),
    region: ref('PublicScorecardFigures'),
  }),

  HealthLive: obj({ status: oneOf(['ok']) }),
  HealthReady: obj({ status: oneOf(['ok', 'unavailable']), checks: { type: 'object', additionalProperties: obj({ status: oneOf(['up', 'down']) }) } }),
  Marked: obj({ marked: int }),
  QueueDashboardSession: obj({ url: str, expiresAt: instant }),

  Open311Service: obj({
    service_code: str,
    service_name: nullable(str),
    description: str,
    metadata: bool,
    type: oneOf(['realtime', 'batch', 'blackbox']),
    keywords: str,
    group: str,
  }),
  Open311ServiceDefinition: obj({ service_code: str, attributes: { type: 'array', maxItems: 0, items: { type: 'object' } } }),
  Open311Created: obj({ service_request_id: str, service_notice: nullable(str), account_id: nullable(str) }),
  Open311Request: obj({
    service_request_id: str,
    status: oneOf(['open', 'closed']),
    status_notes: nullable(str),
    service_name: nullable(str),
    service_code: nullable(str),
    description: str,
    agency_responsible: nullable(str),
    service_notice: nullable(str),
    requested_datetime: instant,
    updated_datetime: instant,
    expected_datetime: nullable(instant),
    address: nullable(str),
    address_id: nullable(str),
    zipcode: nullable(str),
    lat: nullable(num),
    long: nullable(num),
    media_url: nullable({ type: 'string', format: 'uri' }),
  }),
  Open311Discovery: obj({
    changeset: instant,
    contact: str,
    key_service: str,
    endpoints: list(
      obj({
        specification: { type: 'string', format: 'uri' },
        url: { type: 'string', format: 'uri' },
        changeset: instant,
        type: oneOf(['production', 'test']),
        formats: list(str),
      }),
    ),
  }),
};
