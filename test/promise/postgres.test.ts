import { describe } from "vitest"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import { createSchema } from "../support/pgSchema.js"
import { suite } from "./PromiseSuite.js"

describe.skipIf(!postgres.available)(postgresSuiteName("PostgreSQL"), () => {
  suite("Promise API on postgres://", async () => {
    const schema = await createSchema(postgres.url, "tl_promise")
    return { url: schema.url, cleanup: schema.drop }
  })
})
