/**
 * Read-model rows held in memory: table changes applied to plain maps, rows listed in primary-key
 * order. What an as-of replay answers with (it never touches the stored tables), and what tests
 * compare stored tables with.
 *
 * @since 0.2.0
 */
import type { Row, Table, TableChange } from "../ports/ProjectionStore.js"

/**
 * Rows by table, each table by primary key.
 *
 * @since 0.2.0
 * @category models
 */
export interface RowSet {
  readonly tables: ReadonlyMap<string, Table>
  readonly rows: Map<string, Map<string, Row>>
}

/**
 * An empty set for these tables.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (tables: Iterable<Table>): RowSet => {
  const specs = new Map(Array.from(tables, (t) => [t.name, t] as const))
  return { tables: specs, rows: new Map(Array.from(specs.keys(), (name) => [name, new Map<string, Row>()])) }
}

const keyOf = (table: Table, row: Row) => JSON.stringify(table.primaryKey.map((c) => row[c]))

/**
 * Applies changes, in order.
 *
 * @since 0.2.0
 * @category combinators
 */
export const apply = (set: RowSet, changes: ReadonlyArray<TableChange>): void => {
  for (const change of changes) {
    const table = set.tables.get(change.table)
    const rows = set.rows.get(change.table)
    if (table === undefined || rows === undefined) throw new Error(`no table ${change.table}`)
    switch (change._tag) {
      case "upsert":
        for (const row of change.rows) rows.set(keyOf(table, row), row)
        break
      case "delete":
        for (const key of change.keys) rows.delete(JSON.stringify(key))
        break
      case "replacePartition":
        for (const [key, row] of rows) if (row[table.partitionColumn ?? ""] === change.partition) rows.delete(key)
        for (const row of change.rows) rows.set(keyOf(table, row), row)
        break
    }
  }
}

const compare = (a: unknown, b: unknown): number => {
  if (a === b) return 0
  if (a === null || a === undefined) return -1
  if (b === null || b === undefined) return 1
  if (typeof a === "number" && typeof b === "number") return a - b
  const x = a instanceof Date ? a.toISOString() : String(a)
  const y = b instanceof Date ? b.toISOString() : String(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/**
 * A table's rows in primary-key order (code-unit order for text, as SQL's binary collation).
 *
 * @since 0.2.0
 * @category getters
 */
export const rowsOf = (set: RowSet, table: string): ReadonlyArray<Row> => {
  const spec = set.tables.get(table)
  if (spec === undefined) throw new Error(`no table ${table}`)
  return Array.from(set.rows.get(table)!.values()).sort((a, b) => {
    for (const column of spec.primaryKey) {
      const c = compare(a[column], b[column])
      if (c !== 0) return c
    }
    return 0
  })
}
