/**
 * The audit port's Merkle tree contract: one suite, called once per store (memory, a SQLite file,
 * PostgreSQL). The stored tree is held to the reference of RFC 9162 (`test/audit/reference.ts`)
 * and to `Merkle.root` over the events' content hashes, at every size; proofs verify with the
 * RFC verifiers; checkpoints sign the head and the root; the tree is checked by `verify()`.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, FastCheck as fc, Layer, ManagedRuntime, Stream } from "effect"
import * as Crypto from "node:crypto"
import * as Checkpoint from "../../src/audit/Checkpoint.js"
import * as Merkle from "../../src/audit/Merkle.js"
import { AnyVersion, EventStore, type NewEvent } from "../../src/ports/EventStore.js"
import * as Hashing from "../../src/ports/Hashing.js"
import { LogAudit } from "../../src/ports/LogAudit.js"
import { LogTransfer } from "../../src/ports/LogTransfer.js"
import * as Reference from "../audit/reference.js"
import { event, metadata, uuid } from "./support/fixtures.js"
import { RawLog } from "./support/RawLog.js"

export interface AuditSuiteOptions {
  /** Random logs in the property test. */
  readonly propertyRuns: number
  /** The largest random log. */
  readonly maxEvents: number
}

export type MakeLayer = () => Layer.Layer<EventStore | LogAudit | LogTransfer | RawLog, unknown>

const facility = Crypto.generateKeyPairSync("ed25519")

let unique = 500_000 + (Date.now() % 100_000)

/** Appends `count` events in appends of the given sizes (cycled), on 3 streams; their leaf hashes, in order. */
export const appendEvents = (count: number, batchSizes: ReadonlyArray<number> = [1]) =>
  Effect.gen(function* () {
    const store = yield* EventStore
    const base = ++unique
    let appended = 0
    let i = 0
    while (appended < count) {
      const size = Math.min(count - appended, Math.max(1, batchSizes[i % batchSizes.length] ?? 1))
      const events: Array<NewEvent> = Array.from({ length: size }, (_, k) =>
        event(uuid(base, appended + k), "Audited", { n: appended + k })
      )
      yield* store.append(`audit-${base}-${i % 3}`, AnyVersion, events, metadata)
      appended += size
      i++
    }
  })

/** The leaf hashes of the whole log, recomputed from the envelopes (no upcasters in this suite). */
export const leafHashes = Effect.gen(function* () {
  const store = yield* EventStore
  const events = yield* Stream.runCollect(store.readAll({ batchSize: 1000 }))
  return [...events].map((e) => Merkle.eventLeafHash(Hashing.contentHash(e)))
})

const verified = { _tag: "Verified" }

/** Every size from 0 to n: the stored root is the reference's; sampled proofs verify and equal the reference's. */
const checkAllSizes = (leaves: ReadonlyArray<string>, proofsPerSize: number, seed: number) =>
  Effect.gen(function* () {
    const audit = yield* LogAudit
    const n = leaves.length
    let random = seed
    const next = (bound: number) => {
      random = (random * 1103515245 + 12345) % 2147483648
      return random % bound
    }
    for (let m = 0; m <= n; m++) {
      const { root } = yield* audit.root(m)
      expect(root, `root at ${m}`).toBe(Merkle.root(leaves.slice(0, m)))
      if (m === 0) continue
      for (let k = 0; k < proofsPerSize; k++) {
        const position = 1 + next(m)
        const { proof } = yield* audit.inclusionProof(position, m)
        expect(proof, `inclusion ${position} in ${m}`).toEqual(Reference.inclusionPath(leaves, position - 1, m))
        expect(Merkle.verifyInclusion(leaves[position - 1], position - 1, m, proof, root)).toEqual(verified)
        const from = 1 + next(m)
        const consistency = yield* audit.consistencyProof(from, m)
        expect(consistency.proof, `consistency ${from} -> ${m}`).toEqual(Reference.consistencyProof(leaves, from, m))
        const fromRoot = Merkle.root(leaves.slice(0, from))
        expect(Merkle.verifyConsistency(from, m, fromRoot, root, consistency.proof)).toEqual(verified)
      }
    }
  })

export const suite = (name: string, makeLayer: MakeLayer, options: AuditSuiteOptions) =>
  describe(name, () => {
    it.live(
      "the root at every size is the reference's; inclusion and consistency proofs are the RFC's and verify",
      () =>
        Effect.gen(function* () {
          // 150 events in appends of 1 to 23: blocks of 16 are completed inside, across and at the
          // end of appends, and the tail is never the same length twice.
          yield* appendEvents(150, [1, 3, 23, 2, 16, 5, 1, 17])
          const leaves = yield* leafHashes
          expect(leaves.length).toBe(150)
          yield* checkAllSizes(leaves, 2, 7)
          expect(yield* (yield* LogAudit).verify()).toMatchObject({ _tag: "Intact", checked: 150 })
        }).pipe(Effect.provide(makeLayer()))
    )

    it(`property: ${options.propertyRuns} random logs of up to ${options.maxEvents} events appended in random batches give the reference tree`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: options.maxEvents }),
          fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 }),
          fc.integer({ min: 1, max: 1000 }),
          (count, batches, seed) => {
            const runtime = ManagedRuntime.make(makeLayer())
            return runtime
              .runPromise(
                Effect.gen(function* () {
                  yield* appendEvents(count, batches)
                  const leaves = yield* leafHashes
                  yield* checkAllSizes(leaves, 1, seed)
                  expect((yield* (yield* LogAudit).verify())._tag).toBe("Intact")
                })
              )
              .finally(() => runtime.dispose())
          }
        ),
        { numRuns: options.propertyRuns }
      )
    })

    it.live("appends fired at once (group-committed) keep the tree the log's", () =>
      Effect.gen(function* () {
        const store = yield* EventStore
        const base = ++unique
        yield* Effect.all(
          Array.from({ length: 40 }, (_, i) =>
            store.append(
              `burst-${base}-${i % 5}`,
              AnyVersion,
              Array.from({ length: 1 + (i % 3) }, (_, k) => event(uuid(base, i * 10 + k), "Burst")),
              metadata
            )
          ),
          { concurrency: "unbounded" }
        )
        const leaves = yield* leafHashes
        expect((yield* (yield* LogAudit).root()).root).toBe(Merkle.root(leaves))
        expect(yield* (yield* LogAudit).verify()).toMatchObject({ _tag: "Intact", checked: leaves.length })
      }).pipe(Effect.provide(makeLayer()))
    )

    it.live("a checkpoint states the head and the root, signed by the facility's key; the log id never changes", () =>
      Effect.gen(function* () {
        const audit = yield* LogAudit
        const empty = yield* audit.checkpoint()
        expect(empty).toMatchObject({ size: 0, root: Merkle.emptyRoot, head: { position: 0 } })
        yield* appendEvents(37, [5])
        const logId = yield* audit.logId()
        expect(logId).toMatch(/^training-ledger\/[0-9a-f-]{36}$/)
        const signed = yield* audit.checkpoint({ signWith: facility.privateKey })
        const head = yield* (yield* EventStore).head()
        expect(signed).toMatchObject({ _tag: "SignedCheckpoint", logId, size: 37, head })
        expect(signed.root).toBe(Merkle.root(yield* leafHashes))
        const stated = yield* Checkpoint.verify(signed, facility.publicKey)
        expect(stated.root).toBe(signed.root)
        // The log grows; the old checkpoint is consistent with the new one.
        yield* appendEvents(20, [3])
        const later = yield* audit.checkpoint({ signWith: facility.privateKey })
        expect(later.logId).toBe(logId)
        const { proof } = yield* audit.consistencyProof(signed.size, later.size)
        expect(Merkle.verifyConsistency(signed.size, later.size, signed.root, later.root, proof)).toEqual(verified)
        // Another origin when asked; a log id a signed note cannot carry is refused.
        expect((yield* audit.checkpoint({ logId: "example.org/ledger" })).logId).toBe("example.org/ledger")
        expect(yield* Effect.flip(audit.checkpoint({ logId: "two words" }))).toMatchObject({
          _tag: "MalformedCheckpoint",
          field: "logId"
        })
      }).pipe(Effect.provide(makeLayer()))
    )

    it.live("proofs asked for sizes or positions the log does not have are refused, naming the argument", () =>
      Effect.gen(function* () {
        const audit = yield* LogAudit
        yield* appendEvents(5)
        const refused = (effect: Effect.Effect<unknown, { readonly _tag: string }>) => Effect.flip(effect)
        expect(yield* refused(audit.root(6))).toMatchObject({ _tag: "InvalidProofRequest", field: "size" })
        expect(yield* refused(audit.root(-1))).toMatchObject({ _tag: "InvalidProofRequest", field: "size" })
        expect(yield* refused(audit.inclusionProof(0, 5))).toMatchObject({ field: "position" })
        expect(yield* refused(audit.inclusionProof(5, 4))).toMatchObject({ field: "position" })
        expect(yield* refused(audit.inclusionProof(1, 6))).toMatchObject({ field: "size" })
        expect(yield* refused(audit.inclusionProofs([1, 2.5], 5))).toMatchObject({ field: "positions[1]" })
        expect(yield* refused(audit.consistencyProof(0, 5))).toMatchObject({ field: "fromSize" })
        expect(yield* refused(audit.consistencyProof(4, 3))).toMatchObject({ field: "fromSize" })
        expect(yield* refused(audit.consistencyProof(1, 9))).toMatchObject({ field: "toSize" })
        const batch = yield* audit.inclusionProofs([5, 1, 3], 5)
        expect(batch.map((p) => p.position)).toEqual([5, 1, 3])
        for (const p of batch) expect(p).toEqual(yield* audit.inclusionProof(p.position, 5))
      }).pipe(Effect.provide(makeLayer()))
    )

    it.live("verify() names the first position where the stored tree and the events disagree", () =>
      Effect.gen(function* () {
        yield* appendEvents(40, [4])
        const raw = yield* RawLog
        // The leaf of position 21 (in the second block) replaced; the chain is untouched.
        yield* raw.setNode(Merkle.nodeKey(0, 20), "ab".repeat(32))
        expect(yield* (yield* LogAudit).verify()).toMatchObject({ _tag: "Broken", position: 21 })
      }).pipe(Effect.provide(makeLayer()))
    )

    it.live("an event rewritten with its hashes recomputed is caught by the tree: the chain alone cannot", () =>
      Effect.gen(function* () {
        yield* appendEvents(33, [3])
        const raw = yield* RawLog
        yield* raw.rewriteEvent(7, { n: 700 })
        const report = yield* (yield* LogAudit).verify()
        expect(report).toMatchObject({ _tag: "Broken", position: 7 })
        expect(report._tag === "Broken" && report.reason).toMatch(/Merkle tree/)
      }).pipe(Effect.provide(makeLayer()))
    )

    describe("import into an empty store", () => {
      it.live("loads the rows with their positions and hashes, rebuilds the tree, keeps the log id", () =>
        Effect.gen(function* () {
          // The source: this store.
          yield* appendEvents(45, [2, 7])
          const audit = yield* LogAudit
          const source = yield* audit.checkpoint()
          const raw = yield* RawLog
          const rows = yield* raw.storedRows
          // The target: a second, empty store of the same kind.
          const target = yield* Effect.gen(function* () {
            const importer = yield* LogTransfer
            expect(yield* importer.isEmpty()).toBe(true)
            const result = yield* importer.importLog(
              { logId: source.logId, size: source.size, root: source.root, head: source.head },
              Stream.fromIterable(rows)
            )
            expect(result.count).toBe(45)
            expect(yield* importer.isEmpty()).toBe(false)
            const targetAudit = yield* LogAudit
            const report = yield* targetAudit.verify()
            const checkpoint = yield* targetAudit.checkpoint()
            // A second import is refused: the target is not empty any more.
            const again = yield* Effect.flip(
              importer.importLog(
                { logId: source.logId, size: source.size, root: source.root, head: source.head },
                Stream.fromIterable(rows)
              )
            )
            return { report, checkpoint, again }
          }).pipe(Effect.provide(makeLayer()))
          expect(target.report).toMatchObject({ _tag: "Intact", checked: 45, head: source.head })
          expect(target.checkpoint).toMatchObject({
            logId: source.logId,
            size: 45,
            root: source.root,
            head: source.head
          })
          expect(target.again).toMatchObject({ _tag: "TargetNotEmpty", position: 45 })
        }).pipe(Effect.provide(makeLayer()))
      )

      it.live("rows that do not make the checkpointed log write nothing", () =>
        Effect.gen(function* () {
          yield* appendEvents(20, [3])
          const source = yield* (yield* LogAudit).checkpoint()
          const rows = yield* (yield* RawLog).storedRows
          const outcome = yield* Effect.gen(function* () {
            const importer = yield* LogTransfer
            const target = { logId: source.logId, size: source.size, root: source.root, head: source.head }
            const wrongRoot = yield* Effect.flip(
              importer.importLog({ ...target, root: "cd".repeat(32) }, Stream.fromIterable(rows))
            )
            const gap = yield* Effect.flip(
              importer.importLog(target, Stream.fromIterable(rows.filter((r) => r.position !== 9)))
            )
            const short = yield* Effect.flip(importer.importLog(target, Stream.fromIterable(rows.slice(0, 17))))
            const failing = yield* Effect.flip(
              importer.importLog(
                target,
                Stream.concat(Stream.fromIterable(rows.slice(0, 18)), Stream.fail("boom" as const))
              )
            )
            return {
              wrongRoot,
              gap,
              short,
              failing,
              empty: yield* importer.isEmpty(),
              head: yield* (yield* EventStore).head()
            }
          }).pipe(Effect.provide(makeLayer()))
          expect(outcome.wrongRoot).toMatchObject({ _tag: "ImportMismatch", position: 20 })
          expect(outcome.gap).toMatchObject({ _tag: "ImportMismatch", position: 9 })
          expect(outcome.short).toMatchObject({ _tag: "ImportMismatch", position: 17 })
          expect(outcome.failing).toBe("boom")
          expect(outcome.empty).toBe(true)
          expect(outcome.head.position).toBe(0)
        }).pipe(Effect.provide(makeLayer()))
      )
    })

    it.live("an import into a store that holds events is refused before anything is read", () =>
      Effect.gen(function* () {
        yield* appendEvents(3)
        const importer = yield* LogTransfer
        let pulled = 0
        const refused = yield* Effect.flip(
          importer.importLog(
            { logId: "x", size: 0, root: Merkle.emptyRoot, head: { position: 0, hash: "0".repeat(64) } },
            Stream.fromEffect(Effect.sync(() => ++pulled)).pipe(Stream.flatMap(() => Stream.empty))
          )
        )
        expect(refused).toMatchObject({ _tag: "TargetNotEmpty", position: 3 })
        expect(pulled).toBe(0)
        expect(Either.isRight(yield* Effect.either((yield* LogAudit).verify()))).toBe(true)
      }).pipe(Effect.provide(makeLayer()))
    )
  })
