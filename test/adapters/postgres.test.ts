import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { EventStore } from "../../src/ports/EventStore.js"
import { LogAudit } from "../../src/ports/LogAudit.js"
import { event, metadata, uuid } from "./support/fixtures.js"
import * as Postgres from "../../src/adapters/sql/Postgres.js"
import * as SqlEventStore from "../../src/adapters/sql/SqlEventStore.js"
import { freshSchema } from "../support/pgSchema.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import * as AuditSuite from "./AuditSuite.js"
import * as EventStoreSuite from "./EventStoreSuite.js"
import * as ProjectionStoreSuite from "./ProjectionStoreSuite.js"
import * as RawLog from "./support/RawLog.js"
import { racerProcess } from "./support/spawnRacer.js"
import { expectWholeLog } from "./support/wholeLog.js"

const storeInFreshSchema =
  (extra: Partial<Postgres.Options> = {}): EventStoreSuite.MakeLayer =>
  (options) =>
    Layer.unwrapScoped(
      Effect.map(freshSchema(postgres.url), ({ url }) =>
        RawLog.layerSql.pipe(Layer.provideMerge(Postgres.layer({ url, ...extra, ...options })))
      )
    )

describe.skipIf(!postgres.available)(postgresSuiteName("SqlEventStore (PostgreSQL)"), () => {
  EventStoreSuite.suite("append function (one round trip per batch)", storeInFreshSchema(), { propertyRuns: 100 })
  AuditSuite.suite("Merkle tree", storeInFreshSchema() as AuditSuite.MakeLayer, { propertyRuns: 8, maxEvents: 90 })
  ProjectionStoreSuite.suite(
    "SqlProjectionStore",
    () => Layer.unwrapScoped(Effect.map(freshSchema(postgres.url), ({ url }) => Postgres.layer({ url }))),
    true
  )

  it.live(
    "two OS processes and this one append to overlapping streams: gap-free, contiguous, nothing lost, chain intact",
    () =>
      Effect.gen(function* () {
        const { url } = yield* freshSchema(postgres.url)
        const streams = ["proc-a", "proc-b", "proc-c"]
        const fibers = 4
        const appends = 25
        const result = yield* Effect.gen(function* () {
          const store = yield* EventStore
          const here = Effect.all(
            Array.from({ length: fibers }, (_, f) =>
              Effect.forEach(
                Array.from({ length: appends }, (_, i) => i),
                (i) =>
                  store
                    .append(
                      streams[(f + i) % streams.length],
                      "any",
                      [EventStoreSuite.event(EventStoreSuite.uuid(900_000 + f, i), "HereRaced")],
                      EventStoreSuite.metadata
                    )
                    .pipe(Effect.asVoid)
              )
            ),
            { concurrency: "unbounded" }
          )
          const [a, b] = yield* Effect.all(
            [
              racerProcess("pg", url, 1, fibers, appends, streams),
              racerProcess("pg", url, 2, fibers, appends, streams),
              Effect.delay(here, "300 millis")
            ],
            { concurrency: "unbounded" }
          )
          yield* expectWholeLog(store, 3 * fibers * appends, streams)
          return { a, b }
        }).pipe(Effect.provide(Postgres.layer({ url })))
        expect(result.a.appended + result.b.appended).toBe(2 * fibers * appends)
      }).pipe(Effect.scoped),
    60_000
  )
})

describe.skipIf(!postgres.available)(postgresSuiteName("PostgreSQL refuses to edit the log"), () => {
  it.live("UPDATE, DELETE and TRUNCATE on events, and moving the head backwards, are refused by the database", () =>
    Effect.gen(function* () {
      const store = yield* EventStore
      yield* store.append("edit-me", "any", [event(uuid(8, 1)), event(uuid(8, 2))], metadata)
      const sql = yield* SqlClient.SqlClient
      for (const statement of [
        sql`UPDATE events SET data = '{}'::jsonb WHERE position = 1`,
        sql`DELETE FROM events WHERE position = 2`,
        sql`TRUNCATE events`,
        sql`UPDATE event_log_head SET position = 1`,
        sql`DELETE FROM event_log_head`
      ]) {
        const error = yield* Effect.flip(statement)
        expect(String((error as any).cause?.message ?? error)).toMatch(
          /append-only|only moves forward|cannot be deleted/
        )
      }
      expect((yield* store.head()).position).toBe(2)
    }).pipe(
      Effect.provide(Layer.unwrapScoped(Effect.map(freshSchema(postgres.url), ({ url }) => Postgres.layer({ url }))))
    )
  )

  it.live("a time changed by less than a millisecond cannot hide: the column keeps exactly what is hashed", () =>
    Effect.gen(function* () {
      const store = yield* EventStore
      yield* store.append("times", "any", [event(uuid(9, 1))], metadata)
      const sql = yield* SqlClient.SqlClient
      yield* sql`ALTER TABLE events DISABLE TRIGGER events_append_only`
      const [before] = yield* sql<{ t: string }>`SELECT occurred_at::text AS t FROM events WHERE position = 1`
      yield* sql`UPDATE events SET occurred_at = occurred_at + interval '0.4 milliseconds' WHERE position = 1`
      const [after] = yield* sql<{ t: string }>`SELECT occurred_at::text AS t FROM events WHERE position = 1`
      expect(after.t).toBe(before.t)
      expect((yield* (yield* LogAudit).verify())._tag).toBe("Intact")
      yield* sql`UPDATE events SET occurred_at = occurred_at + interval '0.6 milliseconds' WHERE position = 1`
      expect(yield* (yield* LogAudit).verify()).toMatchObject({ _tag: "Broken", position: 1 })
    }).pipe(
      Effect.provide(Layer.unwrapScoped(Effect.map(freshSchema(postgres.url), ({ url }) => Postgres.layer({ url }))))
    )
  )
})

describe.skipIf(!postgres.available)(postgresSuiteName("PostgreSQL application role"), () => {
  it.live("a role with the README's grants appends, but can neither edit the log nor drop its triggers", () =>
    Effect.gen(function* () {
      const { schema, url } = yield* freshSchema(postgres.url)
      // the owner creates the schema (migrations), then grants the application role what it needs
      yield* Effect.provide(
        Effect.flatMap(EventStore, (s) => s.head()),
        Postgres.layer({ url })
      )
      const role = `tl_app_${schema.slice(-12)}`
      const owner = Postgres.layerClient({ url })
      yield* Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        yield* sql.unsafe(`CREATE ROLE ${role} LOGIN`)
        yield* sql.unsafe(`GRANT USAGE ON SCHEMA ${schema} TO ${role}`)
        yield* sql.unsafe(`GRANT SELECT, INSERT ON events TO ${role}`)
        yield* sql.unsafe(`GRANT SELECT, UPDATE ON event_log_head TO ${role}`)
        yield* sql.unsafe(`GRANT EXECUTE ON FUNCTION event_log_append(jsonb), event_log_append_batch(jsonb) TO ${role}`)
      }).pipe(Effect.provide(owner))
      const asApp = url.replace("postgres://postgres@", `postgres://${role}@`)
      yield* Effect.gen(function* () {
        const { store } = yield* SqlEventStore.make({ migrate: false })
        const appended = yield* store.append("app-role", "no-stream", [event(uuid(11, 1))], metadata)
        expect(appended.version).toBe(1)
        const sql = yield* SqlClient.SqlClient
        for (const statement of [
          `ALTER TABLE events DISABLE TRIGGER events_append_only`,
          `DROP TRIGGER events_append_only ON events`,
          `UPDATE events SET type = 'x'`,
          `DELETE FROM events`,
          `TRUNCATE events`
        ]) {
          const error = yield* Effect.flip(sql.unsafe(statement))
          expect(String((error as any).cause?.message ?? error)).toMatch(/must be owner|permission denied|append-only/)
        }
      }).pipe(Effect.provide(Postgres.layerClient({ url: asApp })), Effect.scoped)
      yield* Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        yield* sql.unsafe(`DROP OWNED BY ${role}`)
        yield* sql.unsafe(`DROP ROLE ${role}`)
      }).pipe(Effect.provide(owner))
    }).pipe(Effect.scoped)
  )
})
