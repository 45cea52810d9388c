/**
 * The small pieces the HTML report is written with: escaping, tables from the shared table
 * model, header cells, two-line cells, notes, headings, figures and hashes.
 *
 * @since 0.2.0
 */
import type { Charts } from "./Charts.js"
import type { Table } from "./Tables.js"

/**
 * Escapes text for HTML content and attribute values.
 *
 * @since 0.2.0
 * @category encoding
 */
export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"
  )

/**
 * Shorthand for `escapeHtml`, for templates.
 *
 * @since 0.2.0
 * @category html
 */
export const e = escapeHtml

/**
 * How `htmlTable` writes a table.
 *
 * @since 0.2.0
 * @category html
 */
export interface TableOptions {
  readonly name: string
  readonly className?: string
  /** The last row is a total line. */
  readonly total?: boolean
  /** Columns (by index) whose long values may break anywhere (ids, URIs, hashes). */
  readonly wrap?: ReadonlyArray<number>
  readonly nowrap?: ReadonlyArray<number>
  readonly rowClass?: (row: number) => string
}

/**
 * A cell's class attribute from its column: numbers on the right, codes monospaced.
 *
 * @since 0.2.0
 * @category html
 */
export const cellClass = (t: Table, i: number, options: TableOptions, header = false) => {
  const column = t.columns[i]!
  const classes = [
    column.kind === "number" || column.align === "right" ? "num" : column.align === "center" ? "c" : "",
    column.kind === "code" && !header ? "code" : "",
    options.wrap?.includes(i) === true ? "wrap" : "",
    options.nowrap?.includes(i) === true ? "nowrap" : ""
  ].filter((c) => c !== "")
  return classes.length === 0 ? "" : ` class="${classes.join(" ")}"`
}

/**
 * A table of the shared table model as HTML, every cell escaped.
 *
 * @since 0.2.0
 * @category html
 */
export const htmlTable = (t: Table, options: TableOptions): string => {
  const head = t.columns.map((c, i) => `<th${cellClass(t, i, options, true)}>${e(c.header)}</th>`).join("")
  const body = t.rows
    .map((row, r) => {
      const total = options.total === true && r === t.rows.length - 1
      const rowClass = total ? "total" : (options.rowClass?.(r) ?? "")
      return `<tr${rowClass === "" ? "" : ` class="${rowClass}"`}>${row.map((cell, i) => `<td${cellClass(t, i, options)}>${e(cell)}</td>`).join("")}</tr>`
    })
    .join("\n")
  return `<table data-table="${e(options.name)}"${options.className === undefined ? "" : ` class="${options.className}"`}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`
}

/**
 * A hash in groups of eight characters that a line may break between; the groups are set apart
 * by a margin, not a space, so a copied hash is still the hash.
 *
 * @since 0.2.0
 * @category html
 */
export const groupedHash = (hash: string): string =>
  (hash.match(/.{1,8}/g) ?? [hash]).map((group) => `<span class="g">${e(group)}</span>`).join("<wbr>")

/**
 * A small grey note.
 *
 * @since 0.2.0
 * @category html
 */
export const note = (text: string) => `<p class="note">${e(text)}</p>`

/**
 * A section's numbered heading.
 *
 * @since 0.2.0
 * @category html
 */
export const heading = (no: number, title: string) => `<h2><span class="no">${no}.</span>${e(title)}</h2>`

/**
 * A chart with its caption, named by `data-chart`.
 *
 * @since 0.2.0
 * @category html
 */
export const figure = (name: keyof Charts, caption: string, svg: string, full = false) =>
  `<figure class="chart${full ? " full" : ""}" data-chart="${name}"><figcaption>${e(caption)}</figcaption>${svg}</figure>`

/**
 * A header cell.
 *
 * @since 0.2.0
 * @category html
 */
export const th = (text: string, className = "") =>
  `<th${className === "" ? "" : ` class="${className}"`}>${e(text)}</th>`
/**
 * A cell of two lines: the main value, and a smaller one under it (both already escaped).
 *
 * @since 0.2.0
 * @category html
 */
export const two = (main: string, sub: string, subClass = "sub") => `${main}<br><span class="${subClass}">${sub}</span>`
