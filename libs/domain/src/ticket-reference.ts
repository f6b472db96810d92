export const REGION_CODE = 'ZHM';

/** Human reference such as ZHM-2026-000123: region, year of intake in Almaty time, sequence. */
export function formatTicketReference(sequence: number, at: Date, timeZone = 'Asia/Almaty'): string {
  const year = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(at);
  return `${REGION_CODE}-${year}-${String(sequence).padStart(6, '0')}`;
}
