import { PgClient } from "@effect/sql-pg"
import { SqlClient } from "@effect/sql"
import { Duration, Effect, Redacted } from "effect"

/** The test server, from `TRAINING_LEDGER_TEST_PG_URL`. */
export const testPostgresUrl = (): string =>
  process.env.TRAINING_LEDGER_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"

/** Undefined when the server answers `select 1`, otherwise why not. */
export const probePostgres = (url: string): Promise<string | undefined> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql`select 1`
  }).pipe(
    Effect.provide(PgClient.layer({ url: Redacted.make(url) })),
    Effect.scoped,
    Effect.timeoutFail({ duration: Duration.seconds(5), onTimeout: () => new Error("no answer in 5 s") }),
    Effect.match({ onSuccess: () => undefined, onFailure: (e) => String((e as any)?.message ?? e) }),
    Effect.runPromise
  )
