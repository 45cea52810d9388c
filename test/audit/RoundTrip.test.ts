/**
 * The move the issue asks for: the founding case recorded on a facility's SQLite file, a signed
 * checkpoint kept aside, the whole log exported, verified offline, imported into an empty
 * PostgreSQL schema; there the log verifies, with the same head and root, the old checkpoint is
 * consistent with it, the program's summary is the source's, and the log goes on growing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Effect, ManagedRuntime } from "effect"
import { readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import * as Bundle from "../../src/audit/Bundle.js"
import * as Checkpoint from "../../src/audit/Checkpoint.js"
import * as Consistency from "../../src/audit/Consistency.js"
import * as Import from "../../src/audit/Import.js"
import * as VerifyBundle from "../../src/audit/VerifyBundle.js"
import { EventStore } from "../../src/ports/EventStore.js"
import { LogAudit } from "../../src/ports/LogAudit.js"
import * as Stores from "../../src/stores/Stores.js"
import { createSchema } from "../support/pgSchema.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import { facility, privacy, programId, recordFoundingCase, summaryOf, tempDir } from "./support/founding.js"

const dir = tempDir()

const targets: ReadonlyArray<readonly [string, boolean, () => Promise<{ url: string; drop: () => Promise<void> }>]> = [
  [
    postgresSuiteName("into an empty PostgreSQL schema"),
    postgres.available,
    () => createSchema(postgres.url, "tl_import")
  ],
  [
    "into an empty SQLite file",
    true,
    async () => ({ url: `sqlite:${join(tempDir(), "target.sqlite")}`, drop: async () => {} })
  ]
]

describe("founding case: SQLite -> signed checkpoint -> bundle -> offline verify -> import", () => {
  let source: ManagedRuntime.ManagedRuntime<any, unknown>
  let bundle: string
  let sealFile: string
  let sourceHead: { position: number; hash: string }
  let sourceRoot: string
  let sourceSummary: unknown

  beforeAll(async () => {
    source = ManagedRuntime.make(Stores.layerLedger(`sqlite:${join(dir, "facility.sqlite")}`, { privacy }))
    await source.runPromise(recordFoundingCase)
    // The auditor's checkpoint, kept outside the database.
    const checkpoint = await source.runPromise(
      Effect.flatMap(LogAudit, (audit) => audit.checkpoint({ signWith: facility.privateKey }))
    )
    sealFile = join(dir, "checkpoint.json")
    writeFileSync(sealFile, Checkpoint.encodeSignedCheckpoint(checkpoint))
    bundle = join(dir, "facility.jsonl")
    await source.runPromise(Bundle.exportBundle({ out: bundle, signWith: facility.privateKey }))
    sourceHead = await source.runPromise(Effect.flatMap(EventStore, (store) => store.head()))
    sourceRoot = (await source.runPromise(Effect.flatMap(LogAudit, (audit) => audit.root()))).root
    sourceSummary = JSON.parse(JSON.stringify(await source.runPromise(summaryOf(programId))))
    expect(checkpoint.size).toBe(sourceHead.position)
  }, 120_000)

  afterAll(async () => {
    await source?.dispose()
  })

  it("the bundle verifies offline, with the facility's public key alone", async () => {
    const report = await Effect.runPromise(VerifyBundle.verifyFile(bundle, facility.publicKey))
    expect(report._tag, VerifyBundle.render(report)).toBe("Verified")
    expect(report.checkpoint).toMatchObject({ size: sourceHead.position, root: sourceRoot, head: sourceHead })
  })

  for (const [name, available, open] of targets) {
    describe.skipIf(!available)(name, () => {
      it("imports, verifies intact with the same head and root, the old checkpoint holds, the summary is the source's", async () => {
        const schema = await open()
        const target = ManagedRuntime.make(Stores.layerLedger(schema.url, { privacy }))
        try {
          const imported = await target.runPromise(Import.importBundle(bundle, facility.publicKey))
          expect(imported.count).toBe(sourceHead.position)
          expect(imported.verify).toMatchObject({ _tag: "Intact", head: sourceHead, checked: sourceHead.position })
          expect(imported.root).toBe(sourceRoot)
          const state = await target.runPromise(
            Effect.gen(function* () {
              const audit = yield* LogAudit
              return {
                head: yield* (yield* EventStore).head(),
                root: (yield* audit.root()).root,
                logId: yield* audit.logId(),
                verify: yield* audit.verify()
              }
            })
          )
          expect(state.head).toEqual(sourceHead)
          expect(state.root).toBe(sourceRoot)
          expect(state.logId).toBe(JSON.parse(readFileSync(sealFile, "utf8")).logId)
          expect(state.verify._tag).toBe("Intact")
          expect(JSON.parse(JSON.stringify(await target.runPromise(summaryOf(programId))))).toEqual(sourceSummary)
          // The checkpoint taken on the facility's SQLite file holds on the ministry's copy.
          const seal = await target.runPromise(Consistency.checkAgainstSeal(sealFile, facility.publicKey))
          expect(seal._tag, Consistency.render(seal)).toBe("Grew")
          // The copy goes on: new commands append after the imported head, the tree with them.
          await target.runPromise(recordMore)
          const later = await target.runPromise(
            Effect.gen(function* () {
              const audit = yield* LogAudit
              return {
                seal: yield* Consistency.checkAgainstSeal(sealFile, facility.publicKey),
                verify: yield* audit.verify()
              }
            })
          )
          expect(later.verify._tag).toBe("Intact")
          expect(later.seal._tag).toBe("Grew")
          expect(later.seal.now.size).toBeGreaterThan(sourceHead.position)
          // A second import is refused: the store is not empty.
          const again = await target.runPromise(Effect.flip(Import.importBundle(bundle, facility.publicKey)))
          expect(again).toMatchObject({ _tag: "TargetNotEmpty" })
        } finally {
          await target.dispose()
          await schema.drop()
        }
      }, 120_000)

      it("a bundle that fails verification, or holds one program, writes nothing", async () => {
        const schema = await open()
        const target = ManagedRuntime.make(Stores.layerLedger(schema.url, { privacy }))
        try {
          const lines = readFileSync(bundle, "utf8").trim().split("\n")
          const broken = join(tempDir(), "broken.jsonl")
          const event = JSON.parse(lines[40])
          event.data = { ...event.data, tampered: true }
          lines[40] = JSON.stringify(event)
          writeFileSync(broken, lines.join("\n") + "\n")
          const refused = await target.runPromise(Effect.flip(Import.importBundle(broken, facility.publicKey)))
          expect(refused).toMatchObject({ _tag: "BundleRefused", check: "content" })
          const program = join(tempDir(), "program.jsonl")
          await source.runPromise(
            Bundle.exportBundle({ out: program, signWith: facility.privateKey, program: programId })
          )
          const partial = await target.runPromise(Effect.flip(Import.importBundle(program, facility.publicKey)))
          expect(partial).toMatchObject({ _tag: "NotAWholeLog", program: programId })
          const head = await target.runPromise(Effect.flatMap(EventStore, (store) => store.head()))
          expect(head.position).toBe(0)
        } finally {
          await target.dispose()
          await schema.drop()
        }
      }, 120_000)
    })
  }
})

import * as Ledger from "../../src/ledger/Ledger.js"
import { setup } from "../../examples/scenario/attendanceProgram.js"

const recordMore = Effect.flatMap(Ledger.Ledger, (ledger) =>
  Effect.forEach(setup("after-the-move", 2, 1), (command) =>
    ledger.execute(command, {
      actor: { id: "officer-9", role: "program-officer", facility: "LPCIP" },
      source: "user",
      commandId: crypto.randomUUID()
    })
  )
)
