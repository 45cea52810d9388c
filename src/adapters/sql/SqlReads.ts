/**
 * Reads of the event log on SQL: a stream by version, the whole log by position, both as keyset
 * pages (`key > after ORDER BY key LIMIT n`), decoded a page at a time (no effect per row), and
 * the head.
 *
 * @since 0.2.0
 * @internal
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import {
  EventStoreError,
  type EventStoreService,
  GenesisHash,
  type LogHead,
  type StoredEvent
} from "../../ports/EventStore.js"
import type { Upcasters } from "../../ports/Upcasters.js"
import * as ReadOptions from "../log/ReadOptions.js"
import * as Reads from "../log/Reads.js"
import type { Dialect } from "./Dialect.js"
import * as EventRows from "./EventRows.js"
import * as PgNamedStatements from "./PgNamedStatements.js"
import type * as SqliteDirectReads from "./SqliteDirectReads.js"

type Fetch = (after: number, size: number) => Effect.Effect<ReadonlyArray<ReadonlyArray<unknown>>, SqlError>
type PageState = number | null | { readonly failure: unknown }

/** @internal */
export const make = (options: {
  readonly sql: SqlClient.SqlClient
  readonly dialect: Dialect
  readonly upcasters: Upcasters
  readonly readBatchSize: number
  /** A SQLite file's stream read underneath `@effect/sql` (`SqliteDirectReads.ts`), used outside transactions. */
  readonly directStreamRows?: SqliteDirectReads.StreamRows | undefined
}): Pick<EventStoreService, "readStream" | "readStreamArray" | "readAll" | "head"> & {
  readonly readHead: Effect.Effect<LogHead, SqlError>
} => {
  const { dialect, readBatchSize, sql } = options
  const decode = EventRows.decodeRead(dialect, options.upcasters)
  const select = sql.literal(EventRows.selectList(dialect))
  // the statements of fixed text that a writer runs on every command (a stream's load, the head)
  // go out as prepared statements on PostgreSQL (PgNamedStatements.ts): a comment elsewhere
  const named = sql.literal(PgNamedStatements.marker)
  const direct = options.directStreamRows

  /** One page of a stream: the direct read where there is one and no transaction is open, else `@effect/sql`'s. */
  const streamPage = (streamId: string, after: number, to: number, size: number): ReturnType<Fetch> => {
    // built only when it runs: the direct path, the usual one on a SQLite file, never needs it
    const viaSql = () =>
      sql`${named}SELECT ${select} FROM events
        WHERE stream_id = ${streamId} AND version > ${after} AND version <= ${to}
        ORDER BY version LIMIT ${size}`.values
    return direct === undefined
      ? viaSql()
      : Effect.flatMap(Effect.serviceOption(SqlClient.TransactionConnection), (transaction) =>
          Option.isSome(transaction)
            ? viaSql()
            : Effect.flatMap(
                direct(streamId, after, to, size),
                Option.match({ onNone: viaSql, onSome: Effect.succeed })
              )
        )
  }

  /** One page, decoded: its events and the state of the next page (null: this was the last). */
  const decodePage = (
    method: string,
    size: number,
    keyIndex: number,
    fetch: Fetch,
    after: number
  ): Effect.Effect<readonly [Chunk.Chunk<StoredEvent>, PageState], EventStoreError> =>
    Reads.wrap(method)(
      Effect.map(fetch(after, size), (rows) => {
        const out = new Array<StoredEvent>(rows.length)
        for (let i = 0; i < rows.length; i++) {
          try {
            out[i] = decode(rows[i])
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
   * Keyset pages of decoded events, each page one chunk of the stream (so `Stream.runFold` and
   * `Stream.runForEachChunk` work a page at a time). An upcaster that throws fails the stream
   * after the events before it. The first page is a plain effect (a short stream, e.g. most
   * `readStream`s, costs one query and little stream machinery); the later pages are paginated.
   */
  const pages = (
    method: string,
    start: number,
    size: number,
    keyIndex: number,
    fetch: Fetch
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
              // a short page ends the stream here, without one more pull that would emit an empty chunk
              return Effect.map(
                decodePage(method, size, keyIndex, fetch, state),
                ([chunk, following]) => [chunk, following === null ? Option.none() : Option.some(following)] as const
              )
            })
      )
      return Stream.concat(first, rest)
    })

  const readHead = Effect.map(
    sql<{ position: unknown; hash: string }>`${named}SELECT position, hash FROM event_log_head WHERE id = 1`,
    (rows): LogHead =>
      rows[0] === undefined
        ? { position: 0, hash: GenesisHash }
        : { position: Number(rows[0].position), hash: rows[0].hash }
  )

  return {
    readHead,
    head: () => Reads.wrap("head")(readHead),
    readStream: (streamId, readOptions) =>
      Stream.unwrap(
        Effect.map(ReadOptions.stream(readOptions), ({ from, to }) =>
          pages("readStream", from - 1, readBatchSize, EventRows.versionIndex, (after, size) =>
            streamPage(streamId, after, to, size)
          )
        )
      ),
    readStreamArray: (streamId, readOptions) =>
      Effect.flatMap(ReadOptions.stream(readOptions), ({ from, to }) =>
        Reads.wrap("readStream")(
          Effect.gen(function* () {
            const out: Array<StoredEvent> = []
            let after = from - 1
            for (;;) {
              const rows = yield* streamPage(streamId, after, to, readBatchSize)
              for (const row of rows) out.push(decode(row))
              if (rows.length < readBatchSize) return out
              after = Number(rows[rows.length - 1][EventRows.versionIndex])
            }
          })
        )
      ),
    // Pages by position take `position > after ORDER BY position LIMIT n` with n <= to - after
    // (positions are gap-free) instead of a two-sided range, which PostgreSQL may estimate as a
    // few rows and answer with a bitmap scan and a sort of everything after `after`. A row past
    // `to` (only where a gap was cut into the log) is dropped here.
    readAll: (readOptions) =>
      Stream.unwrap(
        Effect.map(ReadOptions.all(readOptions), ({ batchSize, from, to }) =>
          pages("readAll", from - 1, batchSize, EventRows.positionIndex, (after, size) => {
            const limit = Math.min(size, to - after)
            return limit <= 0
              ? Effect.succeed([])
              : Effect.map(
                  sql`SELECT ${select} FROM events WHERE position > ${after} ORDER BY position LIMIT ${limit}`.values,
                  (rows) =>
                    Number(rows[rows.length - 1]?.[EventRows.positionIndex]) > to
                      ? rows.filter((row) => Number(row[EventRows.positionIndex]) <= to)
                      : rows
                )
          })
        )
      )
  }
}
