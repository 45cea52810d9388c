import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import { readFileSync } from "node:fs"
import * as Policy from "../../src/policy/Policy.js"
import * as PolicyMarkdown from "../../src/policy/PolicyMarkdown.js"
import { expectedCommands, expectedReadModels, expectedRoles } from "./expectations.js"

const invalid = (json: unknown) => {
  const result = Policy.fromJson(JSON.stringify(json))
  if (Either.isRight(result)) throw new Error("expected the policy to be refused")
  return result.left.message
}
const exported = () => JSON.parse(Policy.toJson(Policy.defaultPolicy))

describe("the policy as JSON", () => {
  it("round-trips", () => {
    expect(Policy.fromJson(Policy.toJson(Policy.defaultPolicy))).toEqual(Either.right(Policy.defaultPolicy))
  })

  it("refuses a role listed twice, a missing role, unknown names and duplicates, naming the rule", () => {
    const json = exported()
    expect(invalid({ ...json, roles: [...json.roles, json.roles[0]] })).toContain(
      `role "program-officer" is listed twice`
    )
    expect(invalid({ ...json, roles: json.roles.slice(1) })).toContain(`role "program-officer" is missing`)
    const withCommand = (commands: Array<string>) => ({
      ...json,
      roles: json.roles.map((r: { role: string }) => (r.role === "analyst" ? { ...r, commands } : r))
    })
    expect(invalid(withCommand(["DeleteEverything"]))).toContain("DeleteEverything")
    expect(invalid(withCommand(["DraftProgram", "DraftProgram"]))).toContain(`"DraftProgram" is listed twice`)
    expect(invalid({ ...json, roles: [{ ...json.roles[0], superuser: true }, ...json.roles.slice(1)] })).toContain(
      "superuser"
    )
    expect(invalid({ ...json, version: 2 })).toContain("version")
  })
})

/** The cells of a Markdown table: header, then rows (the separator line dropped; no cell holds a "|"). */
const cells = (table: string) =>
  table
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .filter((_, i) => i !== 1)
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim())
    )

describe("the policy as Markdown", () => {
  it("renders the commands table with a ✓ exactly where the facility expects one", () => {
    const [header, ...rows] = cells(PolicyMarkdown.commandsTable(Policy.defaultPolicy))
    expect(header).toEqual(["command", ...expectedRoles])
    expect(rows).toHaveLength(expectedCommands.size)
    for (const [tag, ...marks] of rows) {
      const allowed = expectedCommands.get(tag!)!
      expect(marks).toEqual(expectedRoles.map((role) => (allowed.has(role) ? "✓" : "")))
    }
  })

  it("renders the read models table, marking aggregates", () => {
    const [header, ...rows] = cells(PolicyMarkdown.readModelsTable(Policy.defaultPolicy))
    expect(header).toEqual(["read model", "rows", ...expectedRoles])
    for (const [model, kind, ...marks] of rows) {
      const allowed = expectedReadModels.get(model!)!
      expect(marks).toEqual(expectedRoles.map((role) => (allowed.has(role) ? "✓" : "")))
      expect(kind).toBe(
        ["session-summary", "program-summary", "evaluation-report"].includes(model!) ? "aggregate" : "per person"
      )
    }
  })

  it("renders the roles table and the three sections", () => {
    const markdown = PolicyMarkdown.toMarkdown(Policy.defaultPolicy)
    expect(markdown).toContain("### Roles")
    expect(markdown).toContain("### Commands")
    expect(markdown).toContain("### Read models")
    expect(markdown).toContain(
      "| analyst | all-facilities | none | Analyst: aggregates only, no per-person rows, no names |"
    )
    expect(markdown).toContain("| trainer | own-facility | fullName |")
    // Every table line has as many cells as its header.
    for (const table of markdown.split("\n\n").filter((block) => block.startsWith("|"))) {
      const widths = new Set(cells(table).map((row) => row.length))
      expect(widths.size).toBe(1)
    }
  })
})

describe("README.md", () => {
  it("shows the default policy's roles and commands exactly as rendered", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8")
    expect(readme).toContain(PolicyMarkdown.rolesTable(Policy.defaultPolicy))
    expect(readme).toContain(PolicyMarkdown.commandsTable(Policy.defaultPolicy))
  })
})

describe("docs/access-policy.md", () => {
  it("holds the default policy's tables exactly as rendered (regenerate it when the policy changes)", () => {
    const doc = readFileSync(new URL("../../docs/access-policy.md", import.meta.url), "utf8")
    expect(doc.endsWith(PolicyMarkdown.toMarkdown(Policy.defaultPolicy))).toBe(true)
  })
})
