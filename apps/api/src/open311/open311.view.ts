import type { Open311RequestRow, Open311ServiceRow, TicketEntity } from '@app/database';
import { parseKeyword, type TicketStatus } from '@app/domain';
import { open311StatusOf } from '@app/tickets';
import type { Open311Lang } from './open311.dto.js';

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

export function toGeoReportService(c: Open311ServiceRow, lang: Open311Lang = 'ru') {
  return {
    service_code: c.code,
    service_name: pick(lang, c.nameKk, c.nameRu),
    description: `${c.nameKk} / ${c.nameRu}`,
    metadata: false,
    type: 'realtime',
    // The words only: a keyword's routing weight ("жол*0.5") is Tynda's own business.
    keywords: c.keywords.map((k) => parseKeyword(k).text).join(','),
    group: pick(lang, c.departmentNameKk, c.departmentNameRu) ?? '',
  };
}

/** Every service is published with `metadata: false`: its definition has no attributes to ask for. */
export const toGeoReportServiceDefinition = (c: Open311ServiceRow) => ({ service_code: c.code, attributes: [] as never[] });

/** Service discovery: where this GeoReport v2 endpoint lives and in which formats. */
export function toGeoReportDiscovery(baseUrl: string, servicesChangedAt: Date) {
  const changeset = servicesChangedAt.toISOString();
  return {
    changeset,
    contact: 'The akimat press service that runs Tynda answers questions about this API.',
    key_service: 'An api_key for POST requests is issued by the akimat (OPEN311_API_KEYS); reading needs no key.',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${baseUrl}/open311/v2`,
        changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

export function toGeoReportCreated(ticket: Pick<TicketEntity, 'reference'>) {
  const notice = `Өтініш ${ticket.reference} тіркелді. Обращение ${ticket.reference} зарегистрировано.`;
  return [{ service_request_id: ticket.reference, service_notice: notice, account_id: null }];
}

export function toGeoReportRequest(r: Open311RequestRow, lang: Open311Lang = 'ru') {
  return {
    service_request_id: r.reference,
    status: open311StatusOf(r.status),
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
