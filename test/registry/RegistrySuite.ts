/**
 * The participant registry port, run on every store (memory, a SQLite file, PostgreSQL): personal
 * data stored encrypted with the person's own key, NIK and NIP found through the blind index,
 * erasure that destroys the key and records who erased, when and why; and, on the SQL stores,
 * what a restart checks (the blind-index key, the KEKs in use) and what happens without keys.
 */
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Either, Exit, Layer, Option, type Scope } from "effect"
import { ParticipantRegistry } from "../../src/ports/ParticipantRegistry.js"
import { isErased } from "../../src/privacy/Erased.js"
import * as Kek from "../../src/privacy/KeyEncryptionKey.js"
import * as PrivacyKeys from "../../src/privacy/PrivacyKeys.js"
import type { Database } from "../support/databases.js"

const officer = { id: "officer-1", role: "program-officer", facility: "LPCIP" }
const dpo = { id: "dpo-1", role: "data-protection-officer", facility: "DJPAS" }

let counter = 0
/** A NIK nobody else in this run has. */
const freshNik = () => `3171${String(process.pid % 1000).padStart(3, "0")}${String(++counter).padStart(9, "0")}`
const freshNip = () => `19800101${String(process.pid % 1000).padStart(3, "0")}${String(++counter).padStart(7, "0")}`

const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail") throw new Error(`expected a failure, got ${exit}`)
  return exit.cause.error
}

/** The registry of `db` opened with `privacy`, for the rest of the test's scope. */
const registryOf = (db: Database, privacy?: PrivacyKeys.Options) =>
  Effect.map(Layer.build(db.layer(privacy)), (context) => Context.get(context, ParticipantRegistry))

export const suite = (name: string, database: Effect.Effect<Database, never, Scope.Scope>) =>
  describe(`ParticipantRegistry: ${name}`, () => {
    const opened = (privacy = PrivacyKeys.random()) =>
      Effect.flatMap(database, (db) => Effect.map(registryOf(db, privacy), (registry) => ({ db, registry, privacy })))

    it.scoped("registers encrypted and reads back decrypted; the answer of register is the registration", () =>
      Effect.gen(function* () {
        const { registry } = yield* opened()
        const nik = freshNik()
        const registered = yield* registry.register(
          {
            participantId: "WBP-1",
            kind: "inmate",
            facility: "LPCIP",
            fullName: "Siti Aminah",
            nik,
            inmateNumber: "B.I-1"
          },
          officer
        )
        expect(registered).toMatchObject({
          status: "registered",
          fullName: "Siti Aminah",
          nik,
          registeredBy: "officer-1"
        })
        expect(Option.getOrThrow(yield* registry.get("WBP-1"))).toMatchObject({
          status: "registered",
          participantId: "WBP-1",
          kind: "inmate",
          facility: "LPCIP",
          fullName: "Siti Aminah",
          nik,
          inmateNumber: "B.I-1",
          registeredBy: "officer-1"
        })
        expect(yield* registry.status("WBP-1")).toEqual(
          Option.some({ participantId: "WBP-1", kind: "inmate", facility: "LPCIP", status: "registered" })
        )
        expect(yield* registry.get("WBP-404")).toEqual(Option.none())
        expect(yield* registry.status("WBP-404")).toEqual(Option.none())
      })
    )

    it.scoped("refuses a second registration of one id, and of one NIK or NIP under another id, storing nothing", () =>
      Effect.gen(function* () {
        const { registry } = yield* opened()
        const [nik, nip] = [freshNik(), freshNip()]
        yield* registry.register({ participantId: "A", kind: "inmate", facility: "LPCIP", fullName: "A", nik }, officer)
        yield* registry.register(
          { participantId: "O", kind: "officer", facility: "LPCIP", fullName: "O", nip },
          officer
        )
        const again = failure(
          yield* Effect.exit(
            registry.register({ participantId: "A", kind: "inmate", facility: "LPCIP", fullName: "B" }, officer)
          )
        )
        expect(again).toMatchObject({ _tag: "ParticipantAlreadyRegistered", participantId: "A" })
        const twinNik = failure(
          yield* Effect.exit(
            registry.register({ participantId: "B", kind: "detainee", facility: "LPCIP", fullName: "B", nik }, officer)
          )
        )
        expect(twinNik).toMatchObject({
          _tag: "IdentityNumberTaken",
          field: "nik",
          participantId: "B",
          registeredAs: "A"
        })
        expect(twinNik.message).not.toContain(nik)
        const twinNip = failure(
          yield* Effect.exit(
            registry.register({ participantId: "P", kind: "officer", facility: "LPBDG", fullName: "P", nip }, officer)
          )
        )
        expect(twinNip).toMatchObject({ _tag: "IdentityNumberTaken", field: "nip", registeredAs: "O" })
        expect(yield* registry.get("B")).toEqual(Option.none())
        expect(yield* registry.get("P")).toEqual(Option.none())
        // The refused ids were not burnt: they register with numbers of their own.
        yield* registry.register({ participantId: "B", kind: "detainee", facility: "LPCIP", fullName: "B" }, officer)
        expect(Option.getOrThrow(yield* registry.get("A"))).toMatchObject({ fullName: "A", nik })
      })
    )

    it.scoped("of concurrent registrations of one NIK under different ids, exactly one succeeds", () =>
      Effect.gen(function* () {
        const { registry } = yield* opened()
        const nik = freshNik()
        const outcomes = yield* Effect.all(
          Array.from({ length: 8 }, (_, i) =>
            Effect.either(
              registry.register(
                { participantId: `R-${i}`, kind: "inmate", facility: "LPCIP", fullName: `R ${i}`, nik },
                officer
              )
            )
          ),
          { concurrency: "unbounded" }
        )
        expect(outcomes.filter(Either.isRight)).toHaveLength(1)
        for (const lost of outcomes.filter(Either.isLeft)) expect(lost.left._tag).toBe("IdentityNumberTaken")
      })
    )

    it.scoped("of concurrent registrations of one id, exactly one succeeds; the others are told it is registered", () =>
      Effect.gen(function* () {
        const { registry } = yield* opened()
        const id = `SAME-${freshNik().slice(-8)}`
        const outcomes = yield* Effect.all(
          Array.from({ length: 8 }, (_, i) =>
            Effect.either(
              registry.register({ participantId: id, kind: "inmate", facility: "LPCIP", fullName: `S ${i}` }, officer)
            )
          ),
          { concurrency: "unbounded" }
        )
        expect(outcomes.filter(Either.isRight)).toHaveLength(1)
        for (const lost of outcomes.filter(Either.isLeft)) expect(lost.left._tag).toBe("ParticipantAlreadyRegistered")
      })
    )

    it.scoped("finds by NIK or NIP written with spaces, dots or hyphens; refuses a malformed one", () =>
      Effect.gen(function* () {
        const { registry } = yield* opened()
        const [nik, nip] = [freshNik(), freshNip()]
        yield* registry.register({ participantId: "N", kind: "inmate", facility: "LPCIP", fullName: "N", nik }, officer)
        yield* registry.register(
          { participantId: "O", kind: "officer", facility: "LPCIP", fullName: "O", nip },
          officer
        )
        const spaced = `${nik.slice(0, 6)}.${nik.slice(6, 12)}-${nik.slice(12)}`
        expect(Option.getOrThrow(yield* registry.findByNik(spaced)).participantId).toBe("N")
        const grouped = `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}`
        expect(Option.getOrThrow(yield* registry.findByNip(grouped)).participantId).toBe("O")
        // A NIK and a NIP index apart even with the same digits.
        expect(yield* registry.findByNip(`${nik}00`)).toEqual(Option.none())
        expect(yield* registry.findByNik(freshNik())).toEqual(Option.none())
        expect(failure(yield* Effect.exit(registry.findByNik("12345")))).toMatchObject({
          _tag: "InvalidParticipantData",
          field: "nik"
        })
      })
    )

    it.scoped("erases: the key destroyed, no personal field left, the erasure recorded; the NIK is free again", () =>
      Effect.gen(function* () {
        const { registry } = yield* opened()
        const nik = freshNik()
        yield* registry.register(
          {
            participantId: "E",
            kind: "inmate",
            facility: "LPCIP",
            fullName: "Siti Aminah",
            nik,
            inmateNumber: "B.I-9"
          },
          officer
        )
        const sealed = yield* registry.sealHolderName("E")
        const invalid = failure(yield* Effect.exit(registry.erase("E", { lawfulBasis: "  ", actor: dpo })))
        expect(invalid).toMatchObject({ _tag: "InvalidParticipantData", field: "lawfulBasis" })
        const erased = yield* registry.erase("E", { lawfulBasis: "UU 27/2022 ps. 8", reference: "PDP-1", actor: dpo })
        expect(erased).toMatchObject({
          status: "erased",
          participantId: "E",
          kind: "inmate",
          facility: "LPCIP",
          erasure: { erasedBy: dpo, lawfulBasis: "UU 27/2022 ps. 8", reference: "PDP-1" }
        })
        const read = Option.getOrThrow(yield* registry.get("E"))
        expect(read).toEqual(erased)
        for (const value of ["Siti Aminah", nik, "B.I-9"]) expect(JSON.stringify(read)).not.toContain(value)
        expect(yield* registry.findByNik(nik)).toEqual(Option.none())
        expect(isErased(yield* registry.openField("E", "fullName", sealed))).toBe(true)
        expect(failure(yield* Effect.exit(registry.sealHolderName("E")))).toMatchObject({
          _tag: "ParticipantErased",
          participantId: "E"
        })
        // A repeat answers the first erasure's record.
        const repeat = yield* registry.erase("E", { lawfulBasis: "another request", actor: officer })
        expect(repeat).toEqual(erased)
        expect(failure(yield* Effect.exit(registry.erase("nobody", { lawfulBasis: "x", actor: dpo })))).toMatchObject({
          _tag: "ParticipantNotFound"
        })
        yield* registry.register(
          { participantId: "E2", kind: "inmate", facility: "LPCIP", fullName: "S", nik },
          officer
        )
        expect((yield* registry.status("E")).pipe(Option.map((s) => s.status))).toEqual(Option.some("erased"))
      })
    )

    it.scoped("seals a holder's name afresh each time, which only that person's key opens, for that field", () =>
      Effect.gen(function* () {
        const { registry } = yield* opened()
        yield* registry.register(
          { participantId: "H", kind: "officer", facility: "LPCIP", fullName: "Budi Santoso" },
          officer
        )
        yield* registry.register(
          { participantId: "K", kind: "officer", facility: "LPCIP", fullName: "Kartini" },
          officer
        )
        const [a, b] = [yield* registry.sealHolderName("H"), yield* registry.sealHolderName("H")]
        expect(a).toMatch(/^enc:v1:/)
        expect(a).not.toBe(b)
        expect(yield* registry.openField("H", "fullName", a)).toBe("Budi Santoso")
        expect(yield* registry.openField("H", "fullName", b)).toBe("Budi Santoso")
        expect(failure(yield* Effect.exit(registry.openField("K", "fullName", a)))).toMatchObject({
          _tag: "FieldDecryptionFailed",
          reason: "authentication-failed"
        })
        expect(failure(yield* Effect.exit(registry.openField("H", "nik", a)))).toMatchObject({
          _tag: "FieldDecryptionFailed"
        })
        expect(failure(yield* Effect.exit(registry.sealHolderName("nobody")))).toMatchObject({
          _tag: "ParticipantNotFound"
        })
      })
    )

    it.scoped("rotates the KEK: every key re-wrapped, names still decrypt, nothing remaining", () =>
      Effect.gen(function* () {
        const { registry } = yield* opened()
        for (let i = 0; i < 5; i++) {
          yield* registry.register(
            { participantId: `T-${i}`, kind: "inmate", facility: "LPCIP", fullName: `T ${i}` },
            officer
          )
        }
        const report = yield* registry.rotateKek()
        // One KEK only: nothing to move.
        expect(report).toMatchObject({ rewrapped: 0, remaining: 0 })
        expect(Option.getOrThrow(yield* registry.get("T-3"))).toMatchObject({ fullName: "T 3" })
      })
    )

    describe("across restarts (SQL stores)", () => {
      it.scoped("refuses to open with another blind-index key than the store's, and names both ids", () =>
        Effect.gen(function* () {
          const db = yield* database
          if (!db.persistent) return
          const first = PrivacyKeys.random()
          yield* Effect.scoped(
            Effect.flatMap(registryOf(db, first), (r) =>
              r.register(
                { participantId: "X", kind: "inmate", facility: "LPCIP", fullName: "X", nik: freshNik() },
                officer
              )
            )
          )
          const other = { ...first, blindIndexKey: PrivacyKeys.random().blindIndexKey }
          const refused = failure(yield* Effect.exit(Effect.scoped(registryOf(db, other)))) as {
            _tag: string
            message: string
          }
          expect(refused).toMatchObject({ _tag: "BlindIndexKeyMismatch" })
          expect(refused.message).toContain("a different key would let a duplicate NIK through")
          // The right key opens it.
          const again = yield* registryOf(db, first)
          expect(Option.getOrThrow(yield* again.get("X"))).toMatchObject({ fullName: "X" })
        })
      )

      it.scoped("refuses to open when a KEK that wraps live keys is not configured; opens with it as previous", () =>
        Effect.gen(function* () {
          const db = yield* database
          if (!db.persistent) return
          const first = PrivacyKeys.random()
          yield* Effect.scoped(
            Effect.flatMap(registryOf(db, first), (r) =>
              r.register({ participantId: "Y", kind: "inmate", facility: "LPCIP", fullName: "Yanti" }, officer)
            )
          )
          const newKek = PrivacyKeys.random().kek
          const refused = failure(yield* Effect.exit(Effect.scoped(registryOf(db, { ...first, kek: newKek }))))
          expect(refused).toMatchObject({ _tag: "KeyringIncomplete" })
          expect((refused as PrivacyKeys.KeyringIncomplete).missing).toEqual([
            { kekId: (first.kek as { kek: Kek.KeyEncryptionKey }).kek.id, keys: 1 }
          ])
          const rotating = yield* registryOf(db, { ...first, kek: newKek, previousKeks: [first.kek] })
          expect(Option.getOrThrow(yield* rotating.get("Y"))).toMatchObject({ fullName: "Yanti" })
        })
      )

      it.scoped(
        "without keys: the store opens, personal data is refused with how to configure keys, erasure works",
        () =>
          Effect.gen(function* () {
            const db = yield* database
            if (!db.persistent) return
            const keys = PrivacyKeys.random()
            yield* Effect.scoped(
              Effect.flatMap(registryOf(db, keys), (r) =>
                r.register({ participantId: "Z", kind: "inmate", facility: "LPCIP", fullName: "Zainal" }, officer)
              )
            )
            const bare = yield* registryOf(db)
            const refused = failure(
              yield* Effect.exit(
                bare.register({ participantId: "Q", kind: "inmate", facility: "LPCIP", fullName: "Q" }, officer)
              )
            )
            expect(refused).toMatchObject({ _tag: "PrivacyKeysNotConfigured", operation: "Registering a participant" })
            expect(refused.message).toContain("TRAINING_LEDGER_KEK_FILE")
            expect(refused.message).toContain("TRAINING_LEDGER_BLIND_INDEX_KEY_FILE")
            expect(failure(yield* Effect.exit(bare.get("Z")))).toMatchObject({ _tag: "PrivacyKeysNotConfigured" })
            expect(yield* bare.erase("Z", { lawfulBasis: "UU 27/2022", actor: dpo })).toMatchObject({
              status: "erased"
            })
            expect(Option.getOrThrow(yield* bare.get("Z"))).toMatchObject({ status: "erased" })
          })
      )
    })
  })
