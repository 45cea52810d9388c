/**
 * Reading Vega's SVG output in tests: a mark named NAME is drawn as
 * `<g class="mark-TYPE role-mark NAME_marks" ...>` whose direct children are one element per item.
 */

/** The items (bars, texts) of the mark named `name`. */
export const markItems = (svg: string, name: string): ReadonlyArray<string> => {
  const group = new RegExp(`<g class="mark-(\\w+) role-mark ${name}_marks"[^>]*>(.*?)</g>`, "s").exec(svg)
  if (group === null) return []
  const kind = group[1] === "text" ? "text" : "path"
  return group[2]!.match(new RegExp(`<${kind}\\b[^>]*?(?:/>|>.*?</${kind}>)`, "gs")) ?? []
}

/** The texts of the axis labels, one entry per label (multi-line labels joined by a space). */
export const axisLabels = (svg: string): ReadonlyArray<string> =>
  Array.from(svg.matchAll(/<g class="mark-text role-axis-label"[^>]*>(.*?)<\/g>/gs)).flatMap((m) =>
    Array.from(m[1]!.matchAll(/<text\b[^>]*>(.*?)<\/text>/gs)).map((t) =>
      t[1]!.replace(/<tspan\b[^>]*>(.*?)<\/tspan>/g, "$1 ").trim()
    )
  )

/** Every element name and attribute name in an SVG (or HTML) string, read tag by tag. */
export const tagsOf = (markup: string): { readonly elements: Set<string>; readonly attributes: Set<string> } => {
  const elements = new Set<string>()
  const attributes = new Set<string>()
  for (const tag of markup.matchAll(/<([a-zA-Z][\w:-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    elements.add(tag[1]!.toLowerCase())
    for (const attribute of tag[2]!.matchAll(/\s([\w:-]+)(?:="[^"]*")?/g)) attributes.add(attribute[1]!.toLowerCase())
  }
  return { elements, attributes }
}
