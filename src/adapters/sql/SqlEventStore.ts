/**
 * The event store on SQL, written once against `@effect/sql`'s `SqlClient` (SQLite or PostgreSQL;
 * the differences live in `Dialect.ts`).
 *
 * Writes go through one writer fiber per store (group commit): appends that wait while a batch is
 * being written are taken together (up to `maxBatchSize`) and written in one transaction that
 * holds the log head. Each append keeps its own idempotency and version check and its own answer;
 * an append that fails writes nothing and does not stop the others. If the batch fails as a whole
 * (a database error), each append of it is retried alone, so the error reaches only its owner.
 *
 * - PostgreSQL: one round trip per batch, `SELECT event_log_append($1::jsonb)`, which locks the head
 *   row (`FOR UPDATE`: every process serializes on it), checks and inserts server-side.
 * - SQLite: `BEGIN IMMEDIATE`, read head, versions and stored ids for the batch, decide in
 *   `internal/appendPlan.ts`, multi-row inserts, move the head.
 *
 * @since 0.1.0
 */
import type * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Cause from "effect/Cause"
import * as Chunk from "effect/Chunk"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import {
  type AppendError,
  type AppendResult,
  EventStore,
  EventStoreError,
  type EventStoreService,
  GenesisHash,
  IdempotencyMismatch,
  type LogHead,
  type StoredEvent,
  StreamVersionConflict,
  type VerifyReport
} from "../EventStore.js"
import * as Hashing from "../Hashing.js"
import * as Plan from "../internal/appendPlan.js"
import * as Envelope from "../internal/envelope.js"
import * as Upcasters from "../Upcasters.js"
import * as Dialect from "./Dialect.js"
import * as Migrations from "./Migrations.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Options {
  /** Upcasters applied on read. */
  readonly upcasters?: ReadonlyArray<Upcasters.Upcaster> | undefined
  /** The record time of a batch (default: Effect's `Clock`). */
  readonly clock?: (() => Date) | undefined
  /** Most appends written in one transaction (default 256). */
  readonly maxBatchSize?: number | undefined
  /** Rows per round trip for `readStream` and `verify` (default 1000; `readAll` takes its own). */
  readonly readBatchSize?: number | undefined
  /**
   * PostgreSQL only: `"function"` (default) appends with one call of `event_log_append`;
   * `"statements"` uses the same statements as SQLite after `SELECT ... FOR UPDATE` on the head.
   */
  readonly pgAppend?: "function" | "statements" | undefined
}

interface EventRow {
  readonly position: unknown
  readonly stream_id: string
  readonly version: unknown
  readonly event_id: string
  readonly type: string
  readonly schema_version: unknown
  readonly data: unknown
  readonly metadata: unknown
  readonly occurred_at: unknown
  readonly recorded_at: unknown
  readonly content_hash: string
  readonly prev_hash: string
  readonly hash: string
}

interface Pending {
  readonly job: Plan.Job
  readonly method: "append" | "appendMany"
  readonly deferred: Deferred.Deferred<ReadonlyArray<AppendResult>, AppendError>
}

type Outcome = Either.Either<ReadonlyArray<AppendResult>, Plan.JobFailure>

const chunksOf = <A>(items: ReadonlyArray<A>, size: number): Array<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

const columns = `position, stream_id, version, event_id, type, schema_version, data, metadata,
  occurred_at, recorded_at, content_hash, prev_hash, hash`

/**
 * Builds the store on the `SqlClient` in context. The schema must exist (see {@link layer}, which
 * migrates first). The writer fiber lives in the given scope.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (
  options: Options = {}
): Effect.Effect<EventStoreService, never, SqlClient.SqlClient | Scope.Scope> =>
  Effect.gen(function* () {
    const sql = (yield* SqlClient.SqlClient).withoutTransforms()
    const dialect = Dialect.make(sql)
    const upcasters = Upcasters.make(options.upcasters ?? [])
    const maxBatchSize = Math.max(1, options.maxBatchSize ?? 256)
    const readBatchSize = Math.max(1, options.readBatchSize ?? 1000)
    const useFunction = dialect.hasAppendFunction && options.pgAppend !== "statements"
    const now = options.clock
      ? Effect.sync(() => options.clock!().toISOString())
      : Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

    const decodeRow = (r: EventRow): Envelope.RawEvent => ({
      position: Number(r.position),
      streamId: r.stream_id,
      version: Number(r.version),
      eventId: r.event_id,
      type: r.type,
      schemaVersion: Number(r.schema_version),
      data: dialect.decodeJson(r.data),
      metadata: dialect.decodeJson(r.metadata) as Envelope.RawEvent["metadata"],
      occurredAt: new Date(r.occurred_at as string),
      recordedAt: new Date(r.recorded_at as string),
      prevHash: r.prev_hash,
      hash: r.hash,
      contentHash: r.content_hash
    })

    // Reads decode whole pages of positional rows (no per-row effect), straight to `StoredEvent`
    // with the upcasters applied; `content_hash` is only read by `verify()`.
    const toStored = (r: ReadonlyArray<unknown>): StoredEvent => {
      const type = r[4] as string
      const lifted = upcasters.apply(type, Number(r[5]), dialect.decodeJson(r[6]))
      return {
        position: Number(r[0]),
        streamId: r[1] as string,
        version: Number(r[2]),
        eventId: r[3] as string,
        type,
        schemaVersion: lifted.schemaVersion,
        data: lifted.data,
        metadata: dialect.decodeJson(r[7]) as StoredEvent["metadata"],
        occurredAt: dialect.decodeTime(r[8]),
        recordedAt: dialect.decodeTime(r[9]),
        prevHash: r[10] as string,
        hash: r[11] as string
      }
    }

    type PageState = number | null | { readonly failure: unknown }

    /** One page, decoded: its events and the state of the next page (null: this was the last). */
    const decodePage = (
      method: string,
      size: number,
      keyIndex: number,
      fetch: (after: number, size: number) => Effect.Effect<ReadonlyArray<ReadonlyArray<unknown>>, SqlError>,
      after: number
    ): Effect.Effect<readonly [Chunk.Chunk<StoredEvent>, PageState], EventStoreError> =>
      Envelope.wrap(method)(
        Effect.map(fetch(after, size), (rows) => {
          const out = new Array<StoredEvent>(rows.length)
          for (let i = 0; i < rows.length; i++) {
            try {
              out[i] = toStored(rows[i])
            } catch (failure) {
              out.length = i
              return [Chunk.unsafeFromArray(out), { failure }] as const
            }
          }
          const next = rows.length < size ? null : Number(rows[rows.length - 1][keyIndex])
          return [Chunk.unsafeFromArray(out), next] as const
        })
      )

    /**
     * Keyset pages of decoded events: `fetch(after, size)` returns up to `size` rows whose column
     * `keyIndex` is greater than `after`; the stream ends on a short page. An upcaster that throws
     * fails the stream after the events before it. The first page is a plain effect (a short
     * stream, e.g. most `readStream`s, costs one query and little stream machinery); the later
     * pages are paginated.
     */
    const leanPages = (
      method: string,
      start: number,
      size: number,
      keyIndex: number,
      fetch: (after: number, size: number) => Effect.Effect<ReadonlyArray<ReadonlyArray<unknown>>, SqlError>
    ): Stream.Stream<StoredEvent, EventStoreError> =>
      Stream.suspend(() => {
        let next: PageState = null
        const first = Stream.flattenChunks(
          Stream.fromEffect(
            Effect.map(decodePage(method, size, keyIndex, fetch, start), ([chunk, state]) => {
              next = state
              return chunk
            })
          )
        )
        const rest = Stream.suspend(() =>
          next === null
            ? Stream.empty
            : Stream.paginateChunkEffect(next, (state: PageState) => {
                if (state === null) return Effect.succeed([Chunk.empty<StoredEvent>(), Option.none()] as const)
                if (typeof state === "object") return Effect.fail(new EventStoreError({ method, cause: state.failure }))
                return Effect.map(
                  decodePage(method, size, keyIndex, fetch, state),
                  ([chunk, following]) => [chunk, Option.some(following)] as const
                )
              })
        )
        return Stream.concat(first, rest)
      })

    // --- writes -------------------------------------------------------------------------------

    const appendWithStatements = (jobs: ReadonlyArray<Plan.Job>, recordedAt: string) =>
      dialect.withWriteTransaction(
        Effect.gen(function* () {
          const keys = Plan.keysOf(jobs)
          const versions = new Map<string, number>()
          const stored = new Map<string, Plan.StoredSummary>()
          const store = (row: {
            event_id: string
            stream_id: string
            version: unknown
            position: unknown
            type: string
            schema_version: unknown
            data: unknown
          }) =>
            stored.set(row.event_id, {
              eventId: row.event_id,
              streamId: row.stream_id,
              version: Number(row.version),
              position: Number(row.position),
              type: row.type,
              schemaVersion: Number(row.schema_version),
              dataJson: Hashing.canonicalJson(dialect.decodeJson(row.data))
            })
          let head: LogHead
          if (dialect.name === "sqlite" && keys.streamIds.length <= 500 && keys.eventIds.length <= 500) {
            // SQLite, a batch of usual size: the head, the stream versions and the stored events of
            // the batch's ids in one statement (the write lock is already held since BEGIN IMMEDIATE).
            const rows = yield* sql<{
              k: number
              a: unknown
              b: string
              c: unknown
              d: string
              e: string
              f: unknown
              g: unknown
            }>`
              SELECT 0 AS k, position AS a, hash AS b, NULL AS c, NULL AS d, NULL AS e, NULL AS f, NULL AS g
              FROM event_log_head WHERE id = 1
              ${
                keys.streamIds.length > 0
                  ? sql`UNION ALL SELECT 1, NULL, stream_id, max(version), NULL, NULL, NULL, NULL FROM events
                        WHERE ${sql.in("stream_id", keys.streamIds)} GROUP BY stream_id`
                  : sql.literal("")
              }
              ${
                keys.eventIds.length > 0
                  ? sql`UNION ALL SELECT 2, position, event_id, version, stream_id, type, schema_version, data
                        FROM events WHERE ${sql.in("event_id", keys.eventIds)}`
                  : sql.literal("")
              }`
            let found: LogHead | undefined
            for (const row of rows) {
              if (row.k === 0) found = { position: Number(row.a), hash: row.b }
              else if (row.k === 1) versions.set(row.b, Number(row.c))
              else {
                store({
                  event_id: row.b,
                  position: row.a,
                  version: row.c,
                  stream_id: row.d,
                  type: row.e,
                  schema_version: row.f,
                  data: row.g
                })
              }
            }
            if (found === undefined) return yield* Effect.dieMessage("the event log has no head row")
            head = found
          } else {
            const [h] = yield* dialect.lockHead
            head = { position: Number(h.position), hash: h.hash }
            for (const chunk of chunksOf(keys.streamIds, 500)) {
              const rows = yield* sql<{ stream_id: string; version: unknown }>`
                SELECT stream_id, max(version) AS version FROM events
                WHERE ${sql.in("stream_id", chunk)} GROUP BY stream_id`
              for (const row of rows) versions.set(row.stream_id, Number(row.version))
            }
            for (const chunk of chunksOf(keys.eventIds, 500)) {
              const rows = yield* sql<EventRow>`
                SELECT event_id, stream_id, version, position, type, schema_version, data
                FROM events WHERE ${sql.in("event_id", chunk)}`
              for (const row of rows) store(row)
            }
          }
          const plan = Plan.plan(
            jobs,
            {
              head,
              streamVersion: (streamId) => versions.get(streamId) ?? 0,
              storedEvent: (eventId) => stored.get(eventId)
            },
            recordedAt
          )
          if (plan.rows.length > 0) {
            for (const chunk of chunksOf(plan.rows, 500)) {
              yield* sql`INSERT INTO events ${sql.insert(
                chunk.map((row) => ({
                  position: row.position,
                  stream_id: row.streamId,
                  version: row.version,
                  event_id: row.eventId,
                  type: row.type,
                  schema_version: row.schemaVersion,
                  data: row.dataJson,
                  metadata: row.metadataJson,
                  occurred_at: row.occurredAt,
                  recorded_at: row.recordedAt,
                  content_hash: row.contentHash,
                  prev_hash: row.prevHash,
                  hash: row.hash
                }))
              )}`
            }
            yield* sql`UPDATE event_log_head SET position = ${plan.head.position}, hash = ${plan.head.hash} WHERE id = 1`
          }
          return plan.outcomes
        })
      )

    const appendWithFunction = (jobs: ReadonlyArray<Plan.Job>, recordedAt: string) => {
      // The batch's distinct streams (each part names its index), each part's global index, and
      // whether an event id repeats in the batch (then the function takes its general path).
      const streamIndex = new Map<string, number>()
      const ids = new Set<string>()
      let events = 0
      let parts = 0
      const payload = JSON.stringify({
        recordedAt,
        jobs: jobs.map((job) =>
          job.map((request) => {
            let i = streamIndex.get(request.streamId)
            if (i === undefined) streamIndex.set(request.streamId, (i = streamIndex.size + 1))
            return {
              s: request.streamId,
              i,
              g: ++parts,
              e: request.expectedVersion,
              ev: request.events.map((event) => {
                ids.add(event.eventId)
                events++
                return {
                  id: event.eventId,
                  p: Plan.contentPrefix(request, event, recordedAt)
                }
              })
            }
          })
        ),
        streams: [...streamIndex.keys()],
        np: parts,
        rep: ids.size !== events
      })
      return Effect.map(
        sql<{ result: unknown }>`SELECT event_log_append(${payload}::jsonb) AS result`,
        (rows): ReadonlyArray<Outcome> => decodeFunctionResult(jobs, rows[0].result)
      )
    }

    const appendBatch = useFunction ? appendWithFunction : appendWithStatements

    const queue = yield* Queue.unbounded<Pending>()

    const fail = (items: ReadonlyArray<Pending>, cause: unknown) =>
      Effect.forEach(
        items,
        (item) => Deferred.fail(item.deferred, new EventStoreError({ method: item.method, cause })),
        { discard: true }
      )

    const runBatch = (items: ReadonlyArray<Pending>): Effect.Effect<void> =>
      Effect.gen(function* () {
        const recordedAt = yield* now
        const exit = yield* Effect.exit(
          appendBatch(
            items.map((item) => item.job),
            recordedAt
          )
        )
        if (Exit.isSuccess(exit)) {
          yield* Effect.forEach(
            items,
            (item, i) =>
              Either.match(exit.value[i], {
                onLeft: (error) => Deferred.fail(item.deferred, error),
                onRight: (results) => Deferred.succeed(item.deferred, results)
              }),
            { discard: true }
          )
        } else if (items.length > 1) {
          // One append broke the batch (a database error): retry each alone so only it fails.
          yield* Effect.forEach(items, (item) => runBatch([item]), { discard: true })
        } else {
          yield* fail(items, Cause.squash(exit.cause))
        }
      })

    yield* Effect.addFinalizer(() =>
      Effect.flatMap(Queue.takeAll(queue), (pending) =>
        fail(Chunk.toReadonlyArray(pending), new Error("the event store was closed"))
      ).pipe(Effect.zipRight(Queue.shutdown(queue)))
    )

    yield* Queue.takeBetween(queue, 1, maxBatchSize).pipe(
      Effect.flatMap((chunk) => {
        const items = Chunk.toReadonlyArray(chunk)
        return runBatch(items).pipe(
          Effect.onInterrupt(() => fail(items, new Error("the event store was closed during the append")))
        )
      }),
      Effect.forever,
      Effect.forkScoped
    )

    const submit = (
      requests: Parameters<EventStoreService["appendMany"]>[0],
      method: Pending["method"]
    ): Effect.Effect<ReadonlyArray<AppendResult>, AppendError> =>
      Effect.flatMap(Plan.validate(requests, method === "appendMany"), (job) =>
        Effect.flatMap(Effect.serviceOption(SqlClient.TransactionConnection), (transaction) =>
          transaction._tag === "Some"
            ? // Inside the caller's transaction: append in it (it commits or rolls back with the caller's
              // other writes, e.g. inline projections), not through the writer, which would wait for it.
              Effect.flatMap(now, (recordedAt) => appendBatch([job], recordedAt)).pipe(
                Effect.mapError((cause) => new EventStoreError({ method, cause })),
                Effect.flatMap((outcomes) => outcomes[0])
              )
            : Effect.flatMap(Deferred.make<ReadonlyArray<AppendResult>, AppendError>(), (deferred) =>
                Queue.offer(queue, { job, method, deferred }).pipe(Effect.zipRight(Deferred.await(deferred)))
              )
        )
      )

    // --- reads --------------------------------------------------------------------------------

    // Pages by position take `position > after ORDER BY position LIMIT n` with n <= to - after
    // (positions are gap-free) instead of a two-sided range, which PostgreSQL may estimate as a
    // few rows and answer with a bitmap scan and a sort of everything after `after`. A row past
    // `to` (only where a gap was cut into the log) is dropped here.
    const fetchAll = (after: number, to: number, size: number) => {
      const limit = Math.min(size, to - after)
      return limit <= 0
        ? Effect.succeed([])
        : Effect.map(
            sql<EventRow>`SELECT ${sql.literal(columns)} FROM events
              WHERE position > ${after} ORDER BY position LIMIT ${limit}`,
            (rows) => rows.filter((row) => Number(row.position) <= to).map(decodeRow)
          )
    }

    const readHead = Effect.map(
      sql<{ position: unknown; hash: string }>`SELECT position, hash FROM event_log_head WHERE id = 1`,
      (rows): LogHead =>
        rows[0] === undefined
          ? { position: 0, hash: GenesisHash }
          : { position: Number(rows[0].position), hash: rows[0].hash }
    )

    const verify = Effect.gen(function* () {
      const head = yield* readHead
      const verifier = Envelope.makeVerifier()
      let after = 0
      for (;;) {
        const rows = yield* fetchAll(after, head.position, readBatchSize)
        for (const row of rows) {
          const broken = verifier.step(row)
          if (broken !== undefined) return broken
        }
        if (rows.length < readBatchSize) break
        after = rows[rows.length - 1].position
      }
      const report = verifier.finish(head)
      if (report._tag === "Broken") return report
      // A row beyond the head: read the last position first, then the head (appends move both at once).
      const [last] = yield* sql<{ position: unknown }>`SELECT max(position) AS position FROM events`
      const later = yield* readHead
      const lastPosition = last?.position == null ? 0 : Number(last.position)
      if (lastPosition > later.position) {
        return {
          _tag: "Broken",
          position: later.position + 1,
          reason: `an event at ${later.position + 1} lies beyond the head (${later.position})`,
          checked: report.checked
        } satisfies VerifyReport
      }
      return report
    })

    const service: EventStoreService = {
      append: (streamId, expectedVersion, events, metadata) =>
        Effect.map(submit([{ streamId, expectedVersion, events, metadata }], "append"), (results) => results[0]),
      appendMany: (requests) => submit(requests, "appendMany"),
      readStream: (streamId, readOptions = {}) => {
        const from = Math.max(1, Math.floor(readOptions.fromVersion ?? 1))
        const to = Math.min(Number.MAX_SAFE_INTEGER, Math.floor(readOptions.toVersion ?? Number.MAX_SAFE_INTEGER))
        return leanPages(
          "readStream",
          from - 1,
          readBatchSize,
          2,
          (after, size) =>
            sql`SELECT ${sql.literal(dialect.readColumns)} FROM events
            WHERE stream_id = ${streamId} AND version > ${after} AND version <= ${to}
            ORDER BY version LIMIT ${size}`.values
        )
      },
      readAll: (readOptions = {}) => {
        const from = Math.max(1, Math.floor(readOptions.fromPosition ?? 1))
        const to = Math.min(Number.MAX_SAFE_INTEGER, Math.floor(readOptions.toPosition ?? Number.MAX_SAFE_INTEGER))
        const size = Math.max(1, Math.floor(readOptions.batchSize ?? 1000))
        return leanPages("readAll", from - 1, size, 0, (after, size) => {
          const limit = Math.min(size, to - after)
          return limit <= 0
            ? Effect.succeed([])
            : Effect.map(
                sql`SELECT ${sql.literal(dialect.readColumns)} FROM events
                    WHERE position > ${after} ORDER BY position LIMIT ${limit}`.values,
                (rows) => (Number(rows[rows.length - 1]?.[0]) > to ? rows.filter((row) => Number(row[0]) <= to) : rows)
              )
        })
      },
      head: () => Envelope.wrap("head")(readHead),
      verify: () => Envelope.wrap("verify")(verify),
      seal: () =>
        Envelope.wrap("seal")(
          Effect.zipWith(readHead, now, (head, sealedAt) => ({ ...head, sealedAt: new Date(sealedAt) }))
        ),
      checkSeal: (seal) =>
        Envelope.wrap("checkSeal")(
          seal.position === 0
            ? Effect.succeed(seal.hash === GenesisHash)
            : Effect.map(
                sql<{ hash: string }>`SELECT hash FROM events WHERE position = ${seal.position}`,
                (rows) => rows[0] !== undefined && rows[0].hash === seal.hash
              )
        )
    }
    return service
  })

/** The answer of `event_log_append`: its general path's outcomes, or its common path's arrays. */
const decodeFunctionResult = (jobs: ReadonlyArray<Plan.Job>, result: any): ReadonlyArray<Outcome> => {
  if (Array.isArray(result)) return result.map(decodeOutcome)
  const from = result.f as ReadonlyArray<number>
  const first = result.q as ReadonlyArray<number>
  const errors = result.x as Record<string, unknown>
  let g = 0
  return jobs.map((job, j): Outcome => {
    const error = errors[String(j + 1)]
    if (error !== undefined) {
      g += job.length
      return decodeOutcome({ err: error })
    }
    return Either.right(
      job.map((request): AppendResult => {
        const version = Number(from[g])
        const start = Number(first[g])
        g++
        const n = request.events.length
        const positions = new Array<number>(n)
        for (let k = 0; k < n; k++) positions[k] = start + k
        return { streamId: request.streamId, version: version + n, positions, alreadyAppended: false }
      })
    )
  })
}

const decodeOutcome = (outcome: any): Outcome => {
  if (outcome.ok !== undefined) {
    return Either.right(
      (outcome.ok as ReadonlyArray<any>).map(
        (r): AppendResult => ({
          streamId: r.s,
          version: Number(r.v),
          positions: (r.p as ReadonlyArray<unknown>).map(Number),
          alreadyAppended: r.a === true
        })
      )
    )
  }
  const err = outcome.err
  if (err.tag === "conflict") {
    return Either.left(new StreamVersionConflict({ streamId: err.s, expected: err.e, actual: Number(err.actual) }))
  }
  return Either.left(new IdempotencyMismatch({ streamId: err.s, eventId: err.id, reason: err.reason }))
}

/**
 * A migration (see `Migrations.ts`).
 *
 * @since 0.1.0
 * @category models
 */
export type Migration = Migrations.Migration

/**
 * The store on the `SqlClient` in context; runs the migrations first (the event log's, then
 * the extra `migrations` given, e.g. `{ "0002_participant_registry": ... }`).
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options & { readonly migrations?: Record<string, Migrations.Migration> | undefined } = {}
): Layer.Layer<EventStore, Migrator.MigrationError | SqlError, SqlClient.SqlClient> =>
  Layer.scoped(
    EventStore,
    Effect.zipRight(
      // Two processes creating the migrations table at the same first start: the loser retries.
      Migrations.migrate({ ...Migrations.migrations, ...options.migrations }).pipe(
        Effect.retry({ times: 3, schedule: Schedule.spaced("200 millis") })
      ),
      make(options)
    )
  )
