export const REGION_CODE = 'ZHM';

/** Building an Intl formatter costs far more than using one: intake formats references by the hundred. */
const yearFormats = new Map<string, Intl.DateTimeFormat>();

/** Human reference such as ZHM-2026-000123: region, year of intake in Almaty time, sequence. */
export function formatTicketReference(sequence: number, at: Date, timeZone = 'Asia/Almaty'): string {
  let format = yearFormats.get(timeZone);
  if (!format) yearFormats.set(timeZone, (format = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' })));
  return `${REGION_CODE}-${format.format(at)}-${String(sequence).padStart(6, '0')}`;
}
