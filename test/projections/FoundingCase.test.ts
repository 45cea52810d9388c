/**
 * The read models of the founding case (Bimtek Wirausaha Baru IKM Batik, Lapas Cipinang, 3 to 7
 * September 2024), recorded through the Ledger as it happened: each command recorded a minute
 * after it happened, a paper register typed in on 9 September. The reports must print the
 * numbers that decided the certificates.
 */
import { DateTime, Effect, ManagedRuntime, Option } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { setupJson } from "../../examples/scenario/attendanceProgram.js"
import { actorFor, castOf } from "../../src/demo/Cast.js"
import { foundingCase } from "../../src/demo/cipinangBatik2024.js"
import type { ParticipantId } from "../../src/domain/Identifiers.js"
import * as Program from "../../src/domain/Program.js"
import * as Engine from "../../src/engine/Engine.js"
import * as ReadModels from "../../src/engine/ReadModels.js"
import * as Ledger from "../../src/ledger/Ledger.js"
import { mask } from "../../src/policy/Masking.js"
import { decode, fromDomain } from "../../src/ledger/Requests.js"
import { EventStore } from "../../src/ports/EventStore.js"
import { ParticipantRegistry } from "../../src/ports/ParticipantRegistry.js"
import type * as AsOf from "../../src/projections/AsOf.js"
import * as RowSet from "../../src/projections/RowSet.js"
import * as Stores from "../../src/stores/Stores.js"

const scenario = foundingCase({ verificationCodeHash: () => "0".repeat(64) })
const programId = scenario.programId
const pid = (n: number) => `cip-batik-2024-p${String(n).padStart(2, "0")}`

// The store's clock: set to a minute after each command happened, then to 9 September.
let now = new Date("2024-08-01T00:00:00Z")
const runtime = ManagedRuntime.make(Stores.layerLedger("memory:", { clock: () => now }))
const run = <A, E>(
  effect: Effect.Effect<A, E, Ledger.Ledger | Engine.ProjectionEngine | ReadModels.ReadModels | Stores.Stores>
) => runtime.runPromise(effect)

// Each command is recorded by the role the access policy names for it (src/demo/Cast.ts).
const context = (tag: string, commandId: string) => ({
  actor: actorFor(tag, "LPCIP"),
  source: "user" as const,
  commandId
})

/** The domain's state right after the certificates were issued: what decided them. */
let atCertificates: Program.State

beforeAll(async () => {
  await run(
    Effect.gen(function* () {
      const ledger = yield* Ledger.Ledger
      const registry = yield* ParticipantRegistry
      for (const p of scenario.participants)
        yield* registry.register(
          {
            participantId: p.participantId,
            kind: p.kind,
            facility: "LPCIP",
            fullName: p.displayName
          },
          castOf("LPCIP").officer
        )
      const before = [...scenario.beforeCertificates, ...scenario.certificates]
      for (const [i, command] of before.entries()) {
        now = new Date(command.occurredAt.epochMillis + 60_000)
        yield* ledger.execute(fromDomain(command), context(command._tag, `founding-${i}`))
      }
      atCertificates = Option.getOrThrow(yield* ledger.getProgram(programId))
      for (const [i, command] of scenario.afterCertificates.entries()) {
        now = new Date(command.occurredAt.epochMillis + 60_000)
        yield* ledger.execute(fromDomain(command), context(command._tag, `after-${i}`))
      }
      yield* (yield* Engine.ProjectionEngine).catchUp()
    })
  )
}, 60_000)

afterAll(() => runtime.dispose())

const readModels = <A, E>(f: (r: ReadModels.ReadModelsService) => Effect.Effect<A, E>) =>
  run(Effect.flatMap(ReadModels.ReadModels, f))

describe("the founding case's read models", () => {
  it("every participant's attendance ratio is the one the certificate rule computed", async () => {
    const rows = await readModels((r) => r.participantAttendance({ programId }))
    expect(rows).toHaveLength(25)
    for (const row of rows) {
      const decided = Program.attendanceOf(atCertificates, row.participant_id as ParticipantId)
      expect({ id: row.participant_id, attended: row.attended, applicable: row.applicable }).toEqual({
        id: row.participant_id,
        attended: decided.attended,
        applicable: decided.applicable
      })
      expect(row.ratio).toBe(Program.attendanceRatio(decided) ?? null)
      expect(row.below_threshold).toBe(!Program.meetsAttendance(0.8, decided))
    }
    // the numbers the scenario gives for those refused for attendance
    for (const s of scenario.shortfalls.filter((x) => x.reason === "AttendanceBelowThreshold")) {
      const [, attended, applicable] = s.explanation.match(/attended (\d+) of (\d+)/)!
      const row = rows.find((r) => r.participant_id === s.participantId)!
      expect([row.attended, row.applicable, row.below_threshold]).toEqual([Number(attended), Number(applicable), true])
    }
  })

  it("the program summary: nine sessions held, 25 enrolled, three certified (one officer, two inmates)", async () => {
    const summary = Option.getOrThrow(await readModels((r) => r.summary(programId)))
    expect(summary).toMatchObject({ status: "closed", sessionsHeld: 9, sessionsScheduled: 9, sessionsCancelled: 0 })
    expect(summary.enrolled).toEqual({ inmate: 20, detainee: 0, officer: 5, total: 25 })
    expect(summary.certified).toEqual({ inmate: 2, detainee: 0, officer: 1, total: 3 })
    expect(summary.endReasons).toEqual({ released: 4, transferred: 1, dismissed: 1 })
    expect(summary.certificates.map((c) => [c.participantId, c.kind, c.status])).toEqual(
      scenario.certified.map((c, k) => [c.participantId, k === 0 ? "officer" : "inmate", "valid"])
    )
    // the rate is the sum of what the rule counted
    const rows = await readModels((r) => r.participantAttendance({ programId }))
    const attended = rows.reduce((n, r) => n + r.attended, 0)
    const applicable = rows.reduce((n, r) => n + r.applicable, 0)
    expect(summary.attendanceRate).toBeCloseTo(attended / applicable, 12)
    const [row] = await readModels((r) => r.programSummaries({ programId }))
    expect(row).toMatchObject({ series_id: "bimtek-ikm-batik", documents: 1, evaluations: 1, recommendation: "revise" })
  })

  it("the roster, the register, the results and the transcript say what happened to each participant", async () => {
    const roster = await readModels((r) => r.roster({ programId }))
    const byId = new Map(roster.map((r) => [r.participant_id, r]))
    expect(byId.get(pid(8))).toMatchObject({ status: "ended", end_reason: "released", end_date: "2024-09-04" })
    expect(byId.get(pid(7))).toMatchObject({ status: "active", start_date: "2024-09-04" })
    expect(byId.get(pid(24))).toMatchObject({ status: "active", suspensions: 1, suspended_from: null })

    const register = await readModels((r) => r.attendanceRegister({ programId, participantId: pid(16) }))
    expect(register.filter((r) => r.outcome === "unexcused-absence").map((r) => r.reason_code)).toEqual(
      Array(5).fill("refused")
    )
    const results = await readModels((r) => r.assessmentResults({ programId, participantId: pid(19) }))
    expect(results.find((r) => r.assessment_id === "batik-piece")).toMatchObject({
      final_score: 55,
      passed: false,
      attempts: 1
    })
    const transcript = await readModels((r) => r.transcript(pid(7)))
    expect(transcript).toHaveLength(1)
    expect(transcript[0]).toMatchObject({
      program_id: programId,
      outcome: "certified",
      certified: true,
      attended: 7,
      applicable: 7,
      passed_all: true
    })
    expect((await readModels((r) => r.transcript(pid(9))))[0]).toMatchObject({ outcome: "released", certified: false })
  })

  it("the certificate register shows holders' names as the reader's role may see them; the timeline has every event", async () => {
    const names = scenario.certified.map(
      (c) => scenario.participants.find((p) => p.participantId === c.participantId)!.displayName
    )
    const masked = await readModels((r) => r.certificates({ programId }))
    expect(masked.map((c) => c.holder_name)).toEqual(names.map(mask))
    expect(masked[0]!.holder_name).toBe("P****** C***** S*** (f*****)")
    // the head of the facility sees the names in clear; the ministry sees the register masked
    const head = castOf("LPCIP").head
    const shown = await readModels((r) => r.certificates({ programId }, { reader: head }))
    expect(shown.map((c) => c.holder_name)).toEqual(names)
    const ministry = { id: "kemenperin-01", role: "ministry", facility: "IKMA" }
    const forMinistry = await readModels((r) => r.certificates({ programId }, { reader: ministry }))
    expect(forMinistry.map((c) => c.holder_name)).toEqual(names.map(mask))
    // an analyst reads aggregates only; a head of another facility reads nothing here
    for (const reader of [
      { id: "analyst-01", role: "analyst", facility: "DJPAS" },
      { ...head, facility: "LPSLM" }
    ]) {
      const refused = await runtime.runPromiseExit(
        Effect.flatMap(ReadModels.ReadModels, (r) => r.certificates({ programId }, { reader }))
      )
      expect(refused._tag === "Failure" && JSON.stringify(refused.cause)).toContain("NotAuthorised")
    }
    const timeline = await readModels((r) => r.timeline({}))
    const logHead = await run(Effect.flatMap(EventStore, (s) => s.head()))
    expect(timeline.map((t) => t.position)).toEqual(Array.from({ length: logHead.position }, (_, i) => i + 1))
    expect(timeline.find((t) => t.event_type === "EnrollmentEnded")).toMatchObject({ reason_code: "released" })
  })
})

describe("evaluation material (bahan evaluasi)", () => {
  it("lists the documentation and evaluations, and compares with the previous iteration of the series", async () => {
    const founding = Option.getOrThrow(await readModels((r) => r.evaluation(programId)))
    expect(founding.documents.map((d) => d.kind)).toEqual(["attendance-sheet"])
    expect(founding.evaluations.map((e) => e.recommendation)).toEqual(["revise"])
    expect(founding.previous).toBeUndefined()
    expect(founding.endReasons).toEqual([
      { reason: "dismissed", count: 1 },
      { reason: "released", count: 4 },
      { reason: "transferred", count: 1 }
    ])
    // the 2025 iteration of the same series (a smaller cohort)
    const next = "cip-batik-2025"
    await run(
      Effect.gen(function* () {
        const ledger = yield* Ledger.Ledger
        const commands = setupJson(next, 4, 2).map((c, i) => {
          const moved = JSON.parse(JSON.stringify(c).replaceAll("2024-", "2025-"))
          return i === 0 ? { ...moved, seriesId: "bimtek-ikm-batik" } : moved
        })
        for (const [i, c] of commands.entries()) yield* ledger.execute(yield* decode(c), context(c._tag, `2025-${i}`))
        yield* (yield* Engine.ProjectionEngine).catchUp()
      })
    )
    const report = Option.getOrThrow(await readModels((r) => r.evaluation(next)))
    expect(report.previous?.program_id).toBe(programId)
    expect(report.comparison.find((c) => c.measure === "enrolled_total")).toEqual({
      measure: "enrolled_total",
      current: 4,
      previous: 25,
      change: -21
    })
    expect(report.comparison.find((c) => c.measure === "certified_total")).toMatchObject({ current: 0, previous: 3 })
  })
})

describe("as of", () => {
  const replay = (asOf: AsOf.AsOf) => run(Effect.flatMap(Engine.ProjectionEngine, (e) => e.replay(asOf, { programId })))
  const roster = async (asOf: AsOf.AsOf) =>
    new Map(
      RowSet.rowsOf(await replay(asOf), "program_roster").map((r) => [r.participant_id as string, r.status as string])
    )

  it("the roster as of 5 September differs from the one of 7 September by p11 (released on the 6th) and p24 (back from court on the 6th)", async () => {
    const fifth = await roster({ _tag: "BusinessDate", date: "2024-09-05" as never })
    const seventh = await roster({ _tag: "BusinessDate", date: "2024-09-07" as never })
    expect(fifth.size).toBe(25)
    expect(seventh.size).toBe(25)
    const changed = [...fifth.keys()].filter((id) => fifth.get(id) !== seventh.get(id)).sort()
    expect(changed).toEqual([pid(11), pid(24)])
    expect([fifth.get(pid(11)), seventh.get(pid(11))]).toEqual(["active", "ended"])
    expect([fifth.get(pid(24)), seventh.get(pid(24))]).toEqual(["auto-suspended", "active"])
    // ended by the evening of the 5th: p08 and p13 on the 4th, p09, p10 and p12 on the 5th
    expect(
      [...fifth]
        .filter(([, s]) => s === "ended")
        .map(([id]) => id)
        .sort()
    ).toEqual([pid(8), pid(9), pid(10), pid(12), pid(13)].sort())
    // the stored table is as of now and was not touched
    const stored = await readModels((r) => r.roster({ programId }))
    expect(stored.find((r) => r.participant_id === pid(24))?.status).toBe("active")
  })

  it("a correction typed in on 9 September about 5 September counts as of 5 September by business date, not as recorded on 6 September", async () => {
    // the paper register shows p02 present at the morning session of the 5th (marked absent then)
    now = new Date("2024-09-09T02:00:00Z")
    await run(
      Effect.flatMap(Ledger.Ledger, (l) =>
        l.execute(
          fromDomain(
            new Program.CorrectAttendance({
              programId,
              occurredAt: DateTime.unsafeMake("2024-09-05T05:00:00Z"),
              sessionId: `${programId}-s5` as Program.CorrectAttendance["sessionId"],
              participantId: pid(2) as ParticipantId,
              outcome: "present",
              correctionReason: "the paper register (daftar hadir) of the 5th shows a signature"
            })
          ),
          context("CorrectAttendance", "typed-in-on-the-9th")
        )
      )
    )
    const mark = async (asOf: AsOf.AsOf) =>
      RowSet.rowsOf(await replay(asOf), "attendance_register").find(
        (r) => r.session_id === `${programId}-s5` && r.participant_id === pid(2)
      )
    // by business date: what happened by the end of the 5th, as known now
    expect(await mark({ _tag: "BusinessDate", date: "2024-09-05" as never })).toMatchObject({
      outcome: "present",
      corrections: 1,
      previous_outcome: "unexcused-absence"
    })
    // as recorded: what the ledger knew at the end of the 6th (23:59 WIB)
    expect(await mark({ _tag: "RecordedBy", at: new Date("2024-09-06T16:59:59Z") })).toMatchObject({
      outcome: "unexcused-absence",
      corrections: 0
    })
    expect(await mark({ _tag: "RecordedBy", at: new Date("2024-09-09T03:00:00Z") })).toMatchObject({
      outcome: "present"
    })
    expect(await mark({ _tag: "BusinessDate", date: "2024-09-04" as never })).toBeUndefined()
    // the attendance summary follows the same two clocks
    const attendance = async (asOf: AsOf.AsOf) =>
      RowSet.rowsOf(await replay(asOf), "participant_attendance").find((r) => r.participant_id === pid(2))
    expect(await attendance({ _tag: "RecordedBy", at: new Date("2024-09-08T00:00:00Z") })).toMatchObject({
      attended: 5,
      applicable: 9
    })
    expect(await attendance({ _tag: "RecordedBy", at: new Date("2024-09-10T00:00:00Z") })).toMatchObject({
      attended: 6,
      applicable: 9
    })
    // the stored tables follow the log once the async read models catch up
    await run(Effect.flatMap(Engine.ProjectionEngine, (e) => e.catchUp()))
    const [stored] = await readModels((r) =>
      r.attendanceRegister({ programId, participantId: pid(2), sessionId: `${programId}-s5` })
    )
    expect(stored).toMatchObject({ outcome: "present", corrections: 1, corrected_by: "ybi-trainer-01" })
  })
})
