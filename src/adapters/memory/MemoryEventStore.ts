/**
 * The event store in memory: the same contract as the SQL store (the contract suite runs on both),
 * for tests and quick starts. Nothing survives the process.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import {
  EventStore,
  EventStoreError,
  type EventStoreService,
  GenesisHash,
  type LogHead,
  type StoredEvent
} from "../EventStore.js"
import * as Plan from "../internal/appendPlan.js"
import * as Envelope from "../internal/envelope.js"
import * as Upcasters from "../Upcasters.js"

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

const toRaw = (row: Plan.PlannedRow): Envelope.RawEvent => ({
  position: row.position,
  streamId: row.streamId,
  version: row.version,
  eventId: row.eventId,
  type: row.type,
  schemaVersion: row.schemaVersion,
  // Parsed on every read, so a caller mutating what it read cannot change the log.
  data: JSON.parse(row.dataJson),
  metadata: JSON.parse(row.metadataJson),
  occurredAt: new Date(row.occurredAt),
  recordedAt: new Date(row.recordedAt),
  prevHash: row.prevHash,
  hash: row.hash,
  contentHash: row.contentHash
})

/**
 * @since 0.1.0
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<EventStoreService> =>
  Effect.map(makeInspectable(options), (_) => _.service)

/**
 * The store and its rows, so a test can tamper with them as it does with SQL. Not for production.
 *
 * @since 0.1.0
 * @category testing
 * @internal
 */
export const makeInspectable = (
  options: Options = {}
): Effect.Effect<{ readonly service: EventStoreService; readonly rows: Array<Plan.PlannedRow> }> =>
  Effect.sync(() => {
    const upcasters = Upcasters.make(options.upcasters ?? [])
    const rows: Array<Plan.PlannedRow> = []
    const streams = new Map<string, Array<number>>()
    const byId = new Map<string, number>()
    let head: LogHead = { position: 0, hash: GenesisHash }

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

    const run = (job: Plan.Job, recordedAt: string) => {
      // Synchronous from plan to apply: no other fiber runs in between.
      const result = Plan.plan([job], state, recordedAt)
      const outcome = result.outcomes[0]
      if (Either.isRight(outcome)) {
        for (const row of result.rows) {
          rows.push(row)
          byId.set(row.eventId, row.position)
          const positions = streams.get(row.streamId)
          if (positions === undefined) streams.set(row.streamId, [row.position])
          else positions.push(row.position)
        }
        head = result.head
      }
      return outcome
    }

    const appendJob = (requests: Parameters<EventStoreService["appendMany"]>[0], many: boolean) =>
      Effect.flatMap(Plan.validate(requests, many), (job) =>
        Effect.flatMap(now, (recordedAt) => Effect.suspend(() => run(job, recordedAt)))
      )

    const readPage = <A>(f: () => ReadonlyArray<A>) => Envelope.wrap("read")(Effect.sync(f))

    const service: EventStoreService = {
      append: (streamId, expectedVersion, events, metadata) =>
        Effect.map(appendJob([{ streamId, expectedVersion, events, metadata }], false), (results) => results[0]),
      appendMany: (requests) => appendJob(requests, true),
      readStream: (streamId, readOptions = {}) => {
        const from = Math.max(1, readOptions.fromVersion ?? 1)
        const to = readOptions.toVersion ?? Number.MAX_SAFE_INTEGER
        return Envelope.pages(
          from - 1,
          1000,
          (e: StoredEvent) => e.version,
          (after, size) =>
            readPage(() => {
              const positions = streams.get(streamId) ?? []
              return positions
                .slice(after, Math.min(after + size, to))
                .map((position) => Envelope.upcast(toRaw(rows[position - 1]), upcasters))
            })
        ).pipe(Stream.mapError((e) => new EventStoreError({ method: "readStream", cause: e.cause })))
      },
      readAll: (readOptions = {}) => {
        const from = Math.max(1, readOptions.fromPosition ?? 1)
        const to = readOptions.toPosition ?? Number.MAX_SAFE_INTEGER
        const size = Math.max(1, Math.floor(readOptions.batchSize ?? 1000))
        return Envelope.pages(
          from - 1,
          size,
          (e: StoredEvent) => e.position,
          (after, size) =>
            readPage(() =>
              rows.slice(after, Math.min(after + size, to)).map((row) => Envelope.upcast(toRaw(row), upcasters))
            )
        ).pipe(Stream.mapError((e) => new EventStoreError({ method: "readAll", cause: e.cause })))
      },
      head: () => Effect.sync(() => head),
      verify: () =>
        Effect.sync(() => {
          const verifier = Envelope.makeVerifier()
          for (const row of rows) {
            const broken = verifier.step(toRaw(row))
            if (broken !== undefined) return broken
          }
          return verifier.finish(head)
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
    return { service, rows }
  })

/**
 * @since 0.1.0
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<EventStore> => Layer.effect(EventStore, make(options))
