import { Injectable } from '@nestjs/common';
import { Open311Repository, UnitOfWork, type Open311RequestFilters, type Open311RequestRow, type Open311ServiceRow, type TicketEntity } from '@app/database';
import { DomainError, NOT_OPEN_STATUSES, OPEN_STATUSES, type TicketStatus } from '@app/domain';
import { TicketFactory } from './ticket-factory.js';

/** GeoReport v2's own limits on a search: 1000 requests, 90 days. */
const MAX_RESULTS = 1000;
const WINDOW_MS = 90 * 24 * 60 * 60 * 1000;

export type Open311Status = 'open' | 'closed';

// Open311's `closed`: the resident has nothing more to wait for; a reopened ticket is open again.
const STATUSES_OF: Record<Open311Status, readonly TicketStatus[]> = { open: OPEN_STATUSES, closed: NOT_OPEN_STATUSES };

export const open311StatusOf = (status: TicketStatus): Open311Status => (NOT_OPEN_STATUSES.includes(status) ? 'closed' : 'open');

/** A service request as a city app files it, in the spec's names (validated by the caller). */
export interface Open311NewRequest {
  service_code: string;
  description?: string;
  lat?: string | number;
  long?: string | number;
  address_string?: string;
  address_id?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  media_url?: string;
}

/** A search of the requests filed through Open311, in the spec's names. */
export interface Open311Search {
  service_request_id?: string[];
  service_code?: string[];
  status?: Open311Status[];
  start_date?: string;
  end_date?: string;
}

const unknownService = (code: string) => new DomainError('not_found', `unknown service_code '${code}'; see GET /open311/v2/services.json`);

/**
 * Open311 GeoReport v2 over Tynda's tickets: the services (categories) a request is filed under,
 * a request filed as a ticket, and the search of those tickets. What is published is the request as
 * the city app filed it and its progress; the resident's name, phone and e-mail never leave Tynda.
 */
@Injectable()
export class Open311Service {
  constructor(
    private readonly open311: Open311Repository,
    private readonly uow: UnitOfWork,
    private readonly factory: TicketFactory,
  ) {}

  services(): Promise<Open311ServiceRow[]> {
    return this.open311.services();
  }

  /** A service by its code; an unknown one is not found. */
  async service(code: string): Promise<Open311ServiceRow> {
    const service = (await this.open311.services()).find((c) => c.code === code);
    if (!service) throw unknownService(code);
    return service;
  }

  /** When the services last changed (the discovery's changeset). */
  async servicesChangedAt(): Promise<Date> {
    return (await this.open311.servicesChangedAt()) ?? new Date(0);
  }

  async create(request: Open311NewRequest): Promise<TicketEntity> {
    const now = new Date();
    return this.uow.run(async () => {
      const category = await this.open311.category(request.service_code);
      if (!category) throw unknownService(request.service_code);
      // The spec: a location is required, as lat and long, an address_string or an address_id.
      if (request.lat === undefined && request.address_string === undefined && request.address_id === undefined) {
        throw new DomainError('validation', 'a location is required: lat and long, address_string or address_id');
      }
      const ticket = await this.factory.create(
        {
          channel: 'open311',
          // Not derived from lat/long: Tynda has no district boundaries, and a wrong guess sends the
          // ticket to another akimat; unknown district means every press secretary can triage it.
          districtId: null,
          locality: request.address_string ?? null,
          author: {
            name:
              [request.first_name, request.last_name]
                .map((s) => s?.trim())
                .filter(Boolean)
                .join(' ') || 'Open311 resident',
            phone: request.phone ?? null,
          },
          // description is optional in GeoReport; without one the ticket says what service was asked for.
          text: request.description?.trim() || `${category.nameKk} / ${category.nameRu}`,
          receivedAt: now,
          category,
          actorId: null,
          // For the staff: where the resident stood, how to write back, the photo.
          createdPayload: {
            channel: 'open311',
            lat: request.lat === undefined ? undefined : Number(request.lat),
            long: request.long === undefined ? undefined : Number(request.long),
            addressId: request.address_id,
            email: request.email,
            mediaUrl: request.media_url,
          },
        },
        now,
      );
      await this.factory.followUp([ticket]);
      return ticket;
    });
  }

  search(q: Open311Search): Promise<Open311RequestRow[]> {
    // The spec: service_request_id overrides every other argument.
    const filters: Open311RequestFilters = q.service_request_id?.length
      ? { references: q.service_request_id }
      : { categoryCodes: q.service_code, statuses: q.status?.flatMap((s) => STATUSES_OF[s]), ...receivedWindow(q.start_date, q.end_date) };
    return this.open311.requests(filters, MAX_RESULTS);
  }

  async get(reference: string): Promise<Open311RequestRow> {
    const [row] = await this.open311.requests({ references: [reference] }, 1);
    if (!row) throw new DomainError('not_found', `no Open311 request ${reference}`);
    return row;
  }
}

/** start_date/end_date per GeoReport: at most 90 days apart; one alone spans 90 days from it; none, the last 90 days. */
function receivedWindow(start?: string, end?: string): Pick<Open311RequestFilters, 'receivedFrom' | 'receivedTo'> {
  const from = start ? new Date(start) : undefined;
  const to = end ? new Date(end) : undefined;
  if (from && to) {
    if (from > to) throw new DomainError('validation', 'start_date must not be after end_date');
    if (to.getTime() - from.getTime() > WINDOW_MS) throw new DomainError('validation', 'start_date and end_date may be 90 days apart at most');
    return { receivedFrom: from, receivedTo: to };
  }
  if (from) return { receivedFrom: from, receivedTo: new Date(from.getTime() + WINDOW_MS) };
  if (to) return { receivedFrom: new Date(to.getTime() - WINDOW_MS), receivedTo: to };
  return { receivedFrom: new Date(Date.now() - WINDOW_MS) };
}
