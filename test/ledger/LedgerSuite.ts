/**
 * The Ledger's behaviour, run once per store (memory, a SQLite file, PostgreSQL) through the
 * Effect API. Each test uses its own program id, so tests share one store per block.
 */
import { Effect, Either, ManagedRuntime, Option, Stream } from "effect"
import { LogAudit } from "../../src/ports/LogAudit.js"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { EventStore } from "../../src/ports/EventStore.js"
import * as Stores from "../../src/stores/Stores.js"
import * as Ledger from "../../src/ledger/Ledger.js"
import * as VerificationCodes from "../../src/ledger/VerificationCodes.js"
import { foundingCase } from "../../src/demo/cipinangBatik2024.js"
import type { CertificateId } from "../../src/domain/Identifiers.js"
import * as Program from "../../src/domain/Program.js"
import * as Requests from "../../src/ledger/Requests.js"
import * as ProgramSummary from "../../src/projections/ProgramSummary.js"
import { fold } from "../../src/projections/Projection.js"
import { mark, participantId, setup } from "../../examples/scenario/attendanceProgram.js"
import { actorFor, castOf } from "../../src/demo/Cast.js"
import { ParticipantRegistry } from "../../src/ports/ParticipantRegistry.js"
import * as PrivacyKeys from "../../src/privacy/PrivacyKeys.js"
import { certify, uniquePerson } from "../privacy/scenario.js"

export interface StoreUnderTest {
  readonly url: string
  readonly cleanup: () => Promise<void>
}

/** The context of a command, recorded by the role the access policy gives it (`scenario/cast.ts`). */
const context = (command: { readonly _tag: string }, commandId: string, id?: string) => {
  const actor = actorFor(command._tag)
  return { actor: id === undefined ? actor : { ...actor, id }, source: "user" as const, commandId }
}

const raceParticipants = 24
const raceSessions = 3

let counter = 0
const uniqueProgram = (label: string) => `${label}-${process.pid}-${++counter}-${Date.now().toString(36)}`
const commandId = () => crypto.randomUUID()

export const suite = (name: string, open: () => Promise<StoreUnderTest>) =>
  describe(name, () => {
    let store: StoreUnderTest
    let runtime: ManagedRuntime.ManagedRuntime<
      Ledger.Ledger | Stores.Stores | VerificationCodes.VerificationCodes,
      unknown
    >

    beforeAll(async () => {
      store = await open()
      runtime = ManagedRuntime.make(Stores.layerLedger(store.url, { privacy: PrivacyKeys.random() }))
      await runtime.runPromise(Effect.void)
    })
    afterAll(async () => {
      await runtime?.dispose()
      await store?.cleanup()
    })

    const run = <A, E>(
      effect: Effect.Effect<A, E, Ledger.Ledger | Stores.Stores | VerificationCodes.VerificationCodes>
    ) => runtime.runPromise(effect)

    const executeAll = (commands: ReadonlyArray<Parameters<Ledger.LedgerService["execute"]>[0]>) =>
      Effect.flatMap(Ledger.Ledger, (ledger) =>
        Effect.forEach(commands, (command) => ledger.execute(command, context(command, commandId())))
      )

    it("executes a command sequence and answers with the stream's versions and positions", async () => {
      const programId = uniqueProgram("basic")
      const results = await run(executeAll(setup(programId, 3, 2)))
      expect(results.map((r) => r.version)).toEqual(results.map((_, i) => i + 1))
      expect(results.every((r) => !r.alreadyExecuted)).toBe(true)
      const state = await run(Effect.flatMap(Ledger.Ledger, (l) => l.getProgram(programId)))
      expect(Option.isSome(state)).toBe(true)
    })

    it("returns a rejection as the domain's tagged error and appends nothing", async () => {
      const programId = uniqueProgram("reject")
      await run(executeAll(setup(programId, 2, 1)))
      const before = await run(Effect.flatMap(Ledger.Ledger, (l) => l.history(programId)))
      const outcome = await run(
        Effect.flatMap(Ledger.Ledger, (l) =>
          Effect.either(
            // Participant 99 is not enrolled.
            l.execute({ ...mark(programId, 0, 98) }, context(mark(programId, 0, 98), commandId()))
          )
        )
      )
      expect(Either.isLeft(outcome)).toBe(true)
      if (Either.isLeft(outcome)) {
        expect(outcome.left._tag).toMatch(/NotEnrolled|Enrol/)
        expect(outcome.left.message).toContain(participantId(98))
      }
      const after = await run(Effect.flatMap(Ledger.Ledger, (l) => l.history(programId)))
      expect(after.length).toBe(before.length)
    })

    it("executes the same command id once: the repeat appends nothing and answers the same", async () => {
      const programId = uniqueProgram("idem")
      await run(executeAll(setup(programId, 2, 1)))
      const id = commandId()
      const first = await run(
        Effect.flatMap(Ledger.Ledger, (l) => l.execute(mark(programId, 0, 0), context(mark(programId, 0, 0), id)))
      )
      const second = await run(
        Effect.flatMap(Ledger.Ledger, (l) => l.execute(mark(programId, 0, 0), context(mark(programId, 0, 0), id)))
      )
      expect(first.alreadyExecuted).toBe(false)
      expect(second.alreadyExecuted).toBe(true)
      expect(second.positions).toEqual(first.positions)
      expect(second.version).toBe(first.version)
      expect(second.events.map((e) => e._tag)).toEqual(first.events.map((e) => e._tag))

      // A second Ledger (another process, without this one's cache) recognises it too.
      const other = await run(
        Effect.flatMap(Ledger.make(), (l) => l.execute(mark(programId, 0, 0), context(mark(programId, 0, 0), id)))
      )
      expect(other.alreadyExecuted).toBe(true)
      expect(other.positions).toEqual(first.positions)
      const history = await run(Effect.flatMap(Ledger.Ledger, (l) => l.history(programId)))
      expect(history.filter((e) => e.metadata.commandId === id)).toHaveLength(1)
    })

    it("refuses a command id reused for a different command, and appends nothing", async () => {
      const programId = uniqueProgram("reuse")
      await run(executeAll(setup(programId, 2, 1)))
      const id = commandId()
      await run(
        Effect.flatMap(Ledger.Ledger, (l) => l.execute(mark(programId, 0, 0), context(mark(programId, 0, 0), id)))
      )
      const reuse = await run(
        Effect.flatMap(Ledger.Ledger, (l) =>
          Effect.either(l.execute(mark(programId, 0, 1), context(mark(programId, 0, 0), id)))
        )
      )
      expect(Either.isLeft(reuse) && reuse.left._tag).toBe("CommandIdReused")
      // From a fresh executor, which learns the first command from the stream.
      const fresh = await run(
        Effect.flatMap(Ledger.make(), (l) =>
          Effect.either(l.execute(mark(programId, 0, 1), context(mark(programId, 0, 0), id)))
        )
      )
      expect(Either.isLeft(fresh) && fresh.left._tag).toBe("CommandIdReused")
      const history = await run(Effect.flatMap(Ledger.Ledger, (l) => l.history(programId)))
      expect(history.filter((e) => e.metadata.commandId === id)).toHaveLength(1)
    })

    const marksByEightExecutors = (programId: string, ledgers: ReadonlyArray<Ledger.LedgerService>) =>
      Effect.forEach(
        Array.from({ length: 8 }, (_, k) => k),
        (k) =>
          Effect.forEach(
            Array.from({ length: raceParticipants / 8 }, (_, i) => i * 8 + k),
            (p) =>
              Effect.forEach(
                Array.from({ length: raceSessions }, (_, s) => s),
                (s) =>
                  ledgers[k % ledgers.length]!.execute(
                    mark(programId, s, p),
                    context(mark(programId, s, p), commandId(), `trainer-${k}`)
                  )
              ),
            { concurrency: 1 }
          ),
        { concurrency: "unbounded" }
      )

    const expectEveryMarkOnce = async (programId: string, acknowledged: number) => {
      expect(acknowledged).toBe(raceParticipants * raceSessions)
      const history = await run(Effect.flatMap(Ledger.Ledger, (l) => l.history(programId)))
      const marks = history.flatMap((e) => (e.event._tag === "AttendanceRecorded" ? [e.event] : []))
      expect(marks).toHaveLength(raceParticipants * raceSessions)
      expect(new Set(marks.map((m) => `${m.sessionId}/${m.participantId}`)).size).toBe(marks.length)
      expect(history.map((e) => e.version)).toEqual(history.map((_, i) => i + 1))
      const report = await run(Effect.flatMap(LogAudit, (audit) => audit.verify()))
      expect(report._tag).toBe("Intact")
    }

    it("8 concurrent executors in separate Ledgers (as in 8 processes) lose no mark and raise no error", async () => {
      const programId = uniqueProgram("race")
      await run(executeAll(setup(programId, raceParticipants, raceSessions)))
      // Eight Ledger instances share only the store, each with its own cache and no shared lock:
      // every clash goes through the store's version check and the retry, with default settings.
      const outcome = await run(
        Effect.flatMap(Effect.all(Array.from({ length: 8 }, () => Ledger.make())), (ledgers) =>
          marksByEightExecutors(programId, ledgers)
        )
      )
      await expectEveryMarkOnce(programId, outcome.flat(2).length)
    })

    it("two Ledgers taking turns on one program (as two processes) meet a stale cache once each, then read the tail first", async () => {
      const programId = uniqueProgram("turns")
      await run(executeAll(setup(programId, raceParticipants, raceSessions)))
      // Each Ledger's store counts the appends it was refused for the stream's version.
      const conflicts = [0, 0]
      const counting = (i: number) =>
        Effect.map(EventStore, (store) => ({
          ...store,
          appendMany: (requests: Parameters<typeof store.appendMany>[0]) =>
            store.appendMany(requests).pipe(
              Effect.tapError((e) =>
                Effect.sync(() => {
                  if (e._tag === "StreamVersionConflict") conflicts[i]!++
                })
              )
            )
        }))
      const ledgers = await run(
        Effect.all(
          [0, 1].map((i) => Effect.flatMap(counting(i), (s) => Effect.provideService(Ledger.make(), EventStore, s)))
        )
      )
      const marks = Array.from({ length: raceParticipants * raceSessions }, (_, k) =>
        mark(programId, k % raceSessions, Math.floor(k / raceSessions))
      )
      // in turns: every command but the first two finds its Ledger's cached state one event behind
      for (const [k, command] of marks.entries())
        await run(ledgers[k % 2]!.execute(command, context(command, commandId(), `trainer-${k % 2}`)))
      // without the tail read, 70 of the 72 commands would meet a conflict
      expect(conflicts.every((n) => n <= 1)).toBe(true)
      await expectEveryMarkOnce(programId, marks.length)
    })

    it("8 concurrent executors on one Ledger lose no mark and raise no error", async () => {
      const programId = uniqueProgram("race-shared")
      await run(executeAll(setup(programId, raceParticipants, raceSessions)))
      const outcome = await run(Effect.flatMap(Ledger.Ledger, (ledger) => marksByEightExecutors(programId, [ledger])))
      await expectEveryMarkOnce(programId, outcome.flat(2).length)
    })

    it("records the founding case: three certified (one officer, two inmates), the others refused for their reason", async () => {
      const programId = uniqueProgram("cipinang")
      const scenario = foundingCase({ programId, verificationCodeHash: () => "0".repeat(64) })
      // A certificate records its holder's name: the holders are in the registry.
      await run(
        Effect.flatMap(ParticipantRegistry, (registry) =>
          Effect.forEach(scenario.participants, (p) =>
            registry
              .register(
                { participantId: p.participantId, kind: p.kind, facility: "LPCIP", fullName: p.displayName },
                castOf("LPCIP").officer
              )
              .pipe(Effect.catchTag("ParticipantAlreadyRegistered", () => Effect.void))
          )
        )
      )
      const results = await run(executeAll(scenario.commands.map(Requests.fromDomain)))
      const certificates = results.flatMap((r) => (r.certificate === undefined ? [] : [r.certificate]))
      expect(certificates).toHaveLength(3)
      const sequences = certificates.map((c) => Number(c.number.slice(0, 3)))
      expect(sequences).toEqual([sequences[0], sequences[0]! + 1, sequences[0]! + 2])
      for (const c of certificates) {
        expect(c.number).toMatch(/^\d{3}\/SERT-BLK\/LPCIP\/IX\/2024$/)
        expect(c.verificationCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
      }

      const history = await run(Effect.flatMap(Ledger.Ledger, (l) => l.history(programId)))
      const summary = ProgramSummary.view(fold(ProgramSummary.projection, history).get(programId)!)
      expect(summary.certified).toEqual({ officer: 1, inmate: 2, detainee: 0, total: 3 })
      expect(summary.enrolled.total).toBe(25)

      // Every participant who fell short is refused by the Ledger with the reason the scenario states.
      const template = scenario.certificates[0]!
      for (const shortfall of scenario.shortfalls) {
        const refused = await run(
          Effect.flatMap(Ledger.Ledger, (l) =>
            Effect.flip(
              l.execute(
                Requests.fromDomain(
                  new Program.IssueCertificate({
                    ...template,
                    certificateId: `try-${shortfall.participantId}` as CertificateId,
                    participantId: shortfall.participantId
                  })
                ),
                context({ _tag: "IssueCertificate" }, commandId())
              )
            )
          )
        )
        expect(refused._tag).toBe(shortfall.reason)
      }
      const after = await run(Effect.flatMap(Ledger.Ledger, (l) => l.history(programId)))
      expect(after).toHaveLength(history.length)
      expect((await run(Effect.flatMap(LogAudit, (audit) => audit.verify())))._tag).toBe("Intact")
    })

    it("decides on the current state with a cache of one program, two programs interleaved", async () => {
      const [a, b] = [uniqueProgram("cache-a"), uniqueProgram("cache-b")]
      const results = await run(
        Effect.gen(function* () {
          const small = yield* Ledger.make({ cacheSize: 1 })
          const setupA = setup(a, 2, 1)
          const setupB = setup(b, 2, 1)
          for (let i = 0; i < setupA.length; i++) {
            yield* small.execute(setupA[i]!, context(setupA[i]!, commandId()))
            yield* small.execute(setupB[i]!, context(setupB[i]!, commandId()))
          }
          // The shared Ledger writes to A behind the small one's back.
          yield* Effect.flatMap(Ledger.Ledger, (l) => l.execute(mark(a, 0, 0), context(mark(a, 0, 0), commandId())))
          return yield* Effect.all([
            Effect.either(small.execute(mark(a, 0, 0), context(mark(a, 0, 0), commandId()))),
            small.execute(mark(a, 0, 1), context(mark(a, 0, 1), commandId())),
            small.execute(mark(b, 0, 0), context(mark(b, 0, 0), commandId()))
          ])
        })
      )
      expect(Either.isLeft(results[0]) && results[0].left._tag).toBe("AttendanceAlreadyRecorded")
      expect(results[1].version).toBe(setup(a, 2, 1).length + 2)
      expect(results[2].version).toBe(setup(b, 2, 1).length + 1)
    })

    it("records a certificate's holder name encrypted; after the holder's erasure it reads [erased], the chain verifies, a reissue is refused", async () => {
      const programId = uniqueProgram("shred")
      const cast = castOf("LPCIP")
      const { certificateId, holderName } = await run(certify(programId, uniquePerson(participantId(1))))
      const registry = await run(ParticipantRegistry)
      const person = Option.getOrThrow(await run(registry.get(participantId(1))))
      expect(holderName).toMatch(/^enc:v1:/)
      expect(await run(registry.openField(participantId(1), "fullName", holderName))).toBe(
        person.status === "registered" ? person.fullName : "?"
      )
      await run(registry.erase(participantId(1), { lawfulBasis: "UU 27/2022 ps. 8", actor: cast.dataProtection }))
      expect(String(await run(registry.openField(participantId(1), "fullName", holderName)))).toBe("[erased]")
      expect((await run(Effect.flatMap(LogAudit, (audit) => audit.verify())))._tag).toBe("Intact")
      const reissue = await run(
        Requests.decode({
          _tag: "ReissueCertificate",
          programId,
          occurredAt: "2024-09-04T03:00:00Z",
          supersedes: certificateId,
          newCertificateId: `${certificateId}-2`,
          reason: "lost",
          issuedAt: "2024-09-04T03:00:00Z",
          issuer: "LPCIP"
        })
      )
      const refused = await run(
        Effect.flatMap(Ledger.Ledger, (l) => Effect.flip(l.execute(reissue, context(reissue, commandId()))))
      )
      expect(refused).toMatchObject({ _tag: "ParticipantErased", participantId: participantId(1) })
      // Revoking needs no name: the record can still be corrected.
      const revoke = await run(
        Requests.decode({
          _tag: "RevokeCertificate",
          programId,
          occurredAt: "2024-09-04T03:00:00Z",
          certificateId,
          reasonCode: "holder-request"
        })
      )
      const revoked = await run(Effect.flatMap(Ledger.Ledger, (l) => l.execute(revoke, context(revoke, commandId()))))
      expect(revoked.events[0]?._tag).toBe("CertificateRevoked")
    })

    it("reads a program's history with who recorded each event and when", async () => {
      const programId = uniqueProgram("history")
      await run(executeAll(setup(programId, 1, 1)))
      const history = await run(Effect.flatMap(Ledger.Ledger, (l) => l.history(programId)))
      expect(history[0]!.event._tag).toBe("ProgramDrafted")
      expect(history[0]!.metadata.actor).toEqual({ id: "officer-blk-01", role: "program-officer", facility: "LPCIP" })
      expect(history[0]!.occurredAt.toISOString()).toBe("2024-08-20T02:00:00.000Z")
      const stored = await run(
        Effect.flatMap(EventStore, (s) => Stream.runCollect(s.readStream(`program-${programId}`)))
      )
      expect(stored.length).toBe(history.length)
    })
  })
