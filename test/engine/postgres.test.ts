import { Effect, Layer } from "effect"
import { describe } from "vitest"
import * as Postgres from "../../src/adapters/sql/Postgres.js"
import { freshSchema } from "../support/pgSchema.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import * as EngineSuite from "./EngineSuite.js"

describe.skipIf(!postgres.available)(postgresSuiteName("PostgreSQL"), () => {
  EngineSuite.suite(
    "Projection engine on PostgreSQL",
    () => Layer.unwrapScoped(Effect.map(freshSchema(postgres.url, "tl_engine"), ({ url }) => Postgres.layer({ url }))),
    { runs: 4 }
  )
})
