/**
 * The proof commands as the command line runs them (`src/cli/commands/*.ts`, registered here on a
 * root command of their own, as the integrator will in `Cli.ts`): keys, seal, export, the offline
 * verify-bundle, import, and verify against an older seal.
 */
import { Command } from "@effect/cli"
import { NodeContext } from "@effect/platform-node"
import { Effect, ManagedRuntime } from "effect"
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import * as Commands from "../../src/audit/Commands.js"
import * as Audit from "../../src/cli/commands/auditVerifyBundle.js"
import * as Export from "../../src/cli/commands/export.js"
import * as Import from "../../src/cli/commands/import.js"
import * as Keys from "../../src/cli/commands/keys.js"
import * as Stores from "../../src/stores/Stores.js"
import { programId, recordFoundingCase, tempDir } from "./support/founding.js"

const root = Command.make("training-ledger").pipe(
  Command.withSubcommands([Keys.command, Export.command, Import.command, Audit.command])
)

/** Runs the command line in this process; its printed lines and exit code. */
const cli = async (...args: Array<string>) => {
  const printed: Array<string> = []
  const spy = vi.spyOn(console, "log").mockImplementation((...values) => void printed.push(values.join(" ")))
  process.exitCode = undefined
  try {
    await Command.run(root, { name: "training-ledger", version: "test" })(["node", "training-ledger", ...args]).pipe(
      // as Cli.ts's run: a failure is printed and the exit code set
      Effect.catchAll((error) =>
        Effect.sync(() => {
          printed.push(`${(error as { _tag?: string })._tag}: ${(error as Error).message}`)
          process.exitCode = 1
        })
      ),
      Effect.provide(NodeContext.layer),
      Effect.runPromise
    )
    return { code: process.exitCode ?? 0, stdout: printed.join("\n") }
  } finally {
    spy.mockRestore()
    process.exitCode = undefined
  }
}

describe("proof commands", () => {
  const dir = tempDir()
  const db = `sqlite:${join(dir, "facility.sqlite")}`
  const keyDir = join(dir, "keys")
  const privateKey = join(keyDir, "ledger-signing.key")
  const publicKey = join(keyDir, "ledger-signing.pub")
  let source: ManagedRuntime.ManagedRuntime<any, unknown>

  beforeAll(async () => {
    source = ManagedRuntime.make(Stores.layerLedger(db))
    await source.runPromise(recordFoundingCase)
  }, 120_000)
  afterAll(async () => {
    await source?.dispose()
  })

  it("keys, seal, export, verify-bundle, import, verify --seal", async () => {
    const keys = await cli("keys", "generate", "--out", keyDir, "--json")
    expect(keys.code).toBe(0)
    expect(JSON.parse(keys.stdout).fingerprint).toMatch(/^SHA256:/)
    expect(statSync(privateKey).mode & 0o777).toBe(0o600)
    const again = await cli("keys", "generate", "--out", keyDir)
    expect(again.code).toBe(1)
    expect(again.stdout).toMatch(/KeyFileExists/)

    const sealFile = join(dir, "checkpoint.json")
    const sealed = await source.runPromise(Commands.seal({ signKey: privateKey, out: sealFile }))
    expect(sealed.text).toMatch(/signed checkpoint of training-ledger\/.* written to/)
    expect(JSON.parse(readFileSync(sealFile, "utf8")).format).toBe("training-ledger/checkpoint/v1")

    const programFile = join(dir, "program.jsonl")
    const exported = await cli(
      "export",
      "--db",
      db,
      "--out",
      programFile,
      "--sign-key",
      privateKey,
      "--program",
      programId
    )
    expect(exported.code).toBe(0)
    expect(exported.stdout).toMatch(new RegExp(`program ${programId}, \\d+ events`))

    const verified = await cli("audit", "verify-bundle", programFile, "--key", publicKey)
    expect(verified.code).toBe(0)
    expect(verified.stdout).toContain("VERIFIED")
    const asJson = JSON.parse((await cli("audit", "verify-bundle", programFile, "--key", publicKey, "--json")).stdout)
    expect(asJson._tag).toBe("Verified")
    expect(asJson.programs[0].summary.certified.total).toBe(3)

    const lines = readFileSync(programFile, "utf8").trim().split("\n")
    const tamperedFile = join(dir, "tampered.jsonl")
    writeFileSync(tamperedFile, [...lines.slice(0, 3), ...lines.slice(4)].join("\n") + "\n")
    const refused = await cli("audit", "verify-bundle", tamperedFile, "--key", publicKey)
    expect(refused.code).toBe(1)
    expect(refused.stdout).toMatch(/REFUSED: .*dropped/)

    const logFile = join(dir, "log.jsonl")
    expect((await cli("export", "--db", db, "--out", logFile, "--sign-key", privateKey)).code).toBe(0)
    const target = `sqlite:${join(dir, "ministry.sqlite")}`
    const imported = await cli("import", logFile, "--key", publicKey, "--db", target)
    expect(imported.code, imported.stdout).toBe(0)
    expect(imported.stdout).toMatch(/the store verifies: chain and tree intact/)

    const grew = await Effect.runPromise(
      Effect.provide(Commands.verifySeal({ seal: sealFile, key: publicKey }), Stores.layer(target, { create: false }))
    )
    expect(grew.ok, grew.text).toBe(true)
    expect(grew.text).toMatch(/the log only grew/)
    expect(existsSync(join(dir, "ministry.sqlite"))).toBe(true)
  }, 120_000)
})
