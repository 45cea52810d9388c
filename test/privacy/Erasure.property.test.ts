/**
 * Crypto-shredding as a law, over generated programs (the domain's own generators: collisions,
 * rejections, certificates, reissues) with erasures at random points: whatever happened,
 *
 * 1. every output still works: the history, its replay (equal to the Ledger's state), the program
 *    summary read model, `getProgram` as JSON, the registry, and the hash chain verifies;
 * 2. no output holds a personal value in plain text: not the history (certificate names are
 *    ciphertexts), not the summary, not the program's state; and an erased person's values appear
 *    nowhere, not even through the registry, whose answer for them is the erasure record;
 * 3. every certificate's name decrypts to its holder's registered name while the holder is
 *    registered, and to `[erased]` once erased; no certificate is issued to an erased holder.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, FastCheck as fc, Option } from "effect"
import { randomBytes } from "node:crypto"
import { actorFor, castOf } from "../../src/demo/Cast.js"
import * as Decider from "../../src/domain/Decider.js"
import * as Program from "../../src/domain/Program.js"
import { toJsonShape } from "../../src/ledger/JsonShape.js"
import * as Ledger from "../../src/ledger/Ledger.js"
import { Participants } from "../../src/ledger/Participants.js"
import * as Requests from "../../src/ledger/Requests.js"
import { LogAudit } from "../../src/ports/LogAudit.js"
import { ParticipantRegistry } from "../../src/ports/ParticipantRegistry.js"
import * as ProgramSummary from "../../src/projections/ProgramSummary.js"
import { fold } from "../../src/projections/Projection.js"
import { isErased } from "../../src/privacy/Erased.js"
import * as Stores from "../../src/stores/Stores.js"
import { ordinary, otherProgramId, programId } from "../domain/arbitraries.js"

const cast = castOf("LPCIP")

/** Personal values unique to one run, for each participant of the pool. */
const peopleOf = () =>
  ordinary.participants.map((participantId) => {
    const tag = randomBytes(5).toString("hex")
    const kind = ordinary.kindOf.get(participantId)!
    const digits = (n: number) => Array.from(randomBytes(n), (b) => String(b % 10)).join("")
    return {
      participantId,
      kind,
      facility: "LPCIP",
      fullName: `Nama Peserta ${tag}`,
      ...(kind === "officer" ? { nip: `1980${digits(14)}` } : { nik: `3171${digits(12)}`, inmateNumber: `B.I-${tag}` })
    }
  })

type Person = ReturnType<typeof peopleOf>[number]
const valuesOf = (p: Person): ReadonlyArray<string> =>
  [
    p.fullName,
    (p as { nik?: string }).nik,
    (p as { nip?: string }).nip,
    (p as { inmateNumber?: string }).inmateNumber
  ].filter((v): v is string => v !== undefined)

// Where in the sequence (percent) whom to erase; half of them after everything was recorded.
const erasuresArb = fc.array(
  fc.record({
    at: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constant(100)),
    who: fc.constantFrom(...ordinary.participants)
  }),
  { maxLength: 2 }
)

/** How often the interesting cases came up, printed at the end (a law never exercised proves nothing). */
const stats = { runs: 0, erasures: 0, opened: 0, shredded: 0, refusedErased: 0 }

const run = (commands: ReadonlyArray<Program.Command>, erasures: ReadonlyArray<{ at: number; who: string }>) =>
  Effect.gen(function* () {
    const ledger = yield* Ledger.Ledger
    const participants = yield* Participants
    const registry = yield* ParticipantRegistry
    const people = peopleOf()
    for (const person of people) yield* participants.register(person, cast.officer)

    const erased = new Set<string>()
    const eraseAt = new Map<number, Array<string>>()
    for (const e of erasures) {
      const index = Math.floor((e.at / 100) * commands.length)
      eraseAt.set(index, [...(eraseAt.get(index) ?? []), e.who])
    }
    for (let i = 0; i <= commands.length; i++) {
      for (const who of eraseAt.get(i) ?? []) {
        yield* participants.erase(who, { lawfulBasis: "UU 27/2022 ps. 8" }, cast.dataProtection)
        erased.add(who)
        stats.erasures++
      }
      const command = commands[i]
      if (command === undefined) continue
      const outcome = yield* Effect.either(
        ledger.execute(Requests.fromDomain(command), {
          actor: actorFor(command._tag),
          source: "user",
          commandId: `cmd-${i}`
        })
      )
      if (outcome._tag === "Left") {
        // Refusals are the domain's, or the holder's erasure; never the policy's (each command
        // comes from the role that may), never a failure of the stores.
        expect(outcome.left._tag).not.toMatch(/NotAuthorised|RegistryError|KeyUnwrapFailed|FieldDecryptionFailed/)
        if (outcome.left._tag === "ParticipantErased") stats.refusedErased++
      } else {
        for (const event of outcome.right.events) {
          if (Requests.isCertificateEvent(event))
            expect(erased.has(event.participantId), "issued to an erased holder").toBe(false)
        }
      }
    }

    // And, every other run, the first certificate holder at the end: a certificate whose name is shredded.
    const holder = yield* Effect.map(Effect.option(ledger.history(programId)), (history) =>
      Option.flatMap(history, (events) =>
        Option.fromNullable(events.map((e) => e.event).find(Requests.isCertificateEvent)?.participantId)
      )
    )
    if (stats.runs % 2 === 0 && Option.isSome(holder) && !erased.has(holder.value)) {
      yield* participants.erase(holder.value, { lawfulBasis: "UU 27/2022 ps. 8" }, cast.dataProtection)
      erased.add(holder.value)
      stats.erasures++
    }

    const outputs: Array<string> = []
    for (const id of [programId, otherProgramId]) {
      const history = yield* Effect.option(ledger.history(id))
      const state = yield* ledger.getProgram(id)
      if (Option.isNone(history)) {
        expect(Option.isNone(state)).toBe(true)
        continue
      }
      // Replay of the recorded events gives the Ledger's state.
      const replayed = Decider.replay(
        Program.decider,
        history.value.map((e) => e.event)
      )
      expect(toJsonShape(replayed)).toEqual(toJsonShape(Option.getOrThrow(state)))
      const summary = fold(ProgramSummary.projection, history.value).get(id)
      outputs.push(JSON.stringify(history.value), JSON.stringify(toJsonShape(Option.getOrThrow(state))))
      if (summary !== undefined) outputs.push(JSON.stringify(ProgramSummary.view(summary)))

      for (const { event } of history.value) {
        if (!Requests.isCertificateEvent(event) || event.holderName === Program.NotRecorded) continue
        const name = yield* registry.openField(event.participantId, "fullName", event.holderName)
        if (erased.has(event.participantId)) {
          stats.shredded++
          expect(isErased(name)).toBe(true)
        } else {
          stats.opened++
          expect(name).toBe(people.find((p) => p.participantId === event.participantId)!.fullName)
        }
      }
    }
    // The log never holds a personal value in plain text, erased or not.
    const everything = outputs.join("\n")
    for (const person of people) for (const value of valuesOf(person)) expect(everything).not.toContain(value)

    for (const person of people) {
      const seen = JSON.stringify(Option.getOrThrow(yield* participants.get(person.participantId, cast.dataProtection)))
      for (const value of valuesOf(person)) expect(seen.includes(value)).toBe(!erased.has(person.participantId))
    }
    expect((yield* (yield* LogAudit).verify())._tag).toBe("Intact")
    stats.runs++
  }).pipe(Effect.provide(Stores.layerLedger("memory:")))

describe("erasure over generated programs", () => {
  it.effect("replay, the read models, getProgram and the registry work, and show no erased value", () =>
    Effect.promise(() =>
      fc
        .assert(
          fc.asyncProperty(ordinary.commandSequenceArb, erasuresArb, (commands, erasures) =>
            Effect.runPromise(run(commands, erasures))
          ),
          { numRuns: 60 }
        )
        .then(() => {
          console.log(
            `erasure law: ${stats.runs} runs, ${stats.erasures} erasures, ${stats.opened} certificate names opened, ` +
              `${stats.shredded} shredded, ${stats.refusedErased} certificates refused to erased holders`
          )
          expect(stats.shredded).toBeGreaterThan(0)
          expect(stats.opened).toBeGreaterThan(0)
        })
    )
  )
})
