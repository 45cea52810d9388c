/**
 * One CSV file per report table, made to open in a spreadsheet with Indonesian text intact.
 *
 * - UTF-8 with a byte order mark (Excel reads UTF-8 only when the BOM is there), CRLF line
 *   ends, one header row, RFC 4180 quoting: a field with the delimiter, a quote, CR or LF is
 *   quoted and its quotes doubled; a newline inside a name stays inside its quoted field.
 * - Formula injection: a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
 *   would be run as a formula by a spreadsheet; such a cell gets a leading `'` (OWASP's advice)
 *   and is shown as text. A cell that already starts with `'` gets one too, so the rule can be
 *   undone exactly: a program that needs the original text removes one leading `'` from every
 *   cell that starts with one. The reports' own numbers never start with such a character
 *   (negative changes print with the minus sign U+2212), except a positive change `+3`, which
 *   reads `'+3`.
 * - Values are the tables' `data` flavour (see `Tables.ts`): ISO dates, instants as
 *   `2024-09-07 10:00 WIB`, counts without grouping, rates as `86,9%` / `86.9%` per language.
 * - The delimiter is a comma by default (RFC 4180). A spreadsheet set to Indonesian expects `;`
 *   when a file is opened by double-click (its decimal separator is the comma); pass
 *   `delimiter: ";"` for such readers, or import the comma file with Data › From Text/CSV.
 *
 * @since 0.2.0
 */
import type { Lang } from "./I18n.js"
import type { ReportData } from "./ReportData.js"
import type { Table, TableName } from "./Tables.js"
import { printer, table, tableNames } from "./Tables.js"

/**
 * The tables `renderCsv` can write.
 *
 * @since 0.2.0
 * @category models
 */
export const csvTables: ReadonlyArray<TableName> = tableNames

/**
 * @since 0.2.0
 * @category models
 */
export interface CsvOptions {
  readonly lang: Lang
  readonly delimiter?: "," | ";" | undefined
}

const BOM = "\uFEFF"
const CRLF = "\r\n"
const guarded = /^[=+\-@\t\r']/

/**
 * A cell as written: neutralised if a spreadsheet would read it as a formula, quoted when
 * RFC 4180 asks for it.
 *
 * @since 0.2.0
 * @category encoding
 */
export const csvCell = (value: string, delimiter: "," | ";" = ","): string => {
  const safe = guarded.test(value) ? `'${value}` : value
  return safe.includes(delimiter) || /["\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/**
 * Writes a table as CSV text (BOM, header, CRLF after every record).
 *
 * @since 0.2.0
 * @category encoding
 */
export const writeCsv = (t: Table, delimiter: "," | ";" = ","): string =>
  BOM +
  [t.columns.map((c) => c.header), ...t.rows]
    .map((record) => record.map((cell) => csvCell(cell, delimiter)).join(delimiter) + CRLF)
    .join("")

/**
 * One table of a report as CSV.
 *
 * @since 0.2.0
 * @category rendering
 */
export const renderCsv = (name: TableName, data: ReportData, options: CsvOptions): string =>
  writeCsv(table(name, data, printer(data, options.lang, "data")), options.delimiter ?? ",")
