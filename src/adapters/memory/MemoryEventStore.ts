/**
 * The event log in memory: the same contracts as the SQL store (the contract suite runs on both),
 * for tests and quick starts. Nothing survives the process.
 *
 * Rows are kept in their stored form (`AppendPlan.PlannedRow`: JSON text, ISO times) and decoded
 * on every read, so a caller mutating what it read cannot change the log. Appends join a
 * transaction of the same {@link MemoryDatabase} (see `MemoryProjectionStore`).
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import {
  EventStore,
  EventStoreError,
  type EventStoreService,
  GenesisHash,
  type LogHead
} from "../../ports/EventStore.js"
import { LogAudit, type LogAuditService, type VerifyReport } from "../../ports/LogAudit.js"
import { ImportMismatch, LogTransfer, type LogTransferService, TargetNotEmpty } from "../../ports/LogTransfer.js"
import * as Upcasters from "../../ports/Upcasters.js"
import * as Plan from "../log/AppendPlan.js"
import * as ReadOptions from "../log/ReadOptions.js"
import * as Reads from "../log/Reads.js"
import * as Rows from "../log/Rows.js"
import * as Tree from "../log/Tree.js"
import * as Verifier from "../log/Verifier.js"
import * as MemoryDatabase from "./MemoryDatabase.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Upcasters applied on read. */
  readonly upcasters?: ReadonlyArray<Upcasters.Upcaster> | undefined
  /** The record time of an append (default: Effect's `Clock`). */
  readonly clock?: (() => Date) | undefined
}

/**
 * The log's rows, for a test that tampers with them as it does with SQL. Not for production.
 *
 * @since 0.2.0
 * @category testing
 * @internal
 */
export interface Inspectable {
  readonly store: EventStoreService
  readonly audit: LogAuditService
  readonly transfer: LogTransferService
  readonly rows: Array<Plan.PlannedRow>
  /** The Merkle tree's nodes by `Merkle.nodeKey`. */
  readonly nodes: Map<number, string>
}

/**
 * @since 0.2.0
 * @category constructors
 */
export const make = (database: MemoryDatabase.MemoryDatabase, options: Options = {}): Effect.Effect<Inspectable> =>
  Effect.sync(() => {
    const upcasters = Upcasters.make(options.upcasters ?? [])
    const rows: Array<Plan.PlannedRow> = []
    const streams = new Map<string, Array<number>>()
    const byId = new Map<string, number>()
    const nodes = new Map<number, string>()
    let frontier = Tree.emptyFrontier
    let logId = Tree.newLogId()
    let head: LogHead = { position: 0, hash: GenesisHash }
    const write = MemoryDatabase.write(database)

    const now = options.clock
      ? Effect.sync(() => options.clock!().toISOString())
      : Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

    const state: Plan.PlanState = {
      get head() {
        return head
      },
      streamVersion: (streamId) => streams.get(streamId)?.length ?? 0,
      storedEvent: (eventId) => {
        const position = byId.get(eventId)
        return position === undefined ? undefined : rows[position - 1]
      }
    }

    const run = (job: Plan.Job, recordedAt: string) =>
      write((undo) => {
        const result = Plan.plan([job], state, recordedAt)
        const outcome = result.outcomes[0]
        if (Either.isRight(outcome) && result.rows.length > 0) {
          const before = head
          const beforeFrontier = frontier
          const next = Tree.extend(
            frontier,
            result.rows.map((row) => row.contentHash)
          )
          const added = Tree.toStored(next.nodes)
          for (const node of added) nodes.set(node.key, node.hash)
          frontier = next.frontier
          for (const row of result.rows) {
            rows.push(row)
            byId.set(row.eventId, row.position)
            const positions = streams.get(row.streamId)
            if (positions === undefined) streams.set(row.streamId, [row.position])
            else positions.push(row.position)
          }
          head = result.head
          undo(() => {
            for (const node of added) nodes.delete(node.key)
            frontier = beforeFrontier
            for (const row of rows.splice(before.position)) {
              byId.delete(row.eventId)
              const positions = streams.get(row.streamId)!
              positions.pop()
              if (positions.length === 0) streams.delete(row.streamId)
            }
            head = before
          })
        }
        return outcome
      }).pipe(Effect.flatten)

    const appendJob = (requests: Parameters<EventStoreService["appendMany"]>[0], many: boolean) =>
      Effect.flatMap(Plan.validate(requests, many), (job) => Effect.flatMap(now, (recordedAt) => run(job, recordedAt)))

    const decode = (row: Plan.PlannedRow) => Reads.upcast(Rows.fromStored(row), upcasters)

    const page = (method: string, f: () => ReadonlyArray<Plan.PlannedRow>) =>
      Reads.wrap(method)(Effect.sync(() => f().map(decode)))

    const store: EventStoreService = {
      append: (streamId, expectedVersion, events, metadata) =>
        Effect.map(appendJob([{ streamId, expectedVersion, events, metadata }], false), (results) => results[0]),
      appendMany: (requests) => appendJob(requests, true),
      readStream: (streamId, readOptions) =>
        Stream.unwrap(
          Effect.map(ReadOptions.stream(readOptions), ({ from, to }) =>
            Reads.pages(
              from - 1,
              1000,
              (e) => e.version,
              (after, size) =>
                page("readStream", () =>
                  (streams.get(streamId) ?? [])
                    .slice(after, Math.min(after + size, to))
                    .map((position) => rows[position - 1])
                )
            )
          )
        ),
      // one transaction at a time already: no race to lose
      exclusive: (_streamId, effect) => effect,
      readStreamArray: (streamId, readOptions) =>
        Effect.flatMap(ReadOptions.stream(readOptions), ({ from, to }) =>
          page("readStream", () =>
            (streams.get(streamId) ?? [])
              .slice(from - 1, Math.min(to, Number.MAX_SAFE_INTEGER))
              .map((position) => rows[position - 1])
          )
        ),
      readAll: (readOptions) =>
        Stream.unwrap(
          Effect.map(ReadOptions.all(readOptions), ({ from, to, batchSize }) =>
            Reads.pages(
              from - 1,
              batchSize,
              (e) => e.position,
              (after, size) => page("readAll", () => rows.slice(after, Math.min(after + size, to)))
            )
          )
        ),
      head: () => Effect.sync(() => head)
    }

    const fetch: Tree.Fetch<never> = (keys, tailFrom, tailTo) =>
      Effect.sync(() => {
        const found = new Map<number, string>()
        for (const key of keys) {
          const hash = nodes.get(key)
          if (hash !== undefined) found.set(key, hash)
        }
        const tail: Array<string> = []
        for (let position = tailFrom; position <= tailTo; position++) {
          const row = rows[position - 1]
          if (row !== undefined) tail.push(row.contentHash)
        }
        return { nodes: found, tail }
      })
    const tree = Tree.proofs({ head: Effect.sync(() => head), fetch })

    const audit: LogAuditService = {
      verify: (verifyOptions = {}) =>
        Effect.suspend(() => {
          const verifier = Verifier.makeVerifier()
          const upToHead = rows.slice(0, head.position)
          // One page: the rows up to the head, as the SQL walk reads them (the log is in memory already).
          const broken = verifier.page(
            upToHead.map((row) =>
              Either.mapLeft(Rows.fromStoredChecked(row), (reason) => ({ position: row.position, reason }))
            )
          )
          // The tree over the rows the chain accepted: a node that differs before the chain breaks
          // is the first position where the log does not match.
          const check = Tree.makeTreeCheck()
          const accepted =
            broken?._tag !== "Broken" ? upToHead : upToHead.filter((row) => row.position < broken.position)
          const differs = check.compare(check.feed(accepted.map((row) => row.contentHash)), nodes)
          const finished = (): VerifyReport => {
            if (differs !== undefined && (broken?._tag !== "Broken" || differs.position < broken.position)) {
              return { _tag: "Broken", ...differs, damage: "changed", checked: differs.position - 1 }
            }
            if (broken !== undefined) return broken
            const report = verifier.finish(head)
            if (report._tag === "Broken") return report
            const beyond = rows.length > head.position ? rows[head.position] : undefined
            if (beyond !== undefined) {
              return {
                _tag: "Broken",
                position: head.position + 1,
                damage: "inserted",
                reason: `an event at ${beyond.position} lies beyond the head (${head.position})`,
                checked: report.checked
              }
            }
            if (nodes.size !== Tree.storedNodeCount(head.position)) {
              return {
                _tag: "Broken",
                position: head.position + 1,
                damage: "inserted",
                reason: `the Merkle tree stores ${nodes.size} nodes where ${head.position} events make ${Tree.storedNodeCount(head.position)}`,
                checked: report.checked
              }
            }
            return report
          }
          const report = finished()
          return verifyOptions.onProgress === undefined
            ? Effect.succeed(report)
            : Effect.as(verifyOptions.onProgress(verifier.checked(), head.position), report)
        }),
      seal: () =>
        Effect.map(now, (sealedAt) => ({ position: head.position, hash: head.hash, sealedAt: new Date(sealedAt) })),
      checkSeal: (seal) =>
        Effect.sync(() =>
          seal.position === 0
            ? seal.hash === GenesisHash
            : rows[seal.position - 1] !== undefined && rows[seal.position - 1].hash === seal.hash
        ),
      logId: () => Effect.sync(() => logId),
      root: (size) => Reads.wrapProof("root")(tree.root(size)),
      inclusionProof: (position, size) => Reads.wrapProof("inclusionProof")(tree.inclusionProof(position, size)),
      inclusionProofs: (positions, size) => Reads.wrapProof("inclusionProofs")(tree.inclusionProofs(positions, size)),
      consistencyProof: (fromSize, toSize) =>
        Reads.wrapProof("consistencyProof")(tree.consistencyProof(fromSize, toSize)),
      checkpoint: ((options) =>
        Effect.flatMap(
          Reads.wrap("checkpoint")(
            Effect.flatMap(
              Effect.sync(() => head),
              (at) =>
                Effect.zipWith(tree.rootAt(at.position, at.position), now, (root, time) => ({
                  logId,
                  head: at,
                  root,
                  time
                }))
            )
          ),
          (state) => Tree.checkpoint(state, options)
        )) as LogAuditService["checkpoint"]
    }

    const transfer: LogTransferService = {
      rows: (range = {}) =>
        Stream.suspend(() => {
          const from = Math.max(1, range.from ?? 1)
          const to = Math.min(range.to ?? head.position, head.position)
          return Stream.fromIterable(rows.slice(from - 1, Math.max(from - 1, to)).map((row) => ({ ...row })))
        }),
      streamRows: (streamId) =>
        Effect.sync(() => (streams.get(streamId) ?? []).map((position) => ({ ...rows[position - 1] }))),
      isEmpty: () => Effect.sync(() => rows.length === 0 && nodes.size === 0),
      importLog: (target, input) =>
        MemoryDatabase.transaction(database)(
          Effect.gen(function* () {
            if (rows.length > 0 || nodes.size > 0) return yield* new TargetNotEmpty({ position: head.position })
            const before = logId
            yield* write((undo) => {
              logId = target.logId
              undo(() => (logId = before))
            })
            let built = Tree.emptyFrontier
            let last: LogHead = { position: 0, hash: GenesisHash }
            yield* Stream.runForEach(Stream.chunks(input), (chunk) =>
              Effect.flatten(
                write((undo) => {
                  const batch = [...chunk]
                  for (const row of batch) {
                    if (row.position !== last.position + 1 || row.prevHash !== last.hash) {
                      return Effect.fail(
                        new ImportMismatch({
                          position: last.position + 1,
                          reason: "the rows do not continue the chain"
                        })
                      )
                    }
                    last = { position: row.position, hash: row.hash }
                  }
                  const next = Tree.extend(
                    built,
                    batch.map((row) => row.contentHash)
                  )
                  built = next.frontier
                  const added = Tree.toStored(next.nodes)
                  for (const node of added) nodes.set(node.key, node.hash)
                  const from = rows.length
                  for (const row of batch) {
                    rows.push({ ...row })
                    byId.set(row.eventId, row.position)
                    const positions = streams.get(row.streamId)
                    if (positions === undefined) streams.set(row.streamId, [row.position])
                    else positions.push(row.position)
                  }
                  undo(() => {
                    for (const node of added) nodes.delete(node.key)
                    for (const row of rows.splice(from)) {
                      byId.delete(row.eventId)
                      const positions = streams.get(row.streamId)!
                      positions.pop()
                      if (positions.length === 0) streams.delete(row.streamId)
                    }
                  })
                  return Effect.void
                })
              )
            )
            const mismatch =
              last.position !== target.size
                ? `${last.position} events, the checkpoint states ${target.size}`
                : last.hash !== target.head.hash
                  ? "the chain head differs from the checkpoint's"
                  : Tree.frontierRoot(built) !== target.root
                    ? "the Merkle root differs from the checkpoint's"
                    : undefined
            if (mismatch !== undefined) return yield* new ImportMismatch({ position: last.position, reason: mismatch })
            yield* write((undo) => {
              const previous = { head, frontier }
              head = last
              frontier = built
              undo(() => {
                head = previous.head
                frontier = previous.frontier
              })
            })
            return { count: last.position }
          })
        ).pipe(Effect.catchAllDefect((cause) => Effect.fail(new EventStoreError({ method: "importLog", cause }))))
    }
    return { store, audit, transfer, rows, nodes }
  })

/**
 * The event store and its audit port, on the {@link MemoryDatabase} in context.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<EventStore | LogAudit | LogTransfer, never, MemoryDatabase.MemoryDatabase> =>
  Layer.effectContext(
    Effect.flatMap(MemoryDatabase.MemoryDatabase, (database) =>
      Effect.map(make(database, options), ({ audit, store, transfer }) =>
        Context.make(EventStore, store).pipe(Context.add(LogAudit, audit), Context.add(LogTransfer, transfer))
      )
    )
  )
