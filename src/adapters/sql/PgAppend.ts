/**
 * The append on PostgreSQL: one round trip per batch, `SELECT event_log_append($1::jsonb)`
 * (`pg/0001_event_log.sql`), which locks the head row (every process serializes on it), checks
 * idempotency and versions, links the chain with `sha256()` and inserts, server-side.
 *
 * Each event travels as its canonical content without the version (`Hashing.contentPrefix`): the
 * version is known only under the lock, where the function completes and hashes it. A batch whose
 * appends are each of one stream, no two on the same one, takes the function's short path
 * (`pg/0006_append_single.sql`). The group
 * commit never puts one event id in two appends of a batch; an id repeated inside one append is
 * refused here, before the round trip, as the TypeScript decision refuses it.
 *
 * @since 0.2.0
 * @internal
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { type AppendResult, IdempotencyMismatch, StreamVersionConflict } from "../../ports/EventStore.js"
import * as Plan from "../log/AppendPlan.js"
import * as PgNamedStatements from "./PgNamedStatements.js"

type Outcome = Either.Either<ReadonlyArray<AppendResult>, Plan.JobFailure>

/** @internal */
export const make = (
  sql: SqlClient.SqlClient,
  options: {
    /** The append function takes the streams' turns itself (migration 0006 ran): see {@link turnsInFunction}. */
    readonly turnsInFunction: boolean
  }
) => {
  // the one-function append goes out as a prepared statement (PgNamedStatements.ts)
  const named = sql.literal(PgNamedStatements.marker)
  return (jobs: ReadonlyArray<Plan.Job>, recordedAt: string): Effect.Effect<ReadonlyArray<Outcome>, SqlError> => {
    const outcomes = new Array<Outcome | undefined>(jobs.length)
    const sent: Array<number> = []
    for (let j = 0; j < jobs.length; j++) {
      const repeated = Plan.repeatedId(jobs[j])
      if (repeated !== undefined) outcomes[j] = Either.left(repeated)
      else sent.push(j)
    }
    if (sent.length === 0) return Effect.succeed(outcomes as ReadonlyArray<Outcome>)
    const batch = sent.map((j) => jobs[j])
    const { payload, streams } = batchPayload(batch, recordedAt)
    // Each stream's turn is taken in shared mode before the function locks the head: an append
    // waits while a retrying writer holds the turn exclusively (`takeTurn`), and never holds the
    // head while it waits. Since migration 0006 the function takes them itself.
    const statement = options.turnsInFunction
      ? sql<{ result: unknown }>`${named}SELECT event_log_append(${payload}::jsonb) AS result`
      : sql<{ result: unknown }>`
      WITH turn AS MATERIALIZED (
        SELECT count(pg_advisory_xact_lock_shared(${turnClass}, hashtext(current_schema() || ':' || s))) AS n
        FROM jsonb_array_elements_text(${JSON.stringify(streams)}::jsonb) AS s
      )
      SELECT event_log_append(${payload}::jsonb) AS result FROM turn`
    return Effect.map(statement, (rows) => {
      const decoded = decodeResult(batch, rows[0].result as FunctionResult)
      sent.forEach((j, k) => (outcomes[j] = decoded[k]))
      return outcomes as ReadonlyArray<Outcome>
    })
  }
}

/**
 * The function's input for `jobs` (see `pg/0001_event_log.sql`): the batch's distinct streams
 * (each part names its index), each part's global index, and each event as its canonical content
 * without the version.
 *
 * @internal
 */
export const batchPayload = (
  jobs: ReadonlyArray<Plan.Job>,
  recordedAt: string
): { readonly payload: string; readonly streams: ReadonlyArray<string> } => {
  const streamIndex = new Map<string, number>()
  let parts = 0
  const encoded = jobs.map((job) =>
    job.map((request) => {
      let i = streamIndex.get(request.streamId)
      if (i === undefined) streamIndex.set(request.streamId, (i = streamIndex.size + 1))
      return {
        s: request.streamId,
        i,
        g: ++parts,
        e: request.expectedVersion,
        ev: request.events.map((event) => ({
          id: event.eventId,
          p: Plan.contentPrefix(request, event, recordedAt)
        }))
      }
    })
  )
  const streams = [...streamIndex.keys()]
  return { payload: JSON.stringify({ recordedAt, jobs: encoded, streams, np: parts }), streams }
}

interface FunctionResult {
  /** Per part: the stream version before it; -1 not written, -2 already stored. */
  readonly f: ReadonlyArray<number>
  /** Per part: its first position. */
  readonly q: ReadonlyArray<number>
  /** Per already-stored part (1-based index): its version and positions. */
  readonly a: Readonly<Record<string, { readonly v: number; readonly p: ReadonlyArray<number> }>>
  /** Per failed job (1-based index): why. */
  readonly x: Readonly<Record<string, FunctionError>>
}

type FunctionError =
  | { readonly tag: "conflict"; readonly s: string; readonly e: number | "no-stream" | "any"; readonly actual: number }
  | { readonly tag: "mismatch"; readonly s: string; readonly id: string; readonly reason: string }

// The function's answer is keyed by part and job numbers it made itself (not by caller ids).
const entry = <A>(record: Readonly<Record<string, A>>, index: number): A | undefined =>
  Object.prototype.hasOwnProperty.call(record, String(index)) ? record[String(index)] : undefined

const decodeResult = (jobs: ReadonlyArray<Plan.Job>, result: FunctionResult): ReadonlyArray<Outcome> => {
  let g = 0
  return jobs.map((job, j): Outcome => {
    const error = entry(result.x, j + 1)
    if (error !== undefined) {
      g += job.length
      return Either.left(
        error.tag === "conflict"
          ? new StreamVersionConflict({ streamId: error.s, expected: error.e, actual: Number(error.actual) })
          : new IdempotencyMismatch({ streamId: error.s, eventId: error.id, reason: error.reason })
      )
    }
    return Either.right(
      job.map((request): AppendResult => {
        const from = Number(result.f[g])
        const first = Number(result.q[g])
        g++
        if (from === -2) {
          const already = entry(result.a, g)!
          return {
            streamId: request.streamId,
            version: Number(already.v),
            positions: already.p.map(Number),
            alreadyAppended: true
          }
        }
        const n = request.events.length
        const positions = new Array<number>(n)
        for (let k = 0; k < n; k++) positions[k] = first + k
        return { streamId: request.streamId, version: from + n, positions, alreadyAppended: false }
      })
    )
  })
}

/**
 * Whether the schema's append function takes the streams' turns itself (migration 0006 ran); a
 * store opened with `migrate: false` on an older schema takes them in its statement.
 *
 * @internal
 */
export const turnsInFunction = (sql: SqlClient.SqlClient): Effect.Effect<boolean, SqlError> =>
  Effect.map(
    sql<{ f: unknown }>`SELECT to_regprocedure('event_log_append_batch(jsonb)') IS NOT NULL AS f`,
    (rows) => rows[0]?.f === true
  )

/**
 * The class of the streams' turn locks (advisory locks keyed by two integers: this class and the
 * hash of the schema and stream id; the projection workers' locks use one 64-bit key, another
 * space). `pg/0006_append_single.sql` writes it as 21580.
 *
 * @internal
 */
export const turnClass = 0x544c

/**
 * Takes the stream's turn until the end of the current transaction: appends to the stream wait
 * (they take it in shared mode), and a writer that takes it loads, decides and appends without
 * a race. Waiters are served in order of arrival.
 *
 * @internal
 */
export const takeTurn = (sql: SqlClient.SqlClient, streamId: string) =>
  sql`SELECT pg_advisory_xact_lock(${turnClass}, hashtext(current_schema() || ':' || ${streamId}))`
