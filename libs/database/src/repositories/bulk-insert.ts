import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Many rows in one INSERT with one parameter: the rows travel as a JSON array that
 * json_populate_recordset types by the table's own columns. TypeORM's multi-row insert binds one
 * parameter per value and rewrites the statement for each; at intake's batch sizes that took a
 * quarter of the worker's CPU (bench/intake.bench.ts, profiled). Each statement writes only the
 * properties its rows set, so the table's defaults apply to the rest: rows that set different
 * properties go in one statement per shape. Rows come back (RETURNING) shape by shape, not in the
 * order given.
 */
export async function bulkInsert<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, rows: ReadonlyArray<Partial<T>>, returning: boolean): Promise<T[]> {
  const meta = m.connection.getMetadata(target);
  const columns = meta.columns.map((c) => [c.propertyName, c.databaseName] as const);
  // One pass per row: its JSON object (by column name) and its shape (which columns it sets).
  const shapes = new Map<string, { names: string[]; rows: Array<Record<string, unknown>> }>();
  for (const row of rows as ReadonlyArray<Record<string, unknown>>) {
    const json: Record<string, unknown> = {};
    let key = '';
    for (const [property, name] of columns) {
      const value = row[property];
      if (value === undefined) continue;
      json[name] = value;
      key += `${name},`;
    }
    const shape = shapes.get(key) ?? shapes.set(key, { names: Object.keys(json), rows: [] }).get(key)!;
    shape.rows.push(json);
  }
  const created: T[] = [];
  for (const shape of shapes.values()) {
    const names = shape.names.map((n) => `"${n}"`).join(', ');
    const raw = (await m.query(
      `INSERT INTO "${meta.tableName}" (${names}) SELECT ${names} FROM json_populate_recordset(NULL::"${meta.tableName}", $1::json)${returning ? ' RETURNING *' : ''}`,
      [JSON.stringify(shape.rows)],
    )) as Array<Record<string, unknown>>;
    // The driver has already typed every value (dates, numbers): only the names change.
    if (returning) {
      for (const row of raw) {
        const entity = meta.create() as T;
        for (const [property, name] of columns) (entity as Record<string, unknown>)[property] = row[name];
        created.push(entity);
      }
    }
  }
  return created;
}
