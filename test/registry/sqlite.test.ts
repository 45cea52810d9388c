import { Context, Effect, Layer } from "effect"
import * as SqlDataKeyStore from "../../src/adapters/sql/SqlDataKeyStore.js"
import * as DataKeyStoreSuite from "../privacy/DataKeyStoreSuite.js"
import * as Databases from "../support/databases.js"
import * as RegistrySuite from "./RegistrySuite.js"
import { DataKeyStore } from "../../src/privacy/DataKeyStore.js"

DataKeyStoreSuite.suite(
  "SQLite file",
  Effect.flatMap(Databases.sqlite, (db) =>
    Effect.map(Layer.build(Layer.provide(SqlDataKeyStore.layer, db.sqlLayer())), (c) => Context.get(c, DataKeyStore))
  )
)
RegistrySuite.suite("SQLite file", Databases.sqlite)
