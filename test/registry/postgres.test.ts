import { Context, Effect, Layer } from "effect"
import { describe } from "vitest"
import * as SqlDataKeyStore from "../../src/adapters/sql/SqlDataKeyStore.js"
import { DataKeyStore } from "../../src/privacy/DataKeyStore.js"
import * as DataKeyStoreSuite from "../privacy/DataKeyStoreSuite.js"
import * as Databases from "../support/databases.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import * as RegistrySuite from "./RegistrySuite.js"

describe.skipIf(!postgres.available)(postgresSuiteName("PostgreSQL"), () => {
  DataKeyStoreSuite.suite(
    "PostgreSQL",
    Effect.flatMap(Databases.pg, (db) =>
      Effect.map(Layer.build(Layer.provide(SqlDataKeyStore.layer, db.sqlLayer())), (c) => Context.get(c, DataKeyStore))
    )
  )
  RegistrySuite.suite("PostgreSQL", Databases.pg)
})
