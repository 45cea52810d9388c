import { describe, expect, it } from "vitest"
import { postgres, postgresSuiteName } from "./support/postgres.js"
describe(postgresSuiteName("sanity"), () => {
  it("knows about postgres", () => {
    expect(typeof postgres.available).toBe("boolean")
  })
})
