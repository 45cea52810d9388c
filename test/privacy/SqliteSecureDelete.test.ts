/**
 * The SQLite behaviour docs/privacy.md relies on for the key table, measured on the files: with
 * `secure_delete = ON`, a deleted (or overwritten) wrapped key is gone from the database file and
 * the WAL once `wal_checkpoint(TRUNCATE)` has completed; without it, the old bytes stay in the
 * database file. This tests SQLite (as bundled with better-sqlite3), not our code: it fails if
 * an upgrade changes what the design assumes.
 */
import * as SqlClient from "@effect/sql/SqlClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { afterAll, describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { randomBytes } from "node:crypto"
import { existsSync, readFileSync } from "node:fs"
import { tempDir } from "./support.js"

const temp = tempDir()
afterAll(temp.remove)

const wrappedKey = () => randomBytes(60).toString("base64url")

const onDisk = (file: string, value: string) =>
  ["", "-wal"].some((suffix) => existsSync(file + suffix) && readFileSync(file + suffix).includes(Buffer.from(value)))

const scenario = (secureDelete: "ON" | "OFF", change: "delete" | "update") => {
  const file = temp.path(`keys-${secureDelete}-${change}.sqlite`)
  return Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe(`PRAGMA secure_delete = ${secureDelete}`)
    yield* sql`CREATE TABLE participant_keys (participant_id TEXT PRIMARY KEY, kek_id TEXT NOT NULL, wrapped_key TEXT NOT NULL)`
    const keys = new Map<string, string>()
    for (let i = 0; i < 300; i++) keys.set(`WBP-${i}`, wrappedKey())
    for (const [id, key] of keys) {
      yield* sql`INSERT INTO participant_keys ${sql.insert({ participant_id: id, kek_id: "kek-a", wrapped_key: key })}`
    }
    // Part of the history already checkpointed into the file, part still in the WAL.
    yield* sql.unsafe("PRAGMA wal_checkpoint(TRUNCATE)")
    for (let i = 300; i < 400; i++) {
      yield* sql`INSERT INTO participant_keys ${sql.insert({ participant_id: `WBP-${i}`, kek_id: "kek-a", wrapped_key: wrappedKey() })}`
    }
    const target = keys.get("WBP-7")!
    expect(onDisk(file, target)).toBe(true)
    if (change === "delete") yield* sql`DELETE FROM participant_keys WHERE participant_id = 'WBP-7'`
    else
      yield* sql`UPDATE participant_keys SET kek_id = 'kek-b', wrapped_key = ${wrappedKey()} WHERE participant_id = 'WBP-7'`
    const [checkpoint] = yield* sql.unsafe<{ busy: number }>("PRAGMA wal_checkpoint(TRUNCATE)")
    expect(checkpoint!.busy).toBe(0)
    return { target: onDisk(file, target), other: onDisk(file, keys.get("WBP-8")!) }
  }).pipe(Effect.provide(SqliteClient.layer({ filename: file })))
}

describe("SQLite key table on disk", () => {
  for (const change of ["delete", "update"] as const) {
    it.effect(
      `with secure_delete ON, ${change === "delete" ? "a deleted" : "an overwritten"} wrapped key is in neither the file nor the WAL after a TRUNCATE checkpoint`,
      () =>
        Effect.gen(function* () {
          expect(yield* scenario("ON", change)).toEqual({ target: false, other: true })
        })
    )
  }

  it.effect("with secure_delete OFF, a deleted wrapped key stays in the database file", () =>
    Effect.gen(function* () {
      expect(yield* scenario("OFF", "delete")).toEqual({ target: true, other: true })
    })
  )
})
