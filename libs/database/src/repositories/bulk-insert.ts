import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Many rows in one INSERT with one parameter: the rows travel as a JSON array that
 * json_populate_recordset types by the table's own columns. TypeORM's multi-row insert binds one
 * parameter per value and rewrites the statement for each; at intake's batch sizes that took a
 * quarter of the worker's CPU (bench/intake.bench.ts, profiled). Each statement writes only the
 * properties its rows set, so the table's defaults apply to the rest: rows that set different
 * properties go in one statement per shape.
 *
 * The rows come back as entities, in the order given (matched by `key`, a unique property every
 * row sets): what the rows set, plus what PostgreSQL filled in (ids, defaults, generated columns),
 * which is all that RETURNING reads back. Reading every column back cost more than writing them.
 */
export async function bulkInsert<T extends ObjectLiteral>(
  m: EntityManager,
  target: EntityTarget<T>,
  rows: ReadonlyArray<Partial<T>>,
  key: keyof T & string,
): Promise<T[]> {
  const meta = m.connection.getMetadata(target);
  const columns = meta.columns.map((c) => [c.propertyName, c.databaseName] as const);
  // One pass per row: its JSON object (by column name) and its shape (which columns it sets).
  const shapes = new Map<string, { names: string[]; rows: Array<Record<string, unknown>> }>();
  const keyName = meta.findColumnWithPropertyName(key)!.databaseName;
  for (const row of rows as ReadonlyArray<Record<string, unknown>>) {
    const json: Record<string, unknown> = {};
    let shapeKey = '';
    for (const [property, name] of columns) {
      const value = row[property];
      if (value === undefined) continue;
      json[name] = value;
      shapeKey += `${name},`;
    }
    const shape = shapes.get(shapeKey) ?? shapes.set(shapeKey, { names: Object.keys(json), rows: [] }).get(shapeKey)!;
    shape.rows.push(json);
  }
  const byKey = new Map<unknown, Record<string, unknown>>();
  for (const shape of shapes.values()) {
    const names = shape.names.map((n) => `"${n}"`).join(', ');
    const filled = [keyName, ...columns.filter(([, name]) => !shape.names.includes(name)).map(([, name]) => name)];
    const raw = (await m.query(
      `INSERT INTO "${meta.tableName}" (${names}) SELECT ${names} FROM json_populate_recordset(NULL::"${meta.tableName}", $1::json)
       RETURNING ${filled.map((n) => `"${n}"`).join(', ')}`,
      [JSON.stringify(shape.rows)],
    )) as Array<Record<string, unknown>>;
    for (const row of raw) byKey.set(row[keyName], row);
  }
  // The driver has already typed every value it read back (dates, numbers); the rows' own values are kept as given.
  return rows.map((row) => {
    const entity = Object.assign(meta.create() as T, row);
    const filled = byKey.get(row[key])!;
    for (const [property, name] of columns) if (name in filled) (entity as Record<string, unknown>)[property] = filled[name];
    return entity;
  });
}
