/**
 * The wiring preset from a store URL: what it opens, what it refuses, and that a read-only open
 * never creates anything.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { EventStore } from "../../src/ports/EventStore.js"
import * as Stores from "../../src/stores/Stores.js"
import * as StoreUrl from "../../src/stores/StoreUrl.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"

const dir = mkdtempSync(join(tmpdir(), "training-ledger-stores-"))
process.on("exit", () => rmSync(dir, { recursive: true, force: true }))

const open = (url: string, options: Stores.Options = {}) =>
  Effect.flip(
    Effect.provide(
      Effect.flatMap(EventStore, (s) => s.head()),
      Stores.layer(url, options)
    )
  )

describe("Stores.layer", () => {
  it("reads every URL form and refuses the others, naming the forms", () => {
    expect(StoreUrl.parse("sqlite:./a.sqlite")).toMatchObject({ right: { _tag: "Sqlite", filename: "./a.sqlite" } })
    expect(StoreUrl.parse("./ledger.db")).toMatchObject({ right: { _tag: "Sqlite", filename: "./ledger.db" } })
    expect(StoreUrl.parse("postgresql://u@h/db")).toMatchObject({ right: { _tag: "Postgres" } })
    expect(StoreUrl.parse("memory:")).toMatchObject({ right: { _tag: "Memory" } })
    for (const bad of ["", "mysql://root@localhost/x", "sqlite:", 42, null]) {
      expect(StoreUrl.parse(bad)).toMatchObject({ left: { _tag: "UnsupportedStoreUrl" } })
    }
    expect(StoreUrl.redact("postgres://app:s3cret@db:5432/ledger")).toBe("postgres://app:***@db:5432/ledger")
  })

  it.effect("a read-only open of a missing file is StoreNotFound, and creates nothing", () =>
    Effect.gen(function* () {
      const file = join(dir, "typo.sqlite")
      const error = yield* open(`sqlite:${file}`, { create: false })
      expect(error).toMatchObject({ _tag: "StoreNotFound" })
      expect(error.message).toContain("does not exist")
      expect(existsSync(file)).toBe(false)
    })
  )

  it.effect("a read-only open of a SQLite file that is not a ledger is StoreNotFound, and writes nothing", () =>
    Effect.gen(function* () {
      const file = join(dir, "other.sqlite")
      yield* Effect.provide(
        Effect.flatMap(EventStore, (s) => s.head()),
        Stores.layer(`sqlite:${file}`)
      )
      const notLedger = join(dir, "not-a-ledger.sqlite")
      // @ts-expect-error better-sqlite3 ships no types; only this test talks to it directly
      const { default: Database } = yield* Effect.promise(() => import("better-sqlite3"))
      const db = new Database(notLedger)
      db.exec("CREATE TABLE things (id INTEGER PRIMARY KEY)")
      db.close()
      const error = yield* open(`sqlite:${notLedger}`, { create: false })
      expect(error).toMatchObject({ _tag: "StoreNotFound", reason: "the database has no training-ledger tables" })
      const check = new Database(notLedger)
      expect(check.prepare("SELECT count(*) AS n FROM sqlite_master").get()).toEqual({ n: 1 })
      check.close()
      // the ledger made above opens read-only
      expect(
        yield* Effect.provide(
          Effect.flatMap(EventStore, (s) => s.head()),
          Stores.layer(`sqlite:${file}`, { create: false })
        )
      ).toMatchObject({ position: 0 })
    })
  )

  it.effect("a file that is not a database is StoreUnavailable with the reason", () =>
    Effect.gen(function* () {
      const file = join(dir, "text.sqlite")
      writeFileSync(file, "this is not a database, it is a text file that happens to be long enough".repeat(20))
      const error = yield* open(`sqlite:${file}`, { create: false })
      expect(error).toMatchObject({ _tag: "StoreUnavailable" })
      expect(error.message).toMatch(/not a (SQLite )?database/)
    })
  )

  it.effect("an unsupported URL is refused before anything is opened", () =>
    Effect.gen(function* () {
      const error = yield* open("mysql://root:pw@localhost/x")
      expect(error).toMatchObject({ _tag: "UnsupportedStoreUrl" })
      expect(error.message).not.toContain("pw@")
    })
  )

  it.effect("memory: opens empty", () =>
    Effect.gen(function* () {
      const head = yield* Effect.provide(
        Effect.flatMap(EventStore, (s) => s.head()),
        Stores.layer("memory:")
      )
      expect(head.position).toBe(0)
    })
  )
})

describe.skipIf(!postgres.available)(postgresSuiteName("Stores.layer on PostgreSQL"), () => {
  it.effect("a refused port and a missing database are told apart, and the password never shows", () =>
    Effect.gen(function* () {
      const refused = yield* open("postgres://postgres:hunter2@127.0.0.1:1/test", { create: false })
      expect(refused).toMatchObject({ _tag: "StoreUnavailable" })
      expect(refused.message).toContain("no PostgreSQL server listens")
      expect(refused.message).not.toContain("hunter2")
      const base = new URL(postgres.url)
      base.pathname = "/no_such_database_for_training_ledger"
      const missing = yield* open(base.toString(), { create: false })
      expect(missing).toMatchObject({ _tag: "StoreUnavailable" })
      expect(missing.message).toContain("does not exist")
    })
  )
})

void Layer
