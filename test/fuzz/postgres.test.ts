import { describe } from "vitest"
import { createSchema } from "../support/pgSchema.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import * as PromiseFuzz from "./PromiseFuzz.js"

describe.skipIf(!postgres.available)(postgresSuiteName("PostgreSQL"), () => {
  PromiseFuzz.suite(
    "Promise API fuzz on postgres://",
    async () => {
      const schema = await createSchema(postgres.url, "tl_fuzz")
      return { url: schema.url, cleanup: schema.drop }
    },
    100
  )
})
