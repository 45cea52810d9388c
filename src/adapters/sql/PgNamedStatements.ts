/**
 * Named (prepared) statements for the store's hottest statements on PostgreSQL.
 *
 * `@effect/sql-pg` sends every statement unnamed, so PostgreSQL parses and plans it on every call.
 * For a stream read that is about 0.2 ms of the server's time per read: a read of the 5 last
 * events of a stream took 0.61 ms unnamed against 0.44 ms named, a read of 100 events 1.86
 * against 1.64 ms (pg alone, 3 x 2,000 reads each, 3 Dec 2026). The pool that `Postgres.layer`
 * builds makes its connections with a `pg` client class that sends a statement whose text starts
 * with {@link marker} under a name derived from its text: each connection parses it once and
 * PostgreSQL keeps its plan (its plan cache re-plans when the schema or `search_path` changes).
 * Every other statement (the application's own, on a pool it shares) goes out as before, and on a
 * client the application built itself the marker is only a comment.
 *
 * Only statements whose text is fixed are marked (values are parameters), so a connection holds
 * a handful of them.
 *
 * @since 0.2.0
 * @internal
 */
import { SqlError } from "@effect/sql/SqlError"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { createHash } from "node:crypto"
import { createRequire } from "node:module"

/**
 * The prefix of a statement sent named. A comment: the same text runs unchanged where it is not
 * recognised (SQLite, an application's own client).
 *
 * @internal
 */
export const marker = "/* tl:named */ "

const names = new Map<string, string>()

/** The statement's name on the wire: `tl_` and 24 hex digits of the text's SHA-256. @internal */
export const nameOf = (text: string): string => {
  let name = names.get(text)
  if (name === undefined) {
    name = `tl_${createHash("sha256").update(text).digest("hex").slice(0, 24)}`
    names.set(text, name)
  }
  return name
}

// The parts of `pg` used here (it ships no types, and it is `@effect/sql-pg`'s dependency, not ours).
type QueryCallback = (error: Error | null, result: unknown) => void
interface PgClientInstance {
  query(config: unknown, values?: unknown, callback?: QueryCallback): unknown
}
type PgClientClass = new (...args: Array<any>) => PgClientInstance
interface PgPool {
  readonly options: Record<string, unknown>
  query(text: string): Promise<unknown>
  on(event: "error", listener: (error: Error) => void): void
  end(): Promise<void>
}
interface PgModule {
  readonly Client: PgClientClass
  readonly Pool: new (options: Record<string, unknown>) => PgPool
}

/** `pg` as `@effect/sql-pg` resolves it: the same copy, whatever the application's install layout. */
const loadPg = (): PgModule => {
  const own = createRequire(import.meta.url)
  return createRequire(own.resolve("@effect/sql-pg/PgClient"))("pg") as PgModule
}

const isMarked = (text: unknown): text is string => typeof text === "string" && text.startsWith(marker)

/**
 * The client class of the pool: a marked statement given as text, or as a plain query config
 * without a name, is sent under its name; anything else (a cursor, a named or unmarked query)
 * is passed on as it came.
 *
 * @internal
 */
export const namingClient = (Base: PgClientClass): PgClientClass =>
  class NamingClient extends Base {
    override query(config: unknown, values?: unknown, callback?: QueryCallback): unknown {
      if (isMarked(config)) return super.query({ text: config, name: nameOf(config) }, values, callback)
      if (typeof config === "object" && config !== null) {
        const query = config as { readonly text?: unknown; readonly name?: unknown; readonly submit?: unknown }
        if (isMarked(query.text) && query.name === undefined && typeof query.submit !== "function")
          return super.query({ ...query, name: nameOf(query.text) }, values, callback)
      }
      return super.query(config, values, callback)
    }
  }

/**
 * A `pg` pool whose connections send marked statements named, for `PgClient.layerFromPool`:
 * checked with `SELECT 1` (failing as `PgClient.layer` fails when the server cannot be reached)
 * and ended with the scope.
 *
 * @internal
 */
export const pool = (options: {
  readonly url: string
  readonly applicationName: string
  readonly maxConnections?: number | undefined
}): Effect.Effect<PgPool, SqlError, Scope.Scope> =>
  Effect.gen(function* () {
    const pg = yield* Effect.try({
      try: loadPg,
      catch: (cause) => new SqlError({ cause, message: "PgClient: the pg driver could not be loaded" })
    })
    const made = new pg.Pool({
      connectionString: options.url,
      application_name: options.applicationName,
      Client: namingClient(pg.Client),
      ...(options.maxConnections !== undefined ? { max: options.maxConnections } : {})
    })
    // as PgClient.make: a connection's error reaches the query that uses it, not the process
    made.on("error", () => {})
    yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => made.query("SELECT 1"),
        catch: (cause) => new SqlError({ cause, message: "PgClient: Failed to connect" })
      }),
      () => Effect.promise(() => made.end()).pipe(Effect.interruptible, Effect.timeoutOption(1000))
    ).pipe(
      Effect.timeoutFail({
        duration: Duration.seconds(5),
        onTimeout: () =>
          new SqlError({ cause: new Error("Connection timed out"), message: "PgClient: Connection timed out" })
      })
    )
    return made
  })
