/**
 * KEK rotation without downtime (docs/privacy.md, section 8), on a SQLite file and on PostgreSQL:
 * 1. the store runs under KEK A: people registered, a certificate issued, one person erased;
 * 2. the processes restart with B current and A previous; `rotateKek` runs while registrations,
 *    certificates and erasures keep coming; it repeats until nothing remains under A;
 * 3. the processes restart with B alone (A removed): the store opens, every name and the
 *    certificate's name still decrypt, every erased person stays erased;
 * 4. the wrapped keys of erased persons, copied aside before their erasure (what a backup would
 *    hold), cannot be unwrapped any more: their KEK is gone (G3).
 */
import { SqlClient } from "@effect/sql"
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Layer, Option, type Scope } from "effect"
import { castOf } from "../../src/demo/Cast.js"
import * as SqlDataKeyStore from "../../src/adapters/sql/SqlDataKeyStore.js"
import * as Ledger from "../../src/ledger/Ledger.js"
import * as VerificationCodes from "../../src/ledger/VerificationCodes.js"
import { LogAudit } from "../../src/ports/LogAudit.js"
import { ParticipantRegistry } from "../../src/ports/ParticipantRegistry.js"
import type { WrappedKey } from "../../src/privacy/KeyEncryptionKey.js"
import * as PrivacyKeys from "../../src/privacy/PrivacyKeys.js"
import * as Databases from "../support/databases.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"
import { certify, uniquePerson } from "./scenario.js"

const officer = castOf("LPCIP").officer
const dpo = castOf("LPCIP").dataProtection
const erasure = { lawfulBasis: "UU 27/2022 ps. 8", actor: dpo }

const open = (db: Databases.Database, keys: PrivacyKeys.Options) =>
  Layer.build(Ledger.layer().pipe(Layer.provideMerge(Layer.merge(db.sqlLayer(keys), VerificationCodes.layer))))

const person = (i: number) => ({
  participantId: `R-${String(i).padStart(3, "0")}`,
  kind: "inmate" as const,
  facility: "LPCIP",
  fullName: `Peserta Rotasi ${i}`
})

/** The stored wrapped key of a person, as a backup taken now would hold it. */
const wrappedKeyOf = (participantId: string) =>
  Effect.flatMap(SqlDataKeyStore.make, (store) =>
    Effect.map(store.get(participantId), (entry) => {
      const live = Option.getOrThrow(entry)
      if (live._tag !== "Live") throw new Error(`${participantId} has no live key`)
      return live.wrapped
    })
  )

const scenario = (database: Effect.Effect<Databases.Database, never, Scope.Scope>) =>
  Effect.gen(function* () {
    const db = yield* database
    const a = PrivacyKeys.random()
    const b = { ...a, kek: PrivacyKeys.random().kek }
    const aId = (yield* PrivacyKeys.load(a)).keyring.current.id
    const bId = (yield* PrivacyKeys.load(b)).keyring.current.id
    const keptAside = new Map<string, WrappedKey>()

    // 1. Under A.
    const holder = uniquePerson("P-002")
    const certificate = yield* Effect.scoped(
      Effect.gen(function* () {
        const registry = yield* ParticipantRegistry
        for (let i = 0; i < 60; i++) yield* registry.register(person(i), officer)
        const issued = yield* certify("rotation", holder)
        for (const id of ["R-000", "R-001", "R-002", "R-003"]) keptAside.set(id, yield* wrappedKeyOf(id))
        yield* registry.erase("R-000", erasure)
        return issued
      }).pipe(Effect.provide(yield* open(db, a)))
    )

    // 2. B current, A previous: rotate while the ledger keeps working.
    const reports = yield* Effect.scoped(
      Effect.gen(function* () {
        const registry = yield* ParticipantRegistry
        let done = 0
        const work = Effect.gen(function* () {
          for (let i = 60; i < 80; i++) {
            // Requests arrive one by one (on SQLite every statement is synchronous: yield as a server would).
            yield* Effect.yieldNow()
            yield* registry.register(person(i), officer)
            done++
            if (i === 65) yield* registry.erase("R-001", erasure)
            if (i === 70) yield* registry.erase("R-002", erasure)
            yield* registry.sealHolderName(`R-${String(i - 30).padStart(3, "0")}`)
          }
          return "done"
        })
        const during: Array<number> = []
        const rotation = Effect.gen(function* () {
          during.push(done)
          const all = [yield* registry.rotateKek({ batchSize: 7 })]
          while (all[all.length - 1]!.remaining > 0) all.push(yield* registry.rotateKek({ batchSize: 7 }))
          during.push(done)
          return all
        })
        const [, first] = yield* Effect.all([work, rotation], { concurrency: 2 })
        // The commands ran while the re-wrap did.
        expect(during[1]! - during[0]!).toBeGreaterThan(0)
        // A last pass after the load: whatever the work added under A (nothing: new keys are wrapped by B).
        const last = yield* registry.rotateKek({ batchSize: 7 })
        return [...first, last]
      }).pipe(Effect.provide(yield* open(db, { ...b, previousKeks: [a.kek] })))
    )
    const rewrapped = reports.reduce((n, r) => n + r.rewrapped, 0)
    const final = reports[reports.length - 1]!
    expect(final).toMatchObject({ currentKekId: bId, remaining: 0 })
    expect(final.retirable).toEqual([aId])
    // Every person registered under A and not erased before the re-wrap reached them.
    expect(rewrapped).toBeGreaterThanOrEqual(60 - 3)
    expect(rewrapped).toBeLessThanOrEqual(60)

    // 3. B alone: A is removed from the configuration.
    yield* Effect.scoped(
      Effect.gen(function* () {
        const registry = yield* ParticipantRegistry
        const sql = yield* SqlClient.SqlClient
        const kekIds = yield* sql<{
          kek_id: string
        }>`SELECT DISTINCT kek_id FROM participant_keys WHERE kek_id IS NOT NULL`
        expect(kekIds.map((r) => r.kek_id)).toEqual([bId])
        for (let i = 0; i < 80; i++) {
          const entry = Option.getOrThrow(yield* registry.get(person(i).participantId))
          if (i <= 2) expect(entry.status).toBe("erased")
          else expect(entry).toMatchObject({ status: "registered", fullName: person(i).fullName })
        }
        expect(yield* registry.openField(holder.participantId, "fullName", certificate.holderName)).toBe(
          holder.fullName
        )
        // 4. What a backup of the key table made under A holds is useless now, for the erased and
        // for the living alike: A is gone. The living are readable through their re-wrapped key.
        const keyring = (yield* PrivacyKeys.load(b)).keyring
        for (const [id, wrapped] of keptAside) {
          const exit = yield* Effect.exit(keyring.unwrap(wrapped, id))
          expect(Exit.isFailure(exit) && JSON.stringify(exit.cause)).toContain("UnknownKek")
        }
        const store = yield* SqlDataKeyStore.make
        for (const id of ["R-000", "R-001", "R-002"]) {
          expect(Option.getOrThrow(yield* store.get(id))._tag).toBe("Destroyed")
          const sealed = yield* Effect.exit(registry.sealHolderName(id))
          expect(Exit.isFailure(sealed) && JSON.stringify(sealed.cause)).toContain("ParticipantErased")
        }
        expect(Option.getOrThrow(yield* store.get("R-003"))._tag).toBe("Live")
        expect((yield* (yield* LogAudit).verify())._tag).toBe("Intact")
      }).pipe(Effect.provide(yield* open(db, b)))
    )
    // And a process still configured with A alone is refused at start, naming B's keys.
    const stale = yield* Effect.exit(Effect.scoped(open(db, a)))
    expect(Exit.isFailure(stale) && JSON.stringify(stale.cause)).toContain("KeyringIncomplete")
    return reports.length
  })

describe("KEK rotation under load", () => {
  it.scoped(
    "SQLite file: rotate while commands run; names decrypt, the old KEK removed, erased keys stay unrecoverable",
    () => Effect.map(scenario(Databases.sqlite), (passes) => expect(passes).toBeGreaterThan(1))
  )

  describe.skipIf(!postgres.available)(postgresSuiteName("PostgreSQL"), () => {
    it.scoped(
      "PostgreSQL: rotate while commands run; names decrypt, the old KEK removed, erased keys stay unrecoverable",
      () => Effect.map(scenario(Databases.pg), (passes) => expect(passes).toBeGreaterThan(1))
    )
  })
})
