/**
 * Migration 0005 on SQL stores: a store that holds events before the migration gets its tree
 * (built in batches, the same as the one appends build); the tree's tables refuse to be edited as
 * the events do; on PostgreSQL an application role with read grants appends (the tree's trigger
 * runs as the owner) but cannot write the tree.
 */
import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { randomUUID } from "node:crypto"
import { rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Merkle from "../../src/audit/Merkle.js"
import * as Migrations from "../../src/adapters/sql/Migrations.js"
import * as Postgres from "../../src/adapters/sql/Postgres.js"
import * as Sqlite from "../../src/adapters/sql/Sqlite.js"
import * as SqlEventStore from "../../src/adapters/sql/SqlEventStore.js"
import * as SqlStores from "../../src/adapters/sql/SqlStores.js"
import { EventStore } from "../../src/ports/EventStore.js"
import { LogAudit } from "../../src/ports/LogAudit.js"
import { freshSchema } from "../support/pgSchema.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import { appendEvents, leafHashes } from "./AuditSuite.js"
import { event, metadata, uuid } from "./support/fixtures.js"

// The migrations before the tree (the Migrator runs only ids above the last recorded one, so a
// later one recorded here would keep 0005 from ever running).
const before = Object.fromEntries(Object.entries(Migrations.migrations).filter(([name]) => name < "0005"))

/** The store on a schema migrated up to 0004 only: appends without a tree. */
const withoutTree = (client: Layer.Layer<SqlClient.SqlClient, unknown>) =>
  SqlStores.layer({ migrate: false }).pipe(
    Layer.provide(Layer.effectDiscard(Migrations.migrate(before))),
    Layer.provideMerge(client)
  )

const backfill = (client: Layer.Layer<SqlClient.SqlClient, unknown>) =>
  Effect.gen(function* () {
    // 10,037 events written before the migration: two backfill batches (10,000 and 32), a tail of 5.
    yield* appendEvents(10_037, [1, 7, 97, 3, 200]).pipe(Effect.provide(withoutTree(client)))
    const missing = yield* Effect.flip(
      Effect.flatMap(LogAudit, (audit) => audit.root()).pipe(Effect.provide(withoutTree(client)))
    )
    expect(missing).toMatchObject({ _tag: "EventStoreError" })
    yield* Effect.gen(function* () {
      const leaves = yield* leafHashes
      expect(leaves.length).toBe(10_037)
      const audit = yield* LogAudit
      expect((yield* audit.root()).root).toBe(Merkle.root(leaves))
      for (const size of [1, 16, 500, 9_999, 10_000, 10_001, 10_032, 10_033]) {
        expect((yield* audit.root(size)).root).toBe(Merkle.root(leaves.slice(0, size)))
      }
      expect(yield* audit.verify()).toMatchObject({ _tag: "Intact", checked: 10_037 })
      // appends after the migration extend the backfilled tree
      yield* appendEvents(29, [5])
      const more = yield* leafHashes
      expect((yield* audit.root()).root).toBe(Merkle.root(more))
      expect(yield* audit.verify()).toMatchObject({ _tag: "Intact", checked: 10_066 })
    }).pipe(Effect.provide(SqlStores.layer().pipe(Layer.provideMerge(client))))
  })

const refusesEdits = Effect.gen(function* () {
  yield* appendEvents(40, [3])
  const sql = yield* SqlClient.SqlClient
  for (const statement of [
    sql`UPDATE merkle_nodes SET hash = ${"ab".repeat(32)} WHERE node = 0`,
    sql`DELETE FROM merkle_nodes WHERE node = 0`,
    sql`UPDATE ledger_meta SET log_id = 'another'`,
    sql`DELETE FROM ledger_meta`
  ]) {
    const error = yield* Effect.flip(statement)
    expect(String((error as any).cause?.message ?? error)).toMatch(/append-only|fixed/)
  }
  expect((yield* (yield* LogAudit).verify())._tag).toBe("Intact")
})

const tempFile = Effect.acquireRelease(
  Effect.sync(() => join(tmpdir(), `training-ledger-${randomUUID()}.db`)),
  (filename) =>
    Effect.sync(() => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(filename + suffix, { force: true })
    })
)

describe("migration 0005 on SQLite", () => {
  it.live(
    "builds the tree of the events already there; appends go on from it",
    () => Effect.scoped(Effect.flatMap(tempFile, (filename) => backfill(Sqlite.layerClient({ filename })))),
    60_000
  )
  it.live(
    "merkle_nodes and ledger_meta refuse UPDATE and DELETE; an event ending a block without its nodes is refused",
    () =>
      Effect.scoped(
        Effect.flatMap(tempFile, (filename) =>
          Effect.gen(function* () {
            yield* refusesEdits
            // A writer that does not keep the tree (an older training-ledger) cannot end a block.
            const sql = yield* SqlClient.SqlClient
            const row = (position: number) => sql`INSERT INTO events (position, stream_id, version, event_id, type,
            schema_version, data, metadata, occurred_at, recorded_at, content_hash, prev_hash, hash)
            VALUES (${position}, 'old-writer', ${position}, ${uuid(77, position)}, 'T', 1, '{}', '{}',
            '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', ${"a".repeat(64)}, ${"b".repeat(64)}, ${"c".repeat(64)})`
            yield* row(41)
            const error = yield* Effect.flip(Effect.zipRight(Effect.forEach([42, 43, 44, 45, 46, 47], row), row(48)))
            expect(String((error as any).cause?.message ?? error)).toMatch(/Merkle tree/)
          }).pipe(Effect.provide(Sqlite.layer({ filename })))
        )
      )
  )
})

describe.skipIf(!postgres.available)(postgresSuiteName("migration 0005 on PostgreSQL"), () => {
  it.live(
    "builds the tree of the events already there (event_log_merkle_add); appends go on from it",
    () =>
      Effect.scoped(Effect.flatMap(freshSchema(postgres.url), ({ url }) => backfill(Postgres.layerClient({ url })))),
    60_000
  )
  it.live("merkle_nodes and ledger_meta refuse UPDATE and DELETE", () =>
    Effect.scoped(
      Effect.flatMap(freshSchema(postgres.url), ({ url }) => Effect.provide(refusesEdits, Postgres.layer({ url })))
    )
  )
  it.live(
    "an application role with read grants on the tree appends (the trigger writes the tree) but cannot write it",
    () =>
      Effect.gen(function* () {
        const { schema, url } = yield* freshSchema(postgres.url)
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
          yield* sql.unsafe(
            `GRANT EXECUTE ON FUNCTION event_log_append(jsonb), event_log_append_batch(jsonb) TO ${role}`
          )
          yield* sql.unsafe(`GRANT SELECT ON merkle_nodes, ledger_meta TO ${role}`)
        }).pipe(Effect.provide(owner))
        const asApp = url.replace("postgres://postgres@", `postgres://${role}@`)
        yield* Effect.gen(function* () {
          const { audit, store } = yield* SqlEventStore.make({ migrate: false })
          for (let i = 0; i < 5; i++) {
            yield* store.append(
              "app-role",
              "any",
              Array.from({ length: 7 }, (_, k) => event(uuid(12, i * 10 + k))),
              metadata
            )
          }
          expect(yield* audit.verify()).toMatchObject({ _tag: "Intact", checked: 35 })
          const checkpoint = yield* audit.checkpoint()
          expect(checkpoint.size).toBe(35)
          const sql = yield* SqlClient.SqlClient
          for (const statement of [
            `INSERT INTO merkle_nodes (node, hash) VALUES (999999, '${"a".repeat(64)}')`,
            `UPDATE merkle_nodes SET hash = hash`,
            `SELECT event_log_merkle_add(32, ARRAY['${"a".repeat(64)}'])`
          ]) {
            const error = yield* Effect.flip(sql.unsafe(statement))
            expect(String((error as any).cause?.message ?? error)).toMatch(/permission denied|append-only/)
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
