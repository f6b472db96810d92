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
  const shapes = new Map<string, { columns: typeof meta.columns; rows: Array<Partial<T>> }>();
  for (const row of rows) {
    const columns = meta.columns.filter((c) => row[c.propertyName as keyof T] !== undefined);
    const key = columns.map((c) => c.databaseName).join();
    const shape = shapes.get(key) ?? shapes.set(key, { columns, rows: [] }).get(key)!;
    shape.rows.push(row);
  }
  const created: T[] = [];
  for (const { columns, rows: alike } of shapes.values()) {
    const names = columns.map((c) => `"${c.databaseName}"`).join(', ');
    const json = alike.map((r) => Object.fromEntries(columns.map((c) => [c.databaseName, r[c.propertyName as keyof T]])));
    const raw = (await m.query(
      `INSERT INTO "${meta.tableName}" (${names}) SELECT ${names} FROM json_populate_recordset(NULL::"${meta.tableName}", $1::json)${returning ? ' RETURNING *' : ''}`,
      [JSON.stringify(json)],
    )) as Array<Record<string, unknown>>;
    // The driver has already typed every value (dates, numbers): only the names change.
    if (returning) {
      for (const row of raw) {
        const entity = meta.create() as T;
        for (const c of meta.columns) (entity as Record<string, unknown>)[c.propertyName] = row[c.databaseName];
        created.push(entity);
      }
    }
  }
  return created;
}
