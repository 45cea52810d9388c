/**
 * Text widths for chart layout without a canvas.
 *
 * Vega measures text with a canvas when the optional `canvas` package is installed; without it
 * it guesses 0.8 em per character, which makes axes and legends reserve far more room than the
 * labels take. These are the advance widths of DejaVu Sans (the first font the charts ask for;
 * Arial, the fallback, is narrower, so labels never overflow the room reserved for them),
 * measured in a browser at 1000 px for the printable ASCII range. Other characters are read as
 * their base letter (é as e) or, failing that, as a wide 0.8 em.
 *
 * @since 0.2.0
 */

const regular =
  "318,401,460,838,636,950,780,275,390,390,500,838,318,361,318,337,636,636,636,636,636,636,636,636,636,636,337,337,838,838,838,531,1000,684,686,698,770,632,575,775,752,295,295,656,557,863,748,787,603,787,695,635,611,732,684,989,685,611,685,390,337,390,838,500,500,613,635,550,635,615,352,635,634,278,278,579,278,974,634,612,635,635,411,521,392,634,592,818,592,592,525,636,337,636,838"
const bold =
  "348,456,521,838,696,1002,872,306,457,457,523,838,380,415,380,365,696,696,696,696,696,696,696,696,696,696,400,400,838,838,838,580,1000,774,762,734,830,683,683,821,837,372,372,775,637,995,837,850,733,850,770,720,682,812,774,1103,771,724,725,457,365,457,838,500,500,675,716,593,716,678,435,716,712,343,343,665,343,1042,712,687,716,716,493,595,478,712,652,924,645,652,582,712,365,712,838"

const table = (widths: string): ReadonlyArray<number> => widths.split(",").map(Number)
const REGULAR = table(regular)
const BOLD = table(bold)
const FALLBACK = 800

const advance = (widths: ReadonlyArray<number>, char: string): number => {
  const code = char.codePointAt(0) ?? 0
  if (code >= 32 && code < 127) return widths[code - 32] ?? FALLBACK
  const base = char.normalize("NFD").charAt(0)
  const baseCode = base.codePointAt(0) ?? 0
  return baseCode >= 32 && baseCode < 127 ? (widths[baseCode - 32] ?? FALLBACK) : FALLBACK
}

/**
 * The width in pixels of `text` set in DejaVu Sans at `fontSize` pixels.
 *
 * @since 0.2.0
 * @category measuring
 */
export const measure = (text: string, fontSize: number, isBold = false): number => {
  const widths = isBold ? BOLD : REGULAR
  let total = 0
  for (const char of text) total += advance(widths, char)
  return (total * fontSize) / 1000
}

interface TextItem {
  readonly fontSize?: number | string | null
  readonly fontWeight?: number | string | null
}

/**
 * Vega's `textMetrics.width(item, text)` with the widths above.
 *
 * @since 0.2.0
 * @category measuring
 */
export const vegaWidth = (item: TextItem, text: unknown): number => {
  const size = item.fontSize == null ? 11 : Number(item.fontSize) || 0
  const weight = item.fontWeight
  const isBold = weight === "bold" || weight === "bolder" || (typeof weight === "number" && weight >= 600)
  return measure(text == null ? "" : String(text).trim(), size, isBold)
}
