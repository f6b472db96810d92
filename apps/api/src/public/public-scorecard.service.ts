import { Injectable } from '@nestjs/common';
import { ReportsRepository } from '@app/database';
import { REPORT_TIME_ZONE, formatReportInstant, monthOf, monthPeriod, publicScorecardFigures, type PublicScorecardFigures } from '@app/domain';
import { SlaService } from '@app/sla';

export interface PublicScorecardRow extends PublicScorecardFigures {
  code: string;
  nameKk: string;
  nameRu: string;
}

export interface PublicScorecard {
  month: string;
  from: string;
  to: string;
  timeZone: string;
  generatedAt: string;
  /** Every district akimat, alphabetically by its Russian name; tickets of an unknown district count in the region's row only. */
  districts: PublicScorecardRow[];
  region: PublicScorecardFigures;
}

/** A public page is read by anyone, as often as they like: a month's figures are computed at most this often. */
const CACHE_MS = 5 * 60_000;
/** Months kept in memory at once (a bot walking every month keeps evicting the oldest). */
const CACHE_MONTHS = 24;

/**
 * The public scorecard (issue 16): per district akimat, the month's comments received, the share
 * answered within one working day, the median first response, the shares resolved and confirmed by
 * residents. Only counts and durations leave: no names, texts, ids, phones or pages.
 */
@Injectable()
export class PublicScorecardService {
  private readonly cache = new Map<string, { at: number; card: PublicScorecard }>();

  constructor(
    private readonly reports: ReportsRepository,
    private readonly sla: SlaService,
  ) {}

  async scorecard(month: string | undefined, now = new Date()): Promise<PublicScorecard> {
    const m = month ?? monthOf(now);
    const hit = this.cache.get(m);
    if (hit && now.getTime() - hit.at < CACHE_MS) return hit.card;
    const card = await this.compute(m, now);
    this.cache.delete(m);
    this.cache.set(m, { at: now.getTime(), card });
    if (this.cache.size > CACHE_MONTHS) this.cache.delete(this.cache.keys().next().value!);
    return card;
  }

  private async compute(month: string, now: Date): Promise<PublicScorecard> {
    const period = monthPeriod(month);
    const [tickets, districts, calendar] = await Promise.all([
      this.reports.publicScorecardTickets(period),
      this.reports.labels('district'),
      this.sla.formalAppealCalendar(),
    ]);
    const byDistrict = new Map<string, typeof tickets>();
    for (const t of tickets) {
      if (!t.districtId) continue;
      const list = byDistrict.get(t.districtId);
      if (list) list.push(t);
      else byDistrict.set(t.districtId, [t]);
    }
    return {
      month,
      from: formatReportInstant(period.from),
      to: formatReportInstant(period.to),
      timeZone: REPORT_TIME_ZONE,
      generatedAt: formatReportInstant(now),
      districts: districts.map((d) => ({ code: d.code, nameKk: d.nameKk, nameRu: d.nameRu, ...publicScorecardFigures(byDistrict.get(d.id) ?? [], calendar) })),
      region: publicScorecardFigures(tickets, calendar),
    };
  }
}
