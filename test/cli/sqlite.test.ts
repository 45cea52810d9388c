/**
 * The built command line on temporary SQLite files: the shared suite, then what only a file can
 * get wrong (a typo in the path, a file that is not a ledger) and what every command must do
 * whatever the store (no --db, help without colours, errors with a real message).
 */
import { SqliteClient } from "@effect/sql-sqlite-node"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import * as CliSuite from "./CliSuite.js"
import { cli, ensureBuilt, errorTag } from "./support/bin.js"

const dir = mkdtempSync(join(tmpdir(), "training-ledger-cli-"))
let n = 0

CliSuite.suite(
  {
    name: "a SQLite file",
    fresh: async () => {
      const filename = join(dir, `store-${++n}.sqlite`)
      return {
        url: `sqlite:${filename}`,
        client: SqliteClient.layer({ filename }),
        drop: async () => {
          for (const suffix of ["", "-wal", "-shm"]) rmSync(filename + suffix, { force: true })
        }
      }
    }
  },
  { everyCommand: true }
)

describe("training-ledger command line: what must never mislead", () => {
  beforeAll(ensureBuilt, 180_000)
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("a typo in the path, no --db, a file that is not a ledger: clear errors, nothing created", async () => {
    const typo = join(dir, "typo.sqlite")
    const notLedger = join(dir, "notes.txt")
    writeFileSync(notLedger, "shopping list: batik wax, canting, cotton\n".repeat(40))
    const fresh = join(dir, "fresh.sqlite")
    const [verify, noDb, env, text, init, usage, badUrl, badAsOf] = await Promise.all([
      cli(["verify", "--db", `sqlite:${typo}`]),
      cli(["verify"]),
      cli(["verify", "--lang", "en"], { env: { TRAINING_LEDGER_DB: `sqlite:${typo}` } }),
      cli(["history", "x", "--db", notLedger]),
      cli(["init", "--db", `sqlite:${fresh}`]),
      cli(["history", "--db", `sqlite:${typo}`]),
      cli(["programs", "--db", "mysql://root@localhost/ledger"]),
      cli(["history", "x", "--db", `sqlite:${typo}`, "--as-of", "2024-02-30"])
    ])
    expect(verify.code).toBe(3)
    expect(verify.stderr).toBe(
      `StoreNotFound: No training-ledger store at sqlite:${typo}: the file ${typo} does not exist\n`
    )
    expect(verify.stdout).toBe("")
    expect(existsSync(typo)).toBe(false)

    expect(noDb.code).toBe(2)
    expect(noDb.stderr).toContain("NoStoreGiven: no store given: pass --db <url>")
    expect(noDb.stderr).toContain("TRAINING_LEDGER_DB")
    expect(existsSync(join(process.cwd(), "training-ledger.sqlite"))).toBe(false)
    expect(env.code).toBe(3) // TRAINING_LEDGER_DB is read: the same typo, the same clear error
    expect(errorTag(env)).toBe("StoreNotFound")

    expect(text.code).toBe(3)
    expect(text.stderr).toContain("StoreUnavailable: Cannot open the store at")
    expect(text.stderr).toContain("the file is not a SQLite database")

    expect(init.code).toBe(0)
    expect(init.stdout).toContain("created an empty training-ledger store")
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/^UsageError: Missing argument <program-id>/)
    expect(badUrl.code).toBe(2)
    expect(errorTag(badUrl)).toBe("UnsupportedStoreUrl")
    expect(badAsOf.code).toBe(2)
    expect(badAsOf.stderr).toContain('InvalidAsOf: --as-of "2024-02-30" is not valid: no such date in the calendar')

    const sealFile = join(dir, "kept-seal.json")
    writeFileSync(sealFile, "{}")
    const [again, migrate, empty, programs, refused, missingMigrate, overwrite, malformed, missingSeal, both] =
      await Promise.all([
        cli(["init", "--db", `sqlite:${fresh}`]),
        cli(["migrate", "--db", `sqlite:${fresh}`]),
        cli(["verify", "--db", `sqlite:${fresh}`, "--lang", "en"]),
        cli(["programs", "--db", `sqlite:${fresh}`, "--lang", "en"]),
        cli(["demo", "--db", notLedger]),
        cli(["migrate", "--db", `sqlite:${typo}`]),
        cli(["seal", "--db", `sqlite:${fresh}`, "--out", sealFile]),
        cli(["verify", "--db", `sqlite:${fresh}`, "--seal", "-"], { stdin: '{"position": 1}' }),
        cli(["check-seal", "--db", `sqlite:${fresh}`, "--seal", join(dir, "no-seal.json")]),
        cli(["check-seal", "--db", `sqlite:${fresh}`, "--seal", sealFile, "--position", "1"])
      ])
    expect(again.stdout).toContain("is already a training-ledger store (0 events): nothing to do")
    expect(migrate.stdout).toContain("is up to date: no migration to apply")
    expect(empty.stdout).toMatch(/^INTACT: 0 events checked, head #0 0{64}$/m)
    expect(programs.stdout).toBe("No programs in this ledger.\n")
    expect(refused.code).toBe(3)
    expect(missingMigrate.code).toBe(3)
    expect(existsSync(typo)).toBe(false)
    // seals: an existing file is kept, a malformed seal names its field, a missing one says so
    expect(overwrite.code).toBe(2)
    expect(errorTag(overwrite)).toBe("OutputExists")
    expect(readFileSync(sealFile, "utf8")).toBe("{}")
    expect(malformed.code).toBe(2)
    expect(malformed.stderr).toContain('MalformedCheckpoint: Checkpoint field "hash" is invalid: required')
    expect(missingSeal.code).toBe(2)
    expect(missingSeal.stderr).toContain("SealFileNotFound: cannot read the seal")
    expect(both.code).toBe(2)
    expect(errorTag(both)).toBe("ConflictingOptions")
  })

  it("seal --sign-key and verify --seal: the signature checked with --key, the Merkle tree proven to extend", async () => {
    const file = join(dir, "checkpointed.sqlite")
    const other = join(dir, "other.sqlite")
    const keys = join(dir, "keys")
    expect((await cli(["demo", "--db", `sqlite:${file}`])).code).toBe(0)
    expect((await cli(["init", "--db", `sqlite:${other}`])).code).toBe(0)
    expect((await cli(["keys", "generate", "--out", keys])).code).toBe(0)
    const privateKey = join(keys, "ledger-signing.key")
    const publicKey = join(keys, "ledger-signing.pub")
    const good = join(dir, "checkpoint.json")
    const foreign = join(dir, "checkpoint-other.json")
    const sealed = await cli([
      "seal",
      "--db",
      `sqlite:${file}`,
      "--sign-key",
      privateKey,
      "--out",
      good,
      "--lang",
      "en"
    ])
    expect(sealed.code).toBe(0)
    expect(sealed.stdout).toMatch(
      /^signed checkpoint: log training-ledger\/[0-9a-f-]+, 297 events, root [0-9a-f]{64}$/m
    )
    expect((await cli(["seal", "--db", `sqlite:${other}`, "--sign-key", privateKey, "--out", foreign])).code).toBe(0)
    const changed = join(dir, "checkpoint-changed.json")
    const signed = JSON.parse(readFileSync(good, "utf8"))
    writeFileSync(changed, JSON.stringify({ ...signed, time: "2024-09-08T03:30:00.000Z" }))
    const db = ["--db", `sqlite:${file}`, "--lang", "en"]
    const [checked, unchecked, refused, another] = await Promise.all([
      cli(["verify", ...db, "--seal", good, "--key", publicKey]),
      cli(["verify", ...db, "--seal", good]),
      cli(["verify", ...db, "--seal", changed, "--key", publicKey]),
      cli(["verify", ...db, "--seal", foreign, "--key", publicKey])
    ])
    expect(checked.code).toBe(0)
    expect(checked.stdout).toContain("signature verified with key SHA256:")
    expect(checked.stdout).toMatch(/Merkle: the consistency proof \(\d+ hashes\) leads from the checkpoint's root/)
    expect(unchecked.code).toBe(0)
    expect(unchecked.stdout).toContain("signature not checked (give --key <public key file> to check it)")
    expect(refused.code).toBe(1)
    expect(errorTag(refused)).toBe("BadSignature")
    // a checkpoint of another log (empty): the log is not shorter, but it is not the log that was sealed
    expect(another.code).toBe(1)
    expect(["AnotherLog", "TreeDoesNotExtend"]).toContain(errorTag(another))
  })

  it("--help has examples and no ANSI escape when piped, even without NO_COLOR", async () => {
    const runs = await Promise.all(
      [["--help"], ["verify", "--help"], ["history", "--help"]].map((args) =>
        cli(args, { env: { NO_COLOR: undefined, FORCE_COLOR: undefined } })
      )
    )
    for (const run of runs) {
      expect(run.code).toBe(0)
      expect(run.stdout).not.toContain("\u001b")
      expect(run.stdout).toContain("EXAMPLES")
    }
    const [root, verify, history] = runs
    expect(root!.stdout).toContain("COMMANDS")
    expect(root!.stdout).toContain("EXIT CODES")
    expect(verify!.stdout).toContain("training-ledger verify --db sqlite:./demo.sqlite --seal seal.json")
    expect(history!.stdout).toContain("back-dated")
    expect(history!.stdout).toContain("--recorded-by")
  })
})
