/**
 * The store's hottest statements go out as prepared statements on PostgreSQL
 * (`PgNamedStatements.ts`): the naming client names a marked statement by its text and leaves
 * every other query as it came; on the real server, a connection of `Postgres.layer`'s pool holds
 * the stream read and the append as prepared statements after using them, and an unmarked
 * statement (the application's own) is not prepared.
 */
import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as PgNamedStatements from "../../src/adapters/sql/PgNamedStatements.js"
import * as Postgres from "../../src/adapters/sql/Postgres.js"
import { EventStore } from "../../src/ports/EventStore.js"
import { freshSchema } from "../support/pgSchema.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import { event, metadata, uuid } from "./support/fixtures.js"

/** A stand-in for pg's Client that records what each query was given. */
class Recording {
  readonly calls: Array<ReadonlyArray<unknown>> = []
  query(config: unknown, values?: unknown, callback?: unknown): unknown {
    this.calls.push([config, values, callback])
    return undefined
  }
}

describe("the naming client", () => {
  const Naming = PgNamedStatements.namingClient(Recording)
  const marked = `${PgNamedStatements.marker}SELECT 1 WHERE $1::int > 0`

  it("sends a marked statement given as text under the name of its text, with its values", () => {
    const client = new Naming() as unknown as Recording
    client.query(marked, [1])
    expect(client.calls[0][0]).toEqual({ text: marked, name: PgNamedStatements.nameOf(marked) })
    expect(client.calls[0][1]).toEqual([1])
    expect(PgNamedStatements.nameOf(marked)).toMatch(/^tl_[0-9a-f]{24}$/)
  })

  it("names a marked query config and keeps its other fields; two texts get two names", () => {
    const client = new Naming() as unknown as Recording
    client.query({ text: marked, values: [1], rowMode: "array" })
    expect(client.calls[0][0]).toEqual({
      text: marked,
      values: [1],
      rowMode: "array",
      name: PgNamedStatements.nameOf(marked)
    })
    expect(PgNamedStatements.nameOf(`${marked} `)).not.toBe(PgNamedStatements.nameOf(marked))
  })

  it("passes unmarked statements, named configs and cursors on unchanged", () => {
    const client = new Naming() as unknown as Recording
    const cursor = { text: marked, submit: () => undefined }
    const named = { text: marked, name: "mine" }
    client.query("SELECT 1")
    client.query({ text: "SELECT 2", rowMode: "array" })
    client.query(named)
    client.query(cursor)
    expect(client.calls.map((call) => call[0])).toEqual([
      "SELECT 1",
      { text: "SELECT 2", rowMode: "array" },
      named,
      cursor
    ])
  })
})

describe.skipIf(!postgres.available)(postgresSuiteName("PostgreSQL: prepared statements of the store"), () => {
  it.live(
    "the stream read and the append are prepared on the connection that ran them; other statements are not",
    () =>
      Effect.gen(function* () {
        const { url } = yield* freshSchema(postgres.url)
        const context = yield* Layer.build(Postgres.layer({ url, maxConnections: 1 }))
        const store = Effect.runSync(Effect.provide(EventStore, context))
        const sql = Effect.runSync(Effect.provide(SqlClient.SqlClient, context))
        yield* store.append("named-a", "no-stream", [event(uuid(1, 1))], metadata)
        yield* store.append("named-a", 1, [event(uuid(1, 2))], metadata)
        expect((yield* store.readStreamArray("named-a")).map((e) => e.version)).toEqual([1, 2])
        expect((yield* store.readStreamArray("named-a", { fromVersion: 2 })).map((e) => e.version)).toEqual([2])
        yield* sql`SELECT count(*) FROM events`
        // one connection in the pool: the statements above ran on the one this query runs on
        const prepared = yield* sql<{ name: string; statement: string }>`
          SELECT name, statement FROM pg_prepared_statements ORDER BY name`
        expect(
          prepared.every((p) => p.name.startsWith("tl_") && p.statement.startsWith(PgNamedStatements.marker))
        ).toBe(true)
        const texts = prepared.map((p) => p.statement)
        expect(texts.some((t) => t.includes("event_log_append("))).toBe(true)
        expect(texts.some((t) => t.includes("FROM events") && t.includes("stream_id ="))).toBe(true)
        expect(texts.some((t) => t.includes("count(*)"))).toBe(false)
        for (const p of prepared) expect(p.name).toBe(PgNamedStatements.nameOf(p.statement))
      }).pipe(Effect.scoped),
    30_000
  )

  it.live("an unreachable server still fails the layer with the driver's connection error", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(
        Layer.build(Postgres.layerClient({ url: "postgres://postgres@127.0.0.1:1/test" })).pipe(Effect.scoped)
      )
      expect(exit._tag).toBe("Failure")
      expect(JSON.stringify(exit)).toContain("PgClient: Failed to connect")
    })
  )
})
