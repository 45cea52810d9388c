import { PgClient } from "@effect/sql-pg"
import { SqlClient } from "@effect/sql"
import { Duration, Effect, Redacted } from "effect"
import { accessSync, constants } from "node:fs"
import { join } from "node:path"

/** The test server, from `TRAINING_LEDGER_TEST_PG_URL`. */
export const testPostgresUrl = (): string =>
  process.env.TRAINING_LEDGER_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"

/** Runs `effect` against the server at `url`: its answer (undefined, or why not), or why it failed (within 5 s). */
const onServer = (url: string, effect: Effect.Effect<string | undefined, unknown, SqlClient.SqlClient>) =>
  effect.pipe(
    Effect.provide(PgClient.layer({ url: Redacted.make(url) })),
    Effect.scoped,
    Effect.timeoutFail({ duration: Duration.seconds(5), onTimeout: () => new Error("no answer in 5 s") }),
    Effect.catchAll((e) => Effect.succeed(String((e as any)?.message ?? e))),
    Effect.runPromise
  )

/** Undefined when the server answers `select 1`, otherwise why not. */
export const probePostgres = (url: string): Promise<string | undefined> =>
  onServer(
    url,
    Effect.flatMap(SqlClient.SqlClient, (sql) => Effect.as(sql`select 1`, undefined))
  )

/**
 * Undefined when this process can read the server's WAL directory (the on-disk privacy test scans
 * the table files and WAL segments), otherwise why not: a server on another machine or in a
 * container, or a data directory of another user.
 */
export const probeDataDirectory = (url: string): Promise<string | undefined> =>
  onServer(
    url,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const [row] = yield* sql<{ data_directory: string }>`SHOW data_directory`
      const wal = join(row!.data_directory, "pg_wal")
      try {
        accessSync(wal, constants.R_OK)
        return undefined
      } catch {
        return `${wal} is not readable from this process`
      }
    }).pipe(Effect.mapError((e) => new Error(`SHOW data_directory failed: ${String((e as any)?.message ?? e)}`)))
  )
