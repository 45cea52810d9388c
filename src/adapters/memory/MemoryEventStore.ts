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
import { EventStore, type EventStoreService, GenesisHash, type LogHead } from "../../ports/EventStore.js"
import { LogAudit, type LogAuditService, type VerifyReport } from "../../ports/LogAudit.js"
import * as Upcasters from "../../ports/Upcasters.js"
import * as Plan from "../log/AppendPlan.js"
import * as ReadOptions from "../log/ReadOptions.js"
import * as Reads from "../log/Reads.js"
import * as Rows from "../log/Rows.js"
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
  readonly rows: Array<Plan.PlannedRow>
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
          for (const row of result.rows) {
            rows.push(row)
            byId.set(row.eventId, row.position)
            const positions = streams.get(row.streamId)
            if (positions === undefined) streams.set(row.streamId, [row.position])
            else positions.push(row.position)
          }
          head = result.head
          undo(() => {
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

    const audit: LogAuditService = {
      verify: (verifyOptions = {}) =>
        Effect.suspend(() => {
          const verifier = Verifier.makeVerifier()
          // One page: the rows up to the head, as the SQL walk reads them (the log is in memory already).
          const broken = verifier.page(
            rows
              .slice(0, head.position)
              .map((row) =>
                Either.mapLeft(Rows.fromStoredChecked(row), (reason) => ({ position: row.position, reason }))
              )
          )
          if (broken !== undefined) return Effect.succeed(broken)
          const finished = verifier.finish(head)
          const beyond = rows.length > head.position ? rows[head.position] : undefined
          const report: VerifyReport =
            finished._tag === "Intact" && beyond !== undefined
              ? {
                  _tag: "Broken",
                  position: head.position + 1,
                  damage: "inserted",
                  reason: `an event at ${beyond.position} lies beyond the head (${head.position})`,
                  checked: finished.checked
                }
              : finished
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
        )
    }
    return { store, audit, rows }
  })

/**
 * The event store and its audit port, on the {@link MemoryDatabase} in context.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<EventStore | LogAudit, never, MemoryDatabase.MemoryDatabase> =>
  Layer.effectContext(
    Effect.flatMap(MemoryDatabase.MemoryDatabase, (database) =>
      Effect.map(make(database, options), ({ audit, store }) =>
        Context.make(EventStore, store).pipe(Context.add(LogAudit, audit))
      )
    )
  )
