import {
  SCOPE_RULES,
  SLA_STEP_RULES,
  clockRunningConditions,
  scopeValue,
  stepPendingConditions,
  type EngineStep,
  type NarrowScope,
  type ScopeRule,
  type TicketCondition,
  type TicketScope,
  type TicketStatus,
} from '@app/domain';
import { snake } from '../snake-naming.strategy.js';

// libs/domain's rules written as SQL, so that no repository spells a scope or a set of statuses
// again; test/scope-rules.e2e-spec.ts checks the SQL and the domain agree.

/** A set of statuses as a SQL list, `('new', 'triaged')`: a literal, so the planner can match it to the partial indexes. */
export function sqlList(statuses: readonly TicketStatus[]): string {
  return `(${statuses.map((s) => `'${s}'`).join(', ')})`;
}

const COLUMN: Readonly<Record<ScopeRule['field'], string>> = { districtId: 'district_id', departmentId: 'department_id', assigneeId: 'assignee_id' };

/**
 * A kind of scope's rule on tickets `alias`, compared with `value`, a SQL expression: a bound
 * parameter, or a column of the reader (`u.district_ids`) where the query looks for the readers.
 * Plain comparisons on the columns, so the scope indexes serve them.
 */
export function scopeRuleSql(kind: NarrowScope['kind'], alias: string, value: string): string {
  const alternatives = scopeRuleAlternatives(kind, alias, value);
  return alternatives.length > 1 ? `(${alternatives.join(' OR ')})` : alternatives[0]!;
}

/** A scope rule as the tests any one of which admits a ticket: each a plain column test, which an index can answer alone. */
function scopeRuleAlternatives(kind: NarrowScope['kind'], alias: string, value: string): string[] {
  const rule = SCOPE_RULES[kind];
  const column = `${alias}.${COLUMN[rule.field]}`;
  const match = rule.many ? `${column} = ANY(${value})` : `${column} = ${value}`;
  return rule.orNull ? [match, `${column} IS NULL`] : [match];
}

/** The reader's scope on tickets `alias` (`t` unless said) as a condition, its values added through `p`. */
export function scopeSql(scope: TicketScope, p: (value: unknown) => string, alias = 't'): string {
  if (scope.kind === 'all') return 'TRUE';
  return scopeRuleSql(scope.kind, alias, scopeParam(scope, p));
}

/**
 * The reader's scope as alternatives (see scopeRuleAlternatives): "does the reader see any of these
 * tickets" as one EXISTS per alternative lets each probe be an index condition, where the rule's OR
 * would make the index walk every entry.
 */
export function scopeAlternativesSql(scope: TicketScope, p: (value: unknown) => string, alias = 't'): string[] {
  if (scope.kind === 'all') return ['TRUE'];
  return scopeRuleAlternatives(scope.kind, alias, scopeParam(scope, p));
}

function scopeParam(scope: Exclude<TicketScope, { kind: 'all' }>, p: (value: unknown) => string): string {
  const value = scopeValue(scope);
  return typeof value === 'string' ? p(value) : `${p(value)}::uuid[]`;
}

/** Conditions on tickets `alias` (`t` unless said) as SQL: plain column tests, so the partial indexes serve them. */
export function conditionSql(conditions: readonly TicketCondition[], alias = 't'): string {
  if (!conditions.length) return 'TRUE';
  return conditions
    .map((c) => {
      if ('anyOf' in c) return `(${c.anyOf.map((all) => `(${conditionSql(all, alias)})`).join(' OR ')})`;
      const column = `${alias}.${snake(c.field)}`;
      if ('notIn' in c) return `${column} NOT IN ${sqlList(c.notIn)}`;
      if ('equals' in c) return `${column} = ${c.equals}`;
      return `${column} IS ${c.set ? 'NOT NULL' : 'NULL'}`;
    })
    .join(' AND ');
}

/** An SLA step's rule (`SLA_STEP_RULES`) on tickets `t`: while its clock runs, while it is still to take, and the column it falls due at. */
export function slaStepSql(step: EngineStep): { running: string; pending: string; dueColumn: string } {
  const rule = SLA_STEP_RULES[step];
  return { running: conditionSql(clockRunningConditions(rule.family)), pending: conditionSql(stepPendingConditions(step)), dueColumn: snake(rule.due) };
}
