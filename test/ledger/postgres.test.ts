import { describe } from "vitest"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import { createSchema } from "../support/pgSchema.js"
import * as Databases from "../support/databases.js"
import * as AuthorizationSuite from "./AuthorizationSuite.js"
import { suite } from "./LedgerSuite.js"

describe.skipIf(!postgres.available)(postgresSuiteName("PostgreSQL"), () => {
  suite("Ledger on PostgreSQL", async () => {
    const schema = await createSchema(postgres.url, "tl_ledger")
    return { url: schema.url, cleanup: schema.drop }
  })
  AuthorizationSuite.suite("PostgreSQL", Databases.pg)
})
