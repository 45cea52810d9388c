/**
 * A read model's rows as a file an analyst opens: CSV (UTF-8 with a byte order mark, a header of
 * the table's column names, CRLF records: Excel opens it with Indonesian characters intact; cells
 * a spreadsheet would take for a formula are neutralised, see `reports/Csv.ts`) or JSON (an array
 * of rows, instants as ISO-8601 strings). Columns in the table's order, as docs/read-models.md
 * documents them.
 *
 * @since 0.2.0
 */
import type { Row, Table } from "../ports/ProjectionStore.js"
import { writeCsv } from "../reports/Csv.js"

/**
 * @since 0.2.0
 * @category models
 */
export type ExportFormat = "csv" | "json"

/**
 * The formats, for the boundary's check.
 *
 * @since 0.2.0
 * @category models
 */
export const formats: ReadonlyArray<ExportFormat> = ["csv", "json"]

/** One value as JSON carries it: instants as ISO-8601 text, everything else as it is. */
export const jsonValue = (value: unknown): unknown => {
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return value.map(jsonValue)
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]))
  return value
}

/** One cell's text: empty for null, ISO-8601 for an instant, JSON for a list or an object. */
const cellText = (value: unknown): string => {
  if (value === null || value === undefined) return ""
  if (value instanceof Date) return value.toISOString()
  if (typeof value === "object") return JSON.stringify(jsonValue(value))
  return String(value)
}

/**
 * The rows of `table` as CSV text.
 *
 * @since 0.2.0
 * @category encoding
 */
export const csvOf = (table: Table, rows: ReadonlyArray<Row>): string =>
  writeCsv({
    columns: table.columns.map((c) => ({ header: c.name, align: "left" as const, kind: "text" as const })),
    rows: rows.map((row) => table.columns.map((c) => cellText(row[c.name])))
  })

/**
 * The rows as JSON text (an array, one object per row, keys in the table's column order).
 *
 * @since 0.2.0
 * @category encoding
 */
export const jsonOf = (table: Table, rows: ReadonlyArray<Row>): string =>
  JSON.stringify(
    rows.map((row) => Object.fromEntries(table.columns.map((c) => [c.name, jsonValue(row[c.name] ?? null)]))),
    null,
    2
  )
