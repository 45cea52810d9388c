/**
 * Read-model rows against their table description, shared by the memory and SQL projection
 * stores: a row has exactly the table's columns with values of the column's type (so a row that
 * fits one store fits the other), its primary key, and filtering and ordering in memory.
 *
 * @since 0.2.0
 * @internal
 */
import type { Column, Row, SelectOptions, Table } from "../../ports/ProjectionStore.js"

const fits = (column: Column, value: unknown): boolean => {
  if (value === null || value === undefined) return column.nullable
  switch (column.type) {
    case "text":
      return typeof value === "string"
    case "integer":
      return typeof value === "number" && Number.isSafeInteger(value)
    case "real":
      return typeof value === "number" && Number.isFinite(value)
    case "boolean":
      return typeof value === "boolean"
    case "timestamp":
      return value instanceof Date && !Number.isNaN(value.getTime())
    case "json":
      return true
  }
}

/**
 * The row with exactly the table's columns (`undefined` as `null`); throws naming the column
 * whose value does not fit.
 *
 * @internal
 */
export const check = (table: Table, row: Row): Row => {
  const out: Record<string, unknown> = {}
  for (const column of table.columns) {
    const value = row[column.name]
    if (!fits(column, value)) {
      throw new Error(
        `${table.name}.${column.name}: ${String(value)} is not a ${column.nullable ? "nullable " : ""}${column.type}`
      )
    }
    out[column.name] = value ?? null
  }
  return out
}

/** The primary key of a row as JSON (the memory store's map key). @internal */
export const keyOf = (table: Table, row: Row): string => JSON.stringify(table.primaryKey.map((c) => row[c]))

const compare = (a: unknown, b: unknown): number => {
  if (a === b) return 0
  if (a === null || a === undefined) return -1
  if (b === null || b === undefined) return 1
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime()
  if (typeof a === "number" && typeof b === "number") return a - b
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b)
  // Code-unit order, as SQL's binary collation (`COLLATE "C"` on PostgreSQL, the default on SQLite).
  const x = String(a)
  const y = String(b)
  return x < y ? -1 : x > y ? 1 : 0
}

/** Filters by equality, sorts, limits. @internal */
export const select = (rows: ReadonlyArray<Row>, table: Table, options: SelectOptions): ReadonlyArray<Row> => {
  const where = Object.entries(options.where ?? {})
  const atLeast = Object.entries(options.atLeast ?? {})
  for (const [column] of [...where, ...atLeast]) {
    if (!table.columns.some((c) => c.name === column)) throw new Error(`${table.name} has no column ${column}`)
  }
  const order = options.orderBy ?? table.primaryKey
  const out = rows
    .filter(
      (row) =>
        where.every(([column, value]) => row[column] === value) &&
        atLeast.every(([column, value]) => compare(row[column], value) >= 0)
    )
    .sort((a, b) => {
      for (const column of order) {
        const c = compare(a[column], b[column])
        if (c !== 0) return c
      }
      return 0
    })
  return options.limit === undefined ? out : out.slice(0, options.limit)
}
