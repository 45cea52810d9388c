/**
 * A fresh PostgreSQL schema per test: created with a random name, selected through the
 * connection url's `options=-c search_path=...`, dropped (with everything in it) when released.
 * Never touches another schema, so test files can run in parallel against one database.
 */
import { SqlClient } from "@effect/sql"
import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted } from "effect"
import { randomBytes } from "node:crypto"

/** The url of `base` with `schema` as the search path. */
export const urlWithSchema = (base: string, schema: string): string =>
  `${base}${base.includes("?") ? "&" : "?"}options=${encodeURIComponent(`-c search_path=${schema}`)}`

const admin = (url: string, statement: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe(statement)
  }).pipe(Effect.provide(PgClient.layer({ url: Redacted.make(url), maxConnections: 1 })), Effect.scoped, Effect.orDie)

/** Acquires a fresh schema and yields its name and url; drops it on release. */
export const freshSchema = (baseUrl: string, prefix = "tl_test") =>
  Effect.acquireRelease(
    Effect.gen(function* () {
      const schema = `${prefix}_${randomBytes(6).toString("hex")}`
      yield* admin(baseUrl, `CREATE SCHEMA ${schema}`)
      return { schema, url: urlWithSchema(baseUrl, schema) }
    }),
    ({ schema }) => admin(baseUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`)
  )

/** {@link freshSchema} for Promise-style tests: create now, `drop()` in `afterAll`. */
export const createSchema = async (baseUrl: string, prefix = "tl_test") => {
  const schema = `${prefix}_${randomBytes(6).toString("hex")}`
  await Effect.runPromise(admin(baseUrl, `CREATE SCHEMA ${schema}`))
  return {
    schema,
    url: urlWithSchema(baseUrl, schema),
    drop: () => Effect.runPromise(admin(baseUrl, `DROP SCHEMA IF EXISTS ${schema} CASCADE`))
  }
}
