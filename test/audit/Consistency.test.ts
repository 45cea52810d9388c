/**
 * `checkAgainstSeal`: an older checkpoint file against the live log. The log that only grew
 * passes with a consistency proof; each way of not only growing is named, with the first
 * position where the evidence can tell it.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { writeFileSync } from "node:fs"
import { join } from "node:path"
import * as Checkpoint from "../../src/audit/Checkpoint.js"
import * as Consistency from "../../src/audit/Consistency.js"
import * as Merkle from "../../src/audit/Merkle.js"
import { LogAudit } from "../../src/ports/LogAudit.js"
import { LogTransfer } from "../../src/ports/LogTransfer.js"
import * as Tree from "../../src/adapters/log/Tree.js"
import { appendEvents } from "../adapters/AuditSuite.js"
import { RawLog, layerMemory, rewritten } from "../adapters/support/RawLog.js"
import { facility, intruder, tempDir } from "./support/founding.js"

const dir = tempDir()
let files = 0

/** A checkpoint (signed by the facility) of the log now, written to a file. */
const keepCheckpoint = Effect.gen(function* () {
  const checkpoint = yield* (yield* LogAudit).checkpoint({ signWith: facility.privateKey })
  const file = join(dir, `checkpoint-${++files}.json`)
  writeFileSync(file, Checkpoint.encodeSignedCheckpoint(checkpoint))
  return { file, checkpoint }
})

const check = (file: string, key = facility.publicKey) => Consistency.checkAgainstSeal(file, key)

describe("checkAgainstSeal", () => {
  it.effect("the log only grew: every check passes and the proof verifies from the old root to the new", () =>
    Effect.gen(function* () {
      yield* appendEvents(21, [2])
      const { checkpoint, file } = yield* keepCheckpoint
      yield* appendEvents(30, [3])
      const report = yield* check(file)
      expect(report._tag, Consistency.render(report)).toBe("Grew")
      expect(report.checks.every((c) => c.status === "passed")).toBe(true)
      expect(report.now.size).toBe(51)
      const verdict = Merkle.verifyConsistency(21, 51, checkpoint.root, report.now.root, report.proof!.proof)
      expect(verdict._tag).toBe("Verified")
      // Without a key the signature is reported unchecked, not assumed.
      const unchecked = yield* Consistency.checkAgainstSeal(file)
      expect(unchecked.checks.find((c) => c.name === "signature")?.status).toBe("skipped")
      // A legacy unsigned seal still proves the chain.
      const legacy = join(dir, "legacy.json")
      const seal = yield* (yield* LogAudit).seal()
      writeFileSync(
        legacy,
        JSON.stringify({ position: seal.position, hash: seal.hash, sealedAt: seal.sealedAt.toISOString() })
      )
      const old = yield* check(legacy)
      expect(old).toMatchObject({ _tag: "Grew", kind: "unsigned seal" })
    }).pipe(Effect.provide(layerMemory()))
  )

  it.effect("a checkpoint signed by another key, or of another log, is refused", () =>
    Effect.gen(function* () {
      yield* appendEvents(5)
      const { file } = yield* keepCheckpoint
      const wrongKey = yield* check(file, intruder.publicKey)
      expect(wrongKey).toMatchObject({ _tag: "Changed" })
      expect(wrongKey.checks.find((c) => c.status === "failed")?.name).toBe("signature")
      const other = yield* Effect.provide(check(file), layerMemory())
      expect(other.checks.find((c) => c.status === "failed")).toMatchObject({ name: "log id" })
    }).pipe(Effect.provide(layerMemory()))
  )

  it.effect("an event changed behind the database's back: the first position is named", () =>
    Effect.gen(function* () {
      yield* appendEvents(40, [4])
      const { file } = yield* keepCheckpoint
      yield* (yield* RawLog).rewriteEvent(9, { n: 900 })
      const report = yield* check(file)
      expect(report).toMatchObject({ _tag: "Changed", position: 9 })
      expect(report.checks.find((c) => c.status === "failed")?.name).toBe("log")
    }).pipe(Effect.provide(layerMemory()))
  )

  it.effect("a log rewritten consistently (events, chain and tree): changed at or before the checkpoint's size", () =>
    Effect.gen(function* () {
      yield* appendEvents(40, [4])
      const { checkpoint, file } = yield* keepCheckpoint
      const rows = yield* (yield* RawLog).storedRows
      // The forger rebuilds the whole log, with event 12 changed, in a store with the same log id.
      const forged = rewritten(rows, 11, { n: 1200 })
      const all = [...rows.slice(0, 11), ...forged]
      let frontier = Tree.emptyFrontier
      frontier = Tree.extend(
        frontier,
        all.map((r) => r.contentHash)
      ).frontier
      const report = yield* Effect.gen(function* () {
        yield* (yield* LogTransfer).importLog(
          {
            logId: checkpoint.logId,
            size: all.length,
            root: Tree.frontierRoot(frontier),
            head: { position: all.length, hash: all[all.length - 1].hash }
          },
          Stream.fromIterable(all)
        )
        expect((yield* (yield* LogAudit).verify())._tag).toBe("Intact")
        return yield* check(file)
      }).pipe(Effect.provide(layerMemory()))
      expect(report).toMatchObject({ _tag: "Changed", atOrBefore: 40 })
      expect(report.checks.find((c) => c.status === "failed")?.name).toBe("chain")
    }).pipe(Effect.provide(layerMemory()))
  )

  it.effect("events gone: the first missing position is named", () =>
    Effect.gen(function* () {
      yield* appendEvents(10)
      const { checkpoint, file } = yield* keepCheckpoint
      const rows = yield* (yield* RawLog).storedRows
      // A copy of the log that stops at 7 events, with the same log id.
      const report = yield* Effect.gen(function* () {
        const kept = rows.slice(0, 7)
        yield* (yield* LogTransfer).importLog(
          {
            logId: checkpoint.logId,
            size: 7,
            root: Merkle.root(kept.map((r) => Merkle.eventLeafHash(r.contentHash))),
            head: { position: 7, hash: kept[6].hash }
          },
          Stream.fromIterable(kept)
        )
        return yield* check(file)
      }).pipe(Effect.provide(layerMemory()))
      expect(report).toMatchObject({ _tag: "Changed", position: 8 })
    }).pipe(Effect.provide(layerMemory()))
  )

  it.effect("offline: a newer checkpoint extends an older one by a consistency proof", () =>
    Effect.gen(function* () {
      yield* appendEvents(12)
      const older = (yield* keepCheckpoint).checkpoint
      yield* appendEvents(9)
      const newer = (yield* keepCheckpoint).checkpoint
      const { proof } = yield* (yield* LogAudit).consistencyProof(older.size, newer.size)
      expect(yield* Consistency.checkConsistency(older, newer, proof, facility.publicKey)).toEqual({ _tag: "Verified" })
      const forged = { ...newer, root: "ab".repeat(32) }
      expect(yield* Effect.flip(Consistency.checkConsistency(older, forged, proof, facility.publicKey))).toMatchObject({
        _tag: "BadSignature"
      })
      const wrong = yield* Consistency.checkConsistency(older, newer, proof.slice(1), facility.publicKey)
      expect(wrong._tag).toBe("Rejected")
    }).pipe(Effect.provide(layerMemory()))
  )
})
