/**
 * A fresh database per test, for the suites that run on every store (memory, a SQLite file,
 * PostgreSQL in a schema of its own): `layer(privacy)` opens every port on it, as many times as a
 * test needs (a SQL database persists between opens, as across a restart; memory does not).
 */
import type { SqlClient } from "@effect/sql"
import { Effect, Layer, type Scope } from "effect"
import * as Postgres from "../../src/adapters/sql/Postgres.js"
import * as Sqlite from "../../src/adapters/sql/Sqlite.js"
import { randomUUID } from "node:crypto"
import { rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Stores } from "../../src/adapters/sql/SqlStores.js"
import type * as PrivacyKeys from "../../src/privacy/PrivacyKeys.js"
import * as StoresPreset from "../../src/stores/Stores.js"
import { freshSchema } from "./pgSchema.js"
import { postgres } from "./postgres.js"

export interface Database {
  readonly name: "memory" | "sqlite" | "postgres"
  readonly url: string
  /** True when a second open sees what the first wrote (SQL); false for memory. */
  readonly persistent: boolean
  /** Every port on this database, with these keys (none given: the environment's, or random for memory). */
  readonly layer: (privacy?: PrivacyKeys.Options) => Layer.Layer<Stores, unknown>
  /** Where the database's bytes are (SQLite: the file; PostgreSQL: the schema). */
  readonly location: string
  /** SQL stores: every port and the client itself (migrated), for tests that look at the tables. */
  readonly sqlLayer: (privacy?: PrivacyKeys.Options) => Layer.Layer<Stores | SqlClient.SqlClient, unknown>
}

const layerOf =
  (url: string) =>
  (privacy?: PrivacyKeys.Options): Layer.Layer<Stores, unknown> =>
    StoresPreset.layer(url, privacy === undefined ? {} : { privacy })

export const memory: Effect.Effect<Database, never, Scope.Scope> = Effect.succeed({
  name: "memory",
  url: "memory:",
  persistent: false,
  layer: layerOf("memory:"),
  location: "memory",
  sqlLayer: () => Layer.die(new Error("memory: has no SQL client"))
})

export const sqlite: Effect.Effect<Database, never, Scope.Scope> = Effect.map(
  Effect.acquireRelease(
    Effect.sync(() => join(tmpdir(), `training-ledger-${randomUUID()}.sqlite`)),
    (file) =>
      Effect.sync(() => {
        for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true })
      })
  ),
  (file) => ({
    name: "sqlite",
    url: `sqlite:${file}`,
    persistent: true,
    layer: layerOf(`sqlite:${file}`),
    location: file,
    sqlLayer: (privacy) => Sqlite.layer({ filename: file, ...(privacy === undefined ? {} : { privacy }) })
  })
)

export const pg: Effect.Effect<Database, never, Scope.Scope> = Effect.map(
  freshSchema(postgres.url, "tl_privacy"),
  ({ schema, url }) => ({
    name: "postgres",
    url,
    persistent: true,
    layer: layerOf(url),
    location: schema,
    sqlLayer: (privacy) => Postgres.layer({ url, maxConnections: 4, ...(privacy === undefined ? {} : { privacy }) })
  })
)
