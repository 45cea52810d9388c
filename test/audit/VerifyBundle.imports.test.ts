/**
 * The offline verifier imports no driver and no database code: its whole import graph (static
 * and dynamic imports, type-only ones too) is walked from the source and held to what an auditor's
 * machine needs.
 */
import { describe, expect, it } from "vitest"
import { existsSync, readFileSync } from "node:fs"
import { dirname, join, relative, resolve } from "node:path"

const root = resolve(__dirname, "../..")

/** Every module reachable from `entry`: local files (relative to the repository) and bare packages. */
const importGraph = (entry: string) => {
  const files = new Set<string>()
  const packages = new Set<string>()
  const visit = (file: string) => {
    if (files.has(file)) return
    files.add(file)
    const source = readFileSync(file, "utf8")
    const specifiers = [
      ...source.matchAll(/(?:import|export)\s[^"';]*?from\s*["']([^"']+)["']/g),
      ...source.matchAll(/import\s*\(\s*["']([^"']+)["']\s*\)/g),
      ...source.matchAll(/^import\s*["']([^"']+)["']/gm)
    ].map((m) => m[1])
    for (const specifier of specifiers) {
      if (specifier.startsWith(".")) {
        const target = resolve(dirname(file), specifier.replace(/\.js$/, ".ts"))
        expect(existsSync(target), `${relative(root, file)} imports ${specifier}`).toBe(true)
        visit(target)
      } else {
        packages.add(specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0])
      }
    }
  }
  visit(entry)
  return { files: [...files].map((f) => relative(root, f)).sort(), packages: [...packages].sort() }
}

describe("src/audit/VerifyBundle.ts", () => {
  const graph = importGraph(join(root, "src/audit/VerifyBundle.ts"))

  it("reaches no adapter, store, ledger or driver module", () => {
    expect(graph.files.length).toBeGreaterThan(5)
    for (const file of graph.files) {
      expect(file, `${file} is in the verifier's import graph`).toMatch(
        /^src\/(audit|domain|events|projections)\/|^src\/ports\/(Hashing|EventStore|ProjectionStore)\.ts$/
      )
    }
    expect(graph.files).toContain("src/ports/Hashing.ts")
    expect(graph.files).toContain("src/projections/ProgramSummary.ts")
  })

  it("imports only effect and Node built-ins", () => {
    for (const name of graph.packages)
      expect(name, `package ${name}`).toMatch(/^(effect|node:(crypto|fs|readline|path))$/)
    expect(graph.packages).not.toContain("@effect/sql")
  })
})
