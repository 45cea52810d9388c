/**
 * A stream's read on a SQLite file through one prepared statement of better-sqlite3, on the
 * direct append's connection (`SqliteDirectAppend.ts`), underneath `@effect/sql`.
 *
 * `@effect/sql` cost a read of 100 events 0.25-0.4 ms over the same statement run by
 * better-sqlite3 and decoded the same way: 1.16-1.66 ms against 0.89-1.13 ms per read (4 rounds of
 * 2,000 reads on a file of 50,000 events, 3 Dec 2026; the probe script was not kept). Every
 * command of the Ledger loads its stream, and W4 is this read: 78,592 -> 98,058 events/s (medians
 * of 3, bench/README.md).
 *
 * `SqlReads.ts` uses it outside a transaction only: in one, a read must see the transaction's
 * own writes, which are on the transaction's connection. The connection is in WAL mode, so a
 * read sees every committed append. It never waits: on a busy database (`SQLITE_BUSY`, rare for
 * a reader in WAL mode) it answers `undefined`, and the `@effect/sql` path reads instead.
 *
 * @since 0.2.0
 * @internal
 */
import { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { type Database, isBusy, type Statement } from "./SqliteDirectAppend.js"

/**
 * Up to `limit` rows of the stream with `after < version <= to`, in version order, as arrays of
 * the columns of `selectList`; None when the database was busy.
 *
 * @internal
 */
export type StreamRows = (
  streamId: string,
  after: number,
  to: number,
  limit: number
) => Effect.Effect<Option.Option<ReadonlyArray<ReadonlyArray<unknown>>>, SqlError>

/** @internal */
export const make = (db: Database, selectList: string): StreamRows => {
  // prepared on first use: the layer's migrations run on the other connection first
  let statement: Statement | undefined
  return (streamId, after, to, limit) =>
    Effect.suspend(() => {
      try {
        statement ??= db
          .prepare(
            `SELECT ${selectList} FROM events WHERE stream_id = ? AND version > ? AND version <= ? ORDER BY version LIMIT ?`
          )
          .raw(true)
        return Effect.succeed(
          Option.some(statement.all(streamId, after, to, limit) as ReadonlyArray<ReadonlyArray<unknown>>)
        )
      } catch (cause) {
        return isBusy(cause)
          ? Effect.succeed(Option.none())
          : Effect.fail(new SqlError({ cause, message: "Failed to read the stream" }))
      }
    })
}
