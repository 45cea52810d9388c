/**
 * A throwaway PostgreSQL schema per test block, so that test files running in parallel never
 * share tables. The URL selects it through the `search_path` connection option.
 */
import { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted } from "effect"
import { randomBytes } from "node:crypto"

const run = (url: string, statement: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe(statement)
  }).pipe(Effect.provide(PgClient.layer({ url: Redacted.make(url) })), Effect.scoped, Effect.runPromise)

export interface TemporarySchema {
  readonly name: string
  /** The server URL with this schema as the search path. */
  readonly url: string
  readonly drop: () => Promise<void>
}

export const createSchema = async (serverUrl: string, prefix = "tl_test"): Promise<TemporarySchema> => {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`
  await run(serverUrl, `CREATE SCHEMA ${name}`)
  const separator = serverUrl.includes("?") ? "&" : "?"
  return {
    name,
    url: `${serverUrl}${separator}options=${encodeURIComponent(`-c search_path=${name}`)}`,
    drop: () => run(serverUrl, `DROP SCHEMA IF EXISTS ${name} CASCADE`)
  }
}
