import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { Open311Repository, TicketsRepository, type Open311RequestFilters, type Open311RequestRow } from '@app/database';
import { NOT_OPEN_STATUSES, OPEN_STATUSES, parseKeyword, type TicketStatus } from '@app/domain';
import { TicketFactory } from '@app/tickets';
import type { CreateOpen311RequestDto, ListOpen311RequestsQuery, Open311Lang } from './open311.dto.js';

/** GeoReport v2's own limits on a search: 1000 requests, 90 days. */
const MAX_RESULTS = 1000;
const WINDOW_MS = 90 * 24 * 60 * 60 * 1000;

// Open311's `closed`: the resident has nothing more to wait for; a reopened ticket is open again.
const STATUSES_OF = { open: OPEN_STATUSES, closed: NOT_OPEN_STATUSES };

const STATUS_NOTES: Record<Open311Lang, Record<TicketStatus, string>> = {
  ru: {
    new: 'Обращение получено и ожидает распределения',
    triaged: 'Передано в ответственное управление',
    assigned: 'Назначен исполнитель',
    in_progress: 'В работе',
    awaiting_resident: 'Ожидается ответ заявителя',
    resolved: 'Решено',
    closed: 'Закрыто',
    reopened: 'Открыто повторно',
    rejected: 'Отклонено: не является обращением',
    merged: 'Объединено с другим обращением о той же проблеме',
  },
  kk: {
    new: 'Өтініш қабылданды, бөлуді күтуде',
    triaged: 'Жауапты басқармаға жіберілді',
    assigned: 'Орындаушы тағайындалды',
    in_progress: 'Орындалуда',
    awaiting_resident: 'Өтініш берушінің жауабы күтілуде',
    resolved: 'Шешілді',
    closed: 'Жабылды',
    reopened: 'Қайта ашылды',
    rejected: 'Қабылданбады: өтініш емес',
    merged: 'Осы мәселе бойынша басқа өтінішпен біріктірілді',
  },
};

const pick = (lang: Open311Lang, kk: string | null, ru: string | null): string | null => (lang === 'kk' ? kk : ru);

/**
 * Open311 GeoReport v2 over Tynda's tickets. What is published is the request as the city app
 * filed it and its progress; the resident's name, phone and e-mail never leave Tynda.
 */
@Injectable()
export class Open311Service {
  constructor(
    private readonly open311: Open311Repository,
    private readonly tickets: TicketsRepository,
    private readonly factory: TicketFactory,
  ) {}

  async services(lang: Open311Lang = 'ru') {
    return (await this.open311.services()).map((c) => ({
      service_code: c.code,
      service_name: pick(lang, c.nameKk, c.nameRu),
      description: `${c.nameKk} / ${c.nameRu}`,
      metadata: false,
      type: 'realtime',
      // The words only: a keyword's routing weight ("жол*0.5") is Tynda's own business.
      keywords: c.keywords.map((k) => parseKeyword(k).text).join(','),
      group: pick(lang, c.departmentNameKk, c.departmentNameRu) ?? '',
    }));
  }

  /** Every service is published with `metadata: false`: its definition has no attributes to ask for. */
  async serviceDefinition(code: string) {
    const known = (await this.open311.services()).some((c) => c.code === code);
    if (!known) throw new NotFoundException(`unknown service_code '${code}'; see GET /open311/v2/services.json`);
    return { service_code: code, attributes: [] as never[] };
  }

  /** Service discovery: where this GeoReport v2 endpoint lives and in which formats. */
  async discovery(baseUrl: string) {
    const changeset = ((await this.open311.servicesChangedAt()) ?? new Date(0)).toISOString();
    return {
      changeset,
      contact: 'The akimat press service that runs Tynda answers questions about this API.',
      key_service: 'An api_key for POST requests is issued by the akimat (OPEN311_API_KEYS); reading needs no key.',
      endpoints: [
        { specification: 'http://wiki.open311.org/GeoReport_v2', url: `${baseUrl}/open311/v2`, changeset, type: 'production', formats: ['text/xml', 'application/json'] },
      ],
    };
  }

  async create(dto: CreateOpen311RequestDto) {
    const now = new Date();
    const { ticket, staged } = await this.tickets.transaction(async (m) => {
      const category = await this.open311.category(m, dto.service_code);
      if (!category) throw new NotFoundException(`unknown service_code '${dto.service_code}'; see GET /open311/v2/services.json`);
      // The spec: a location is required, as lat and long, an address_string or an address_id.
      if (dto.lat === undefined && dto.address_string === undefined && dto.address_id === undefined) {
        throw new BadRequestException('a location is required: lat and long, address_string or address_id');
      }
      return this.factory.createOne(
        m,
        {
          channel: 'open311',
          // Not derived from lat/long: Tynda has no district boundaries, and a wrong guess sends the
          // ticket to another akimat; unknown district means every press secretary can triage it.
          districtId: null,
          locality: dto.address_string ?? null,
          author: { name: [dto.first_name, dto.last_name].map((s) => s?.trim()).filter(Boolean).join(' ') || 'Open311 resident', phone: dto.phone ?? null },
          // description is optional in GeoReport; without one the ticket says what service was asked for.
          text: dto.description?.trim() || `${category.nameKk} / ${category.nameRu}`,
          receivedAt: now,
          category,
          actorId: null,
          // For the staff: where the resident stood, how to write back, the photo.
          createdPayload: {
            channel: 'open311',
            lat: dto.lat === undefined ? undefined : Number(dto.lat),
            long: dto.long === undefined ? undefined : Number(dto.long),
            addressId: dto.address_id,
            email: dto.email,
            mediaUrl: dto.media_url,
          },
        },
        now,
      );
    });
    await this.factory.afterCommit([ticket], staged);
    const notice = `Өтініш ${ticket.reference} тіркелді. Обращение ${ticket.reference} зарегистрировано.`;
    return [{ service_request_id: ticket.reference, service_notice: notice, account_id: null }];
  }

  async list(q: ListOpen311RequestsQuery) {
    // The spec: service_request_id overrides every other argument.
    const filters: Open311RequestFilters = q.service_request_id?.length
      ? { references: q.service_request_id }
      : { categoryCodes: q.service_code, statuses: q.status?.flatMap((s) => STATUSES_OF[s]), ...receivedWindow(q.start_date, q.end_date) };
    const rows = await this.open311.requests(filters, MAX_RESULTS);
    return rows.map((r) => toGeoReportRequest(r, q.lang));
  }

  async get(reference: string, lang?: Open311Lang) {
    // GET a request answers a list too: one element, as the spec's sample shows.
    const [row] = await this.open311.requests({ references: [reference] }, 1);
    if (!row) throw new NotFoundException(`no Open311 request ${reference}`);
    return [toGeoReportRequest(row, lang)];
  }
}

/** start_date/end_date per GeoReport: at most 90 days apart; one alone spans 90 days from it; none, the last 90 days. */
function receivedWindow(start?: string, end?: string): Pick<Open311RequestFilters, 'receivedFrom' | 'receivedTo'> {
  const from = start ? new Date(start) : undefined;
  const to = end ? new Date(end) : undefined;
  if (from && to) {
    if (from > to) throw new BadRequestException('start_date must not be after end_date');
    if (to.getTime() - from.getTime() > WINDOW_MS) throw new BadRequestException('start_date and end_date may be 90 days apart at most');
    return { receivedFrom: from, receivedTo: to };
  }
  if (from) return { receivedFrom: from, receivedTo: new Date(from.getTime() + WINDOW_MS) };
  if (to) return { receivedFrom: new Date(to.getTime() - WINDOW_MS), receivedTo: to };
  return { receivedFrom: new Date(Date.now() - WINDOW_MS) };
}

function toGeoReportRequest(r: Open311RequestRow, lang: Open311Lang = 'ru') {
  return {
    service_request_id: r.reference,
    status: NOT_OPEN_STATUSES.includes(r.status) ? 'closed' : 'open',
    status_notes: STATUS_NOTES[lang][r.status],
    service_name: pick(lang, r.categoryNameKk, r.categoryNameRu),
    service_code: r.categoryCode,
    description: r.text,
    agency_responsible: pick(lang, r.departmentNameKk, r.departmentNameRu),
    service_notice: null,
    requested_datetime: r.receivedAt.toISOString(),
    updated_datetime: r.updatedAt.toISOString(),
    expected_datetime: r.resolutionDueAt?.toISOString() ?? null,
    address: r.locality,
    address_id: r.addressId,
    zipcode: null,
    lat: r.lat,
    long: r.long,
    media_url: r.mediaUrl,
  };
}
