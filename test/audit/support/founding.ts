/**
 * The founding case (Cipinang batik, 2024) recorded through the Ledger, with a second, smaller
 * program in the same log, for the export, verify, import and consistency tests.
 */
import { Effect } from "effect"
import * as Crypto from "node:crypto"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { setup } from "../../../examples/scenario/attendanceProgram.js"
import { actorFor } from "../../../src/demo/Cast.js"
import * as Demo from "../../../src/demo/Demo.js"
import * as Ledger from "../../../src/ledger/Ledger.js"
import * as PrivacyKeys from "../../../src/privacy/PrivacyKeys.js"
import * as ProgramSummary from "../../../src/projections/ProgramSummary.js"
import { fold } from "../../../src/projections/Projection.js"

export const programId = "cip-batik-2024"

const context = (tag: string) => ({ actor: actorFor(tag), source: "user" as const, commandId: Crypto.randomUUID() })

/**
 * Records the founding case as the demo does (each command by its role, the holders registered)
 * and a second program (3 participants, 2 sessions).
 */
export const recordFoundingCase = Effect.gen(function* () {
  const ledger = yield* Ledger.Ledger
  yield* Demo.record()
  for (const command of setup("second-program", 3, 2)) yield* ledger.execute(command, context(command._tag))
})

/** Privacy keys for a test store (random, in memory). */
export const privacy = PrivacyKeys.random()

/** A program's summary as the Ledger's history folds it (the source's read model). */
export const summaryOf = (program: string) =>
  Effect.map(
    Effect.flatMap(Ledger.Ledger, (ledger) => ledger.history(program)),
    (history) => ProgramSummary.view(fold(ProgramSummary.projection, history).get(program)!)
  )

/** A fresh temporary directory. */
export const tempDir = () => mkdtempSync(join(tmpdir(), "training-ledger-proofs-"))

export const facility = Crypto.generateKeyPairSync("ed25519")
export const intruder = Crypto.generateKeyPairSync("ed25519")
