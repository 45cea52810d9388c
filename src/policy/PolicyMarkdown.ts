/**
 * The policy as Markdown tables, for the README and the docs: commands × roles, read models ×
 * roles, and each role's scope and visible fields. Generated from the policy data, so the docs
 * cannot drift from what `authorize` applies.
 *
 * @since 0.2.0
 */
import { commandTags, type Policy, perPersonReadModels, ReadModel } from "./Policy.js"

const Yes = "✓"

const table = (header: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n")

/**
 * @since 0.2.0
 * @category rendering
 */
export const commandsTable = (policy: Policy): string =>
  table(
    ["command", ...policy.roles.map((r) => r.role)],
    commandTags.map((tag) => [tag, ...policy.roles.map((r) => (r.commands.includes(tag) ? Yes : ""))])
  )

/**
 * @since 0.2.0
 * @category rendering
 */
export const readModelsTable = (policy: Policy): string =>
  table(
    ["read model", "rows", ...policy.roles.map((r) => r.role)],
    ReadModel.literals.map((model) => [
      model,
      perPersonReadModels.has(model) ? "per person" : "aggregate",
      ...policy.roles.map((r) => (r.readModels.includes(model) ? Yes : ""))
    ])
  )

/**
 * @since 0.2.0
 * @category rendering
 */
export const rolesTable = (policy: Policy): string =>
  table(
    ["role", "scope", "personal fields in clear", "who"],
    policy.roles.map((r) => [
      r.role,
      r.scope,
      r.fields.length === 0 ? "none" : r.fields.join(", "),
      r.description.replace(/\|/g, "\\|")
    ])
  )

/**
 * The three tables with their headings (`###`).
 *
 * @since 0.2.0
 * @category rendering
 */
export const toMarkdown = (policy: Policy): string =>
  [
    "### Roles",
    "",
    rolesTable(policy),
    "",
    "### Commands",
    "",
    commandsTable(policy),
    "",
    "### Read models",
    "",
    "Names not in clear are masked (`P****** C**** S***`), identity numbers hidden, erased persons shown as `[erased]`.",
    "",
    readModelsTable(policy),
    ""
  ].join("\n")
