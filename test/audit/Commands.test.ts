/**
 * The proof commands as the command line runs them (`Cli.run`, in this process): keys, seal,
 * export, the offline verify-bundle, import, and verify against an older seal.
 */
import { Effect, ManagedRuntime } from "effect"
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest"
import * as Commands from "../../src/audit/Commands.js"
import * as Cli from "../../src/cli/Cli.js"
import * as Stores from "../../src/stores/Stores.js"
import { privacy, programId, recordFoundingCase, tempDir } from "./support/founding.js"

/** Runs the command line (`Cli.run`, as the bin does) in this process; what it printed and its exit code. */
const cli = async (...args: Array<string>) => {
  const printed: Array<string> = []
  const capture = (chunk: unknown) => {
    printed.push(String(chunk))
    return true
  }
  const out = vi.spyOn(process.stdout, "write").mockImplementation(capture as any)
  const err = vi.spyOn(process.stderr, "write").mockImplementation(capture as any)
  process.exitCode = undefined
  try {
    await Cli.run(["node", "training-ledger", ...args])
    return { code: process.exitCode ?? 0, stdout: printed.join("").trimEnd() }
  } finally {
    out.mockRestore()
    err.mockRestore()
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
    source = ManagedRuntime.make(Stores.layerLedger(db, { privacy }))
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
    expect(again.code).toBe(2) // an input error: the files exist and are never overwritten
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
