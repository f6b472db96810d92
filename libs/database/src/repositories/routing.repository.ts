import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RoutingModelData } from '@app/domain';
import { REMOVED_TEXT } from './retention.repository.js';

/** A stored router model's figures, without the weights: what admins see. */
export interface RoutingModelSummary {
  version: number;
  createdAt: Date;
  seedExamples: number;
  decisions: number;
  /** How many of the desk's most recent decisions it was measured on (not trained on). */
  measuredOn: number;
  precision: number | null;
  coverage: number | null;
  top1: number | null;
  threshold: number;
}

export interface NewRoutingModel extends Omit<RoutingModelSummary, 'version' | 'createdAt'> {
  model: RoutingModelData;
}

/** A person's decision on a ticket's text: the category they triaged it to, or a rejection ("not an appeal"). */
export interface DeskDecision {
  text: string;
  categoryCode: string | null;
  rejected: boolean;
  at: Date;
}

const SUMMARY = `version, created_at AS "createdAt", seed_examples AS "seedExamples", decisions, measured_on AS "measuredOn", precision, coverage, top1, threshold`;

/** The router's trained models (versioned) and the desk's decisions they learn from. */
@Injectable()
export class RoutingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The newest model's version, or null: read every drain, so it is one index lookup. */
  async latestVersion(): Promise<number | null> {
    const rows = (await this.dataSource.query(`SELECT max(version) AS version FROM routing_models`)) as { version: number | null }[];
    return rows[0]?.version ?? null;
  }

  async model(version: number): Promise<RoutingModelData | null> {
    const rows = (await this.dataSource.query(`SELECT model FROM routing_models WHERE version = $1`, [version])) as { model: RoutingModelData }[];
    return rows[0]?.model ?? null;
  }

  async latestSummary(): Promise<RoutingModelSummary | null> {
    const rows = (await this.dataSource.query(`SELECT ${SUMMARY} FROM routing_models ORDER BY version DESC LIMIT 1`)) as RoutingModelSummary[];
    return rows[0] ?? null;
  }

  async save(m: NewRoutingModel): Promise<RoutingModelSummary> {
    const rows = (await this.dataSource.query(
      `INSERT INTO routing_models (seed_examples, decisions, measured_on, precision, coverage, top1, threshold, model)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${SUMMARY}`,
      [m.seedExamples, m.decisions, m.measuredOn, m.precision, m.coverage, m.top1, m.threshold, JSON.stringify(m.model)],
    )) as RoutingModelSummary[];
    return rows[0];
  }

  /**
   * Each ticket's latest decision by a person (triage, re-triage, or rejection as not an appeal),
   * most recent first: the routing automaton's own triage (no actor) is never a label, and a triage
   * a department handed back is a wrong one (the press secretary's next triage is the label). A text
   * the retention purge replaced teaches nothing.
   */
  decisions(limit: number): Promise<DeskDecision[]> {
    return this.dataSource.query(
      `SELECT text, "categoryCode", rejected, at FROM (
         SELECT DISTINCT ON (e.ticket_id) t.text, e.payload->>'categoryCode' AS "categoryCode", e.to_status = 'rejected' AS rejected, e.created_at AS at,
                e.type = 'ticket.handed_back' AS undone
           FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id
          WHERE e.actor_id IS NOT NULL
            AND ((e.type = 'ticket.triaged' AND e.payload->>'categoryCode' IS NOT NULL) OR e.to_status = 'rejected' OR e.type = 'ticket.handed_back')
          ORDER BY e.ticket_id, e.created_at DESC, e.id DESC
       ) d
       WHERE NOT undone AND length(trim(text)) > 0 AND text <> $2
       ORDER BY at DESC
       LIMIT $1`,
      [limit, REMOVED_TEXT],
    );
  }
}
