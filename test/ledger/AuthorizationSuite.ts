/**
 * The access policy as the Ledger applies it, on every store: every command the policy knows
 * (the 33 Program commands and the registry's two) × every role, executed through the Ledger (or
 * the participants service), both ways. The cells come from the policy; what each must answer
 * comes from the facility's own table (`test/policy/expectations.ts`), written independently.
 *
 * - refused: `NotAuthorised { role, command }`, and the log is exactly as before (refusals are
 *   recorded nowhere);
 * - allowed: anything but `NotAuthorised` (the command ran, or the domain refused it for what it
 *   is: a state the sample does not suit);
 * - a facility-scoped role allowed a command is refused it on another facility's program.
 */
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Either, Layer, Option, type Scope } from "effect"
import { setupJson } from "../../examples/scenario/attendanceProgram.js"
import { actorFor, castOf } from "../../src/demo/Cast.js"
import * as Ledger from "../../src/ledger/Ledger.js"
import * as Participants from "../../src/ledger/Participants.js"
import * as Requests from "../../src/ledger/Requests.js"
import * as VerificationCodes from "../../src/ledger/VerificationCodes.js"
import { EventStore } from "../../src/ports/EventStore.js"
import { ParticipantRegistry } from "../../src/ports/ParticipantRegistry.js"
import * as Policy from "../../src/policy/Policy.js"
import * as PrivacyKeys from "../../src/privacy/PrivacyKeys.js"
import type { Database } from "../support/databases.js"
import { expectedCommands, expectedRoles } from "../policy/expectations.js"

const at = "2024-09-02T05:00:00.000Z"

/**
 * One valid instance of every Program command, in an order that follows the program's life, so
 * that most allowed cells are recorded for real: the running program `programId` (three enrolled,
 * two sessions, three open applications) and a fresh draft `draftId`.
 */
const samples = (programId: string, draftId: string): ReadonlyArray<Record<string, unknown>> => {
  const p = { programId, occurredAt: at }
  const d = { programId: draftId, occurredAt: at }
  const score = (value: number) => ({ _tag: "Score", value })
  return [
    { ...setupJson(draftId, 1, 1)[0]!, _tag: "DraftProgram" },
    {
      _tag: "AttachAuthorisation",
      ...d,
      letterNumber: "B-1/2024",
      letterDate: "2024-07-01",
      issuer: "Ditjen",
      subject: "S"
    },
    { _tag: "AddPartner", ...d, organisation: "Dekranasda", role: "funder" },
    { _tag: "RemovePartner", ...d, organisation: "Dekranasda", reason: "withdrew" },
    { _tag: "PublishProgram", ...d },
    { _tag: "StartProgram", ...d },
    { _tag: "ApplyToWaitlist", ...p, applicationId: "AP-9", participantId: "P-009", kind: "inmate" },
    { _tag: "ApproveApplication", ...p, applicationId: "AP-1" },
    { _tag: "DeclineApplication", ...p, applicationId: "AP-2", reason: "no-capacity" },
    { _tag: "WithdrawApplication", ...p, applicationId: "AP-3" },
    {
      _tag: "EnrollParticipant",
      ...p,
      participantId: "P-008",
      kind: "inmate",
      startDate: "2024-09-02",
      enrolledBy: "officer-1",
      overbookingReason: "approved by the head of BLK"
    },
    { _tag: "SuspendEnrollment", ...p, participantId: "P-002", reason: "court-custody", from: "2024-09-02" },
    { _tag: "ResumeEnrollment", ...p, participantId: "P-002", cause: "custody-return", on: "2024-09-02" },
    { _tag: "EndEnrollment", ...p, participantId: "P-003", reason: "released", lastDay: "2024-09-02" },
    {
      _tag: "ScheduleSession",
      ...p,
      sessionId: "S-9",
      slot: { date: "2024-09-03", start: "13:00", end: "15:00" },
      venue: "BLK",
      facilitators: ["YBI"],
      topic: "T"
    },
    {
      _tag: "RescheduleSession",
      ...p,
      sessionId: "S-9",
      to: { date: "2024-09-03", start: "14:00", end: "16:00" },
      reason: "R"
    },
    { _tag: "CancelSession", ...p, sessionId: "S-9", reasonCode: "public-holiday" },
    { _tag: "UncancelSession", ...p, sessionId: "S-9" },
    { _tag: "RecordAttendance", ...p, sessionId: "S-01", participantId: "P-001", outcome: "present" },
    {
      _tag: "CorrectAttendance",
      ...p,
      sessionId: "S-01",
      participantId: "P-001",
      outcome: "late",
      correctionReason: "typo"
    },
    {
      _tag: "DefineAssessment",
      ...p,
      assessmentId: "A-1",
      title: "Batik",
      instrument: "practical",
      resultType: "score",
      min: 0,
      max: 100,
      passMark: 70,
      weight: 1,
      competencyUnits: [],
      maxAttempts: 3
    },
    {
      _tag: "RecordAssessmentResult",
      ...p,
      assessmentId: "A-1",
      participantId: "P-001",
      attempt: 1,
      value: score(60),
      assessorId: "assessor-1"
    },
    {
      _tag: "CorrectAssessmentResult",
      ...p,
      assessmentId: "A-1",
      participantId: "P-001",
      attempt: 1,
      value: score(65),
      reason: "R"
    },
    { _tag: "VoidAssessmentResult", ...p, assessmentId: "A-1", participantId: "P-001", attempt: 1, reason: "R" },
    { _tag: "GrantReassessment", ...p, assessmentId: "A-1", participantId: "P-001", reason: "R" },
    {
      _tag: "AttachDocumentation",
      ...p,
      documentId: "D-1",
      kind: "photo",
      sha256: "ab".repeat(32),
      uri: "archive://x",
      containsPersonalData: false
    },
    { _tag: "CloseProgram", ...p },
    {
      _tag: "IssueCertificate",
      ...p,
      certificateId: "C-1",
      participantId: "P-001",
      type: "participation",
      issuedAt: at,
      issuer: "LPCIP",
      signatories: [{ title: "Kepala Lapas" }]
    },
    {
      _tag: "ReissueCertificate",
      ...p,
      supersedes: "C-1",
      newCertificateId: "C-2",
      reason: "R",
      issuedAt: at,
      issuer: "LPCIP"
    },
    { _tag: "RevokeCertificate", ...p, certificateId: "C-2", reasonCode: "issued-in-error" },
    { _tag: "RecordEvaluation", ...p, findings: "F", recommendation: "continue" },
    { _tag: "ArchiveProgram", ...p },
    { _tag: "CancelProgram", ...d, reasonCode: "security-lockdown" }
  ]
}

const actor = (role: string, facility = "LPCIP") => ({ id: `${role}-1`, role, facility })
const contextOf = (a: ReturnType<typeof actor>) => ({
  actor: a,
  source: "user" as const,
  commandId: crypto.randomUUID()
})

export const suite = (name: string, database: Effect.Effect<Database, never, Scope.Scope>) =>
  describe(`roles × commands through the Ledger: ${name}`, () => {
    it.scoped("every command × every role, both ways, as the expectation table says; refusals leave no trace", () =>
      Effect.gen(function* () {
        const db = yield* database
        const layer = Layer.mergeAll(Ledger.layer(), Participants.layer()).pipe(
          Layer.provideMerge(Layer.merge(db.layer(PrivacyKeys.random()), VerificationCodes.layer))
        )
        const context = yield* Layer.build(layer)
        const ledger = Context.get(context, Ledger.Ledger)
        const participants = Context.get(context, Participants.Participants)
        const registry = Context.get(context, ParticipantRegistry)
        const store = Context.get(context, EventStore)
        const programId = `AUTH-${db.name}`
        for (const i of [0, 1, 2]) {
          yield* registry.register(
            {
              participantId: `P-00${i + 1}`,
              kind: i === 0 ? "officer" : "inmate",
              facility: "LPCIP",
              fullName: `P ${i}`
            },
            castOf().officer
          )
        }
        const applications = [1, 2, 3].map((n) => ({
          _tag: "ApplyToWaitlist",
          programId,
          occurredAt: at,
          applicationId: `AP-${n}`,
          participantId: `P-00${n + 3}`,
          kind: "inmate"
        }))
        for (const json of [...setupJson(programId, 3, 2), ...applications]) {
          const command = yield* Requests.decode(json)
          yield* ledger.execute(command, contextOf(actorFor(command._tag)))
        }

        const commands = samples(programId, `${programId}-draft`)
        // Generated from the policy: every command it knows, every role it knows.
        expect([...commands.map((c) => c._tag as string), ...Policy.registryCommandTags].sort()).toEqual(
          [...Policy.commandTags].sort()
        )
        const roles = Policy.defaultPolicy.roles.map((r) => r.role)
        expect(roles).toEqual(expectedRoles)

        let cells = 0
        let allowed = 0
        let succeeded = 0
        const refusedHere = (
          outcome: Either.Either<unknown, { _tag: string }>,
          role: string,
          tag: string,
          reason: string
        ) => {
          expect(Either.isLeft(outcome), `${role} must be refused ${tag}`).toBe(true)
          if (Either.isLeft(outcome)) {
            expect(outcome.left, `${role} / ${tag}`).toMatchObject({
              _tag: "NotAuthorised",
              role,
              command: tag,
              reason
            })
          }
        }
        const allowedHere = (outcome: Either.Either<unknown, { _tag: string }>, role: string, tag: string) => {
          if (Either.isLeft(outcome)) expect(outcome.left._tag, `${role} may execute ${tag}`).not.toBe("NotAuthorised")
          else succeeded++
        }

        for (const json of commands) {
          const command = yield* Requests.decode(json)
          const tag = command._tag
          for (const role of roles) {
            cells++
            const may = expectedCommands.get(tag)!.has(role)
            const before = yield* store.head()
            const outcome = yield* Effect.either(ledger.execute(command, contextOf(actor(role))))
            if (may) {
              allowed++
              allowedHere(outcome, role, tag)
              const scope = Policy.defaultPolicy.roles.find((r) => r.role === role)!.scope
              if (scope === "own-facility" && tag !== "DraftProgram") {
                const elsewhere = yield* Effect.either(ledger.execute(command, contextOf(actor(role, "LPBDG"))))
                refusedHere(elsewhere, role, tag, "other-facility")
              }
            } else {
              refusedHere(outcome, role, tag, "not-granted")
              expect(yield* store.head(), `${role} / ${tag} recorded nothing`).toEqual(before)
            }
          }
        }

        // The registry's two commands, through the participants service.
        for (const role of roles) {
          cells++
          const id = `REG-${role}`
          const registration = { participantId: id, kind: "inmate", facility: "LPCIP", fullName: "R" }
          const outcome = yield* Effect.either(participants.register(registration, actor(role)))
          if (expectedCommands.get("RegisterParticipant")!.has(role)) {
            allowed++
            allowedHere(outcome, role, "RegisterParticipant")
            expect(Option.isSome(yield* registry.status(id))).toBe(true)
            const elsewhere = yield* Effect.either(
              participants.register({ ...registration, participantId: `${id}-2` }, actor(role, "LPBDG"))
            )
            refusedHere(elsewhere, role, "RegisterParticipant", "other-facility")
          } else {
            refusedHere(outcome, role, "RegisterParticipant", "not-granted")
            expect(yield* registry.status(id)).toEqual(Option.none())
          }
        }
        for (const role of roles) {
          cells++
          const before = yield* registry.status("P-003")
          const outcome = yield* Effect.either(
            participants.erase(
              "P-003",
              { lawfulBasis: "UU 27/2022" },
              actor(role, role === "data-protection-officer" ? "DJPAS" : "LPCIP")
            )
          )
          if (expectedCommands.get("EraseParticipant")!.has(role)) {
            allowed++
            allowedHere(outcome, role, "EraseParticipant")
            expect((yield* registry.status("P-003")).pipe(Option.map((s) => s.status))).toEqual(Option.some("erased"))
          } else {
            refusedHere(outcome, role, "EraseParticipant", "not-granted")
            expect(yield* registry.status("P-003")).toEqual(before)
          }
        }

        expect(cells).toBe(35 * 9)
        // Most allowed cells ran for real (the others met a state their sample does not suit).
        console.log(
          `[roles × commands ${db.name}] ${cells} cells, ${allowed} allowed (${succeeded} recorded), ${cells - allowed} refused`
        )
        expect(succeeded).toBeGreaterThanOrEqual(30)
        expect(allowed).toBe([...expectedCommands.values()].reduce((n, roles) => n + roles.size, 0))
        // A role the policy does not know is refused as such.
        const unknown = yield* Effect.either(
          ledger.execute(yield* Requests.decode(commands[4]), contextOf(actor("admin")))
        )
        expect(Either.isLeft(unknown) && unknown.left).toMatchObject({ _tag: "NotAuthorised", reason: "unknown-role" })
      })
    )
  })
