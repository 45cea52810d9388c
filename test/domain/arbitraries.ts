/**
 * Generators of Program command sequences drawn from small id pools, so commands collide: one
 * program, five participants, three sessions, two assessments, three certificate ids. The
 * sequence follows the lifecycle most of the time (draft, letter, sessions, publish, enrol,
 * start, a running phase, close, certificates) with random commands mixed in everywhere, so
 * both the interesting states and the rejections are reached.
 *
 * The pools are a parameter: {@link ordinary} draws plain ids (`p1`, `s1`...), {@link prototypeNames}
 * draws ids that are also names of `Object.prototype` properties (`constructor`, `__proto__`...),
 * which the domain must treat as ids like any other.
 */
import * as DateTime from "effect/DateTime"
import { FastCheck as fc } from "effect"
import type {
  ActorId,
  ApplicationId,
  AssessmentId,
  CertificateId,
  DocumentId,
  LocalDate,
  LocalTime,
  ParticipantId,
  ProgramId,
  SessionId
} from "../../src/domain/Identifiers.js"
import * as Program from "../../src/domain/Program.js"
import type { AbsenceReasonCode, AttendanceOutcome, ParticipantKind } from "../../src/domain/ReferenceData.js"

export const programId = "PRG-1" as ProgramId
export const otherProgramId = "PRG-2" as ProgramId

/** The ids a generated program draws from. */
export interface Pools {
  /** five participants: an officer, a detainee, three inmates (in this order) */
  readonly participants: readonly [string, string, string, string, string]
  /** three sessions, planned on the 3rd, 4th and 5th (in this order) */
  readonly sessions: readonly [string, string, string]
  readonly assessments: readonly [string, string]
  readonly certificates: readonly [string, string, string]
  readonly applications: readonly [string, string, string]
  readonly documents: readonly [string, string]
  readonly organisations: readonly [string, string]
}

export const ordinaryPools: Pools = {
  participants: ["p1", "p2", "p3", "p4", "p5"],
  sessions: ["s1", "s2", "s3"],
  assessments: ["a1", "a2"],
  certificates: ["c1", "c2", "c3"],
  applications: ["ap1", "ap2", "ap3"],
  documents: ["d1", "d2"],
  organisations: ["YBI", "Dekranasda"]
}

/** Names of `Object.prototype` properties: ids a plain-object lookup would find before any data. */
export const prototypePools: Pools = {
  participants: ["constructor", "__proto__", "toString", "valueOf", "hasOwnProperty"],
  sessions: ["isPrototypeOf", "__proto__", "constructor"],
  assessments: ["__proto__", "toString"],
  certificates: ["constructor", "valueOf", "__proto__"],
  applications: ["__proto__", "hasOwnProperty", "toString"],
  documents: ["constructor", "__proto__"],
  organisations: ["constructor", "__proto__"]
}

/** The generators over one set of id pools. */
export const arbitrariesFor = (pools: Pools) => {
  const participants = pools.participants as ReadonlyArray<string> as ReadonlyArray<ParticipantId>
  const kinds: ReadonlyArray<ParticipantKind> = ["officer", "detainee", "inmate", "inmate", "inmate"]
  const kindOf = new Map(participants.map((p, i) => [p, kinds[i]!]))
  const sessions = pools.sessions as ReadonlyArray<string> as ReadonlyArray<SessionId>
  const assessments = pools.assessments as ReadonlyArray<string> as ReadonlyArray<AssessmentId>
  const certificates = pools.certificates as ReadonlyArray<string> as ReadonlyArray<CertificateId>
  const applications = pools.applications as ReadonlyArray<string> as ReadonlyArray<ApplicationId>
  const documents = pools.documents as ReadonlyArray<string> as ReadonlyArray<DocumentId>

  /** Program dates: 3 to 5 September 2024, Asia/Jakarta (UTC+7). */
  const plannedStart = "2024-09-03" as LocalDate
  const plannedEnd = "2024-09-05" as LocalDate

  const utc = (iso: string): DateTime.Utc => DateTime.unsafeMake(iso)
  const beforeProgram = utc("2024-08-20T02:00:00Z")
  const midProgram = utc("2024-09-04T03:00:00Z") // 10:00 WIB on the 4th
  const afterSessions = utc("2024-09-06T01:00:00Z")
  const closing = utc("2024-09-06T03:00:00Z")
  const afterClosing = utc("2024-09-06T04:00:00Z")

  const hash = (n: number) => n.toString(16).padStart(2, "0").repeat(32)
  // What the Ledger records as the holder's name: encrypted, opaque to the domain.
  const sealedName = "enc:v1:AAAAAAAAAAAAAAAA:c2VhbGVkLW5hbWU:AAAAAAAAAAAAAAAAAAAAAA" as Program.HolderName
  const badHash = "not-a-hash"

  const pick = <A>(xs: ReadonlyArray<A>) => fc.constantFrom(...xs)
  const weighted = <A>(...arbs: ReadonlyArray<readonly [number, fc.Arbitrary<A>]>) =>
    fc.oneof(...arbs.map(([weight, arbitrary]) => ({ weight, arbitrary })))

  const programIdArb = weighted([30, fc.constant(programId)], [1, fc.constant(otherProgramId)])
  const participantArb = pick(participants)
  const sessionArb = pick(sessions)
  const assessmentArb = pick(assessments)
  const certificateArb = pick(certificates)
  const dateArb = weighted(
    [10, pick(["2024-09-03", "2024-09-04", "2024-09-05"] as ReadonlyArray<string> as ReadonlyArray<LocalDate>)],
    [1, fc.constant("2024-09-02" as LocalDate)]
  )
  const slotArb = fc
    .tuple(
      dateArb,
      weighted<readonly [string, string]>(
        [
          10,
          pick([
            ["08:00", "11:00"],
            ["13:00", "15:00"]
          ] as const)
        ],
        [2, fc.constant(["08:00", "15:00"] as const)],
        [1, fc.constant(["13:00", "11:00"] as const)]
      )
    )
    .map(([date, [start, end]]) => new Program.SessionSlot({ date, start: start as LocalTime, end: end as LocalTime }))
  const kindFor = (p: ParticipantId) =>
    weighted(
      [12, fc.constant(kindOf.get(p)!)],
      [1, pick(["inmate", "detainee", "officer"] as ReadonlyArray<string> as ReadonlyArray<ParticipantKind>)]
    )
  const reasonArb = weighted([8, fc.constant("a reason")], [1, fc.constant("  ")])
  const noteArb = fc.option(fc.constant("a note"), { nil: undefined, freq: 2 })
  const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } =>
    (value === undefined ? {} : { [key]: value }) as { [P in K]?: V }

  const policyArb = fc
    .record({
      minAttendanceRatio: pick([0, 0.5, 0.6, 2 / 3, 0.8, 1]),
      excusedAbsencesLeaveDenominator: fc.boolean(),
      requiredAssessments: weighted<Program.CompletionPolicy["requiredAssessments"]>(
        [3, fc.constant("all" as const)],
        [1, fc.constant([] as ReadonlyArray<string> as ReadonlyArray<AssessmentId>)],
        [1, fc.constant([assessments[0]!])]
      ),
      requireEnrollmentCompleted: fc.boolean(),
      allowParticipationCertificate: fc.boolean()
    })
    .map((p) => new Program.CompletionPolicy(p))

  const draftArb = fc
    .record({
      capacity: weighted([1, fc.constant(0)], [40, fc.integer({ min: 2, max: 5 })]),
      eligibleKinds: weighted<ReadonlyArray<ParticipantKind>>(
        [4, fc.constant(["inmate", "detainee", "officer"])],
        [1, fc.constant(["inmate", "officer"])]
      ),
      completionPolicy: policyArb,
      // an unknown zone is refused at the boundary now (see Decode.property.test.ts), so the
      // generated drafts use the program's zone
      timeZone: fc.constant("Asia/Jakarta")
    })
    .map(
      (r) =>
        new Program.DraftProgram({
          programId,
          occurredAt: beforeProgram,
          title: "Bimtek",
          category: "Pembinaan kemandirian",
          facility: "LPCIP" as Program.DraftProgram["facility"],
          venue: "BLK",
          plannedStart,
          plannedEnd,
          certificateType: "Sertifikat Pelatihan",
          certificateNumberTemplate: Program.defaultCertificateNumberTemplate,
          ...r
        })
    )

  const at = (...instants: ReadonlyArray<DateTime.Utc>) => pick(instants)
  const base = (when: fc.Arbitrary<DateTime.Utc>) => fc.record({ programId: programIdArb, occurredAt: when })

  const scheduleArb = (
    when: fc.Arbitrary<DateTime.Utc>,
    ids: fc.Arbitrary<SessionId> = sessionArb,
    slots: fc.Arbitrary<Program.SessionSlot> = slotArb
  ) =>
    fc
      .tuple(base(when), ids, slots)
      .map(
        ([b, sessionId, slot]) =>
          new Program.ScheduleSession({ ...b, sessionId, slot, venue: "BLK", facilitators: ["YBI"], topic: "Batik" })
      )

  const defineArb = (when: fc.Arbitrary<DateTime.Utc>, ids: fc.Arbitrary<AssessmentId> = assessmentArb) =>
    fc
      .tuple(
        base(when),
        ids,
        pick(["score", "competency"] as const),
        weighted([10, fc.constant(70)], [1, fc.constant(120)]),
        fc.integer({ min: 1, max: 2 })
      )
      .map(
        ([b, assessmentId, resultType, passMark, maxAttempts]) =>
          new Program.DefineAssessment({
            ...b,
            assessmentId,
            title: "Karya",
            instrument: "practical",
            resultType,
            min: 0,
            max: 100,
            passMark,
            weight: 1,
            competencyUnits: [],
            maxAttempts
          })
      )

  const enrolArb = (when: fc.Arbitrary<DateTime.Utc>, ids: fc.Arbitrary<ParticipantId> = participantArb) =>
    fc
      .tuple(
        base(when),
        ids,
        weighted([6, fc.constant(plannedStart)], [2, dateArb]),
        fc.option(fc.constant("ministry quota"), { nil: undefined, freq: 4 })
      )
      .chain(([b, participantId, startDate, overbookingReason]) =>
        kindFor(participantId).map(
          (kind) =>
            new Program.EnrollParticipant({
              ...b,
              participantId,
              kind,
              startDate,
              enrolledBy: "officer-1" as ActorId,
              ...opt("overbookingReason", overbookingReason)
            })
        )
      )

  interface Mark {
    readonly outcome: AttendanceOutcome
    readonly reasonCode?: AbsenceReasonCode
    readonly note?: string
  }
  const absenceArb: fc.Arbitrary<Mark> = weighted<Mark>(
    [12, fc.constant({ outcome: "present" as const })],
    [2, fc.constant({ outcome: "late" as const })],
    [2, fc.constant({ outcome: "excused-absence" as const, reasonCode: "sick" as const })],
    [1, fc.constant({ outcome: "excused-absence" as const, reasonCode: "on-duty" as const })],
    [2, fc.constant({ outcome: "unexcused-absence" as const, reasonCode: "refused" as const })],
    [1, fc.constant({ outcome: "unexcused-absence" as const, reasonCode: "other" as const, note: "no show" })],
    [1, fc.constant({ outcome: "excused-absence" as const, reasonCode: "refused" as const })],
    [1, fc.constant({ outcome: "unexcused-absence" as const })]
  )

  const valueArb: fc.Arbitrary<Program.ResultValue> = weighted<Program.ResultValue>(
    [6, pick([85, 100, 70]).map((value) => new Program.Score({ value }))],
    [3, pick([0, 50, 69]).map((value) => new Program.Score({ value }))],
    [1, fc.constant(new Program.Score({ value: 150 }))],
    [3, fc.constant(new Program.Competency({ value: "competent" }))],
    [2, fc.constant(new Program.Competency({ value: "not-yet-competent" }))]
  )

  const attemptArb = weighted([6, fc.constant(1)], [3, fc.constant(2)], [1, fc.constant(3)])

  const issueArb = (when: fc.Arbitrary<DateTime.Utc>) =>
    fc
      .tuple(
        base(when),
        certificateArb,
        participantArb,
        weighted([5, fc.constant("completion" as const)], [1, fc.constant("participation" as const)]),
        fc.integer({ min: 1, max: 20 }),
        weighted([15, fc.integer({ min: 0, max: 255 }).map(hash)], [1, fc.constant(badHash)])
      )
      .map(
        ([b, certificateId, participantId, type, sequence, verificationCodeHash]) =>
          new Program.IssueCertificate({
            ...b,
            certificateId,
            participantId,
            type,
            sequence,
            verificationCodeHash,
            holderName: sealedName,
            issuedAt: b.occurredAt,
            issuer: "LPCIP" as Program.IssueCertificate["issuer"],
            signatories: [new Program.Signatory({ title: "Kepala Lapas" })]
          })
      )

  /** Any command, at any time: mostly the running phase's work. */
  const anyCommandArb = (when: fc.Arbitrary<DateTime.Utc>): fc.Arbitrary<Program.Command> =>
    weighted<Program.Command>(
      [
        14,
        fc
          .tuple(base(when), sessionArb, participantArb, absenceArb)
          .map(
            ([b, sessionId, participantId, a]) => new Program.RecordAttendance({ ...b, sessionId, participantId, ...a })
          )
      ],
      [
        2,
        fc
          .tuple(base(when), sessionArb, participantArb, absenceArb, reasonArb)
          .map(
            ([b, sessionId, participantId, a, correctionReason]) =>
              new Program.CorrectAttendance({ ...b, sessionId, participantId, ...a, correctionReason })
          )
      ],
      [
        6,
        fc
          .tuple(
            base(when),
            assessmentArb,
            participantArb,
            attemptArb,
            valueArb,
            weighted([10, fc.constant("assessor-1")], [1, participantArb])
          )
          .map(
            ([b, assessmentId, participantId, attempt, value, assessorId]) =>
              new Program.RecordAssessmentResult({
                ...b,
                assessmentId,
                participantId,
                attempt,
                value,
                assessorId: assessorId as ActorId
              })
          )
      ],
      [
        2,
        fc
          .tuple(base(when), assessmentArb, participantArb, attemptArb, valueArb, reasonArb)
          .map(
            ([b, assessmentId, participantId, attempt, value, reason]) =>
              new Program.CorrectAssessmentResult({ ...b, assessmentId, participantId, attempt, value, reason })
          )
      ],
      [
        2,
        fc
          .tuple(base(when), assessmentArb, participantArb, attemptArb, reasonArb)
          .map(
            ([b, assessmentId, participantId, attempt, reason]) =>
              new Program.VoidAssessmentResult({ ...b, assessmentId, participantId, attempt, reason })
          )
      ],
      [
        1,
        fc
          .tuple(base(when), assessmentArb, participantArb, reasonArb)
          .map(
            ([b, assessmentId, participantId, reason]) =>
              new Program.GrantReassessment({ ...b, assessmentId, participantId, reason })
          )
      ],
      [2, enrolArb(when)],
      [
        1,
        fc
          .tuple(
            base(when),
            participantArb,
            pick(["court-custody", "health", "other"] as const),
            dateArb,
            fc.option(dateArb, { nil: undefined }),
            noteArb
          )
          .map(
            ([b, participantId, reason, from, to, note]) =>
              new Program.SuspendEnrollment({
                ...b,
                participantId,
                reason,
                from,
                ...opt("to", to),
                ...opt("note", note)
              })
          )
      ],
      [
        1,
        fc
          .tuple(base(when), participantArb, pick(["custody-return", "staff-decision"] as const), dateArb)
          .map(([b, participantId, cause, on]) => new Program.ResumeEnrollment({ ...b, participantId, cause, on }))
      ],
      [
        2,
        fc
          .tuple(
            base(when),
            participantArb,
            pick(["completed", "released", "withdrawn-own", "other", "program-cancelled"] as const),
            dateArb,
            noteArb
          )
          .map(
            ([b, participantId, reason, lastDay, note]) =>
              new Program.EndEnrollment({ ...b, participantId, reason, lastDay, ...opt("note", note) })
          )
      ],
      [1, scheduleArb(when)],
      [
        1,
        fc
          .tuple(base(when), sessionArb, slotArb, reasonArb)
          .map(([b, sessionId, to, reason]) => new Program.RescheduleSession({ ...b, sessionId, to, reason }))
      ],
      [
        1,
        fc
          .tuple(base(when), sessionArb, pick(["security-lockdown", "other"] as const), noteArb)
          .map(
            ([b, sessionId, reasonCode, note]) =>
              new Program.CancelSession({ ...b, sessionId, reasonCode, ...opt("note", note) })
          )
      ],
      [1, fc.tuple(base(when), sessionArb).map(([b, sessionId]) => new Program.UncancelSession({ ...b, sessionId }))],
      [1, defineArb(when)],
      [
        1,
        fc
          .tuple(base(when), pick(applications), participantArb)
          .chain(([b, applicationId, participantId]) =>
            kindFor(participantId).map(
              (kind) => new Program.ApplyToWaitlist({ ...b, applicationId, participantId, kind })
            )
          )
      ],
      [
        1,
        fc
          .tuple(base(when), pick(applications), fc.integer({ min: 0, max: 2 }))
          .map(([b, applicationId, which]) =>
            which === 0
              ? new Program.ApproveApplication({ ...b, applicationId })
              : which === 1
                ? new Program.DeclineApplication({ ...b, applicationId, reason: "no-capacity" })
                : new Program.WithdrawApplication({ ...b, applicationId })
          )
      ],
      [
        1,
        fc
          .tuple(base(when), pick(pools.organisations), pick(["add", "remove"] as const))
          .map(([b, organisation, op]) =>
            op === "add"
              ? new Program.AddPartner({ ...b, organisation, role: "trainer" })
              : new Program.RemovePartner({ ...b, organisation, reason: "ended" })
          )
      ],
      [
        1,
        fc.tuple(base(when), pick(documents)).map(
          ([b, documentId]) =>
            new Program.AttachDocumentation({
              ...b,
              documentId,
              kind: "photo",
              sha256: hash(7) as Program.AttachDocumentation["sha256"],
              uri: "archive://x",
              containsPersonalData: false
            })
        )
      ],
      [
        1,
        fc
          .tuple(base(when), pick(["start", "close", "cancel", "archive", "publish", "evaluate"] as const))
          .map(([b, op]) => {
            switch (op) {
              case "start":
                return new Program.StartProgram(b)
              case "close":
                return new Program.CloseProgram(b)
              case "cancel":
                return new Program.CancelProgram({ ...b, reasonCode: "security-lockdown" })
              case "archive":
                return new Program.ArchiveProgram(b)
              case "publish":
                return new Program.PublishProgram(b)
              case "evaluate":
                return new Program.RecordEvaluation({ ...b, findings: "ok", recommendation: "continue" })
            }
          })
      ],
      [2, issueArb(when)]
    )

  const certificateCommandArb: fc.Arbitrary<Program.Command> = weighted<Program.Command>(
    [8, issueArb(at(afterClosing))],
    [
      4,
      fc
        .tuple(base(at(afterClosing)), certificateArb, pick(["issued-in-error", "fraud"] as const))
        .map(([b, certificateId, reasonCode]) => new Program.RevokeCertificate({ ...b, certificateId, reasonCode }))
    ],
    [
      2,
      fc.tuple(base(at(afterClosing)), certificateArb, certificateArb, fc.integer({ min: 1, max: 20 })).map(
        ([b, supersedes, newCertificateId, newSequence]) =>
          new Program.ReissueCertificate({
            ...b,
            supersedes,
            newCertificateId,
            newSequence,
            newVerificationCodeHash: hash(newSequence),
            holderName: sealedName,
            reason: "typo in the name",
            issuedAt: b.occurredAt,
            issuer: "LPCIP" as Program.ReissueCertificate["issuer"]
          })
      )
    ],
    [3, anyCommandArb(at(afterClosing))]
  )

  const planned = <A, B>(xs: ReadonlyArray<A>, f: (x: A) => fc.Arbitrary<B>): fc.Arbitrary<ReadonlyArray<B>> =>
    fc.tuple(...xs.map(f))

  /** A register filled in for some (session, participant) pairs, mostly present. */
  const registerArb = fc
    .shuffledSubarray(
      sessions.flatMap((sessionId) => participants.map((participantId) => ({ sessionId, participantId }))),
      { minLength: 9 }
    )
    .chain((cells) =>
      planned(cells, ({ participantId, sessionId }) =>
        fc
          .tuple(base(at(afterSessions)), weighted<Mark>([8, fc.constant({ outcome: "present" })], [2, absenceArb]))
          .map(([b, mark]) => new Program.RecordAttendance({ ...b, sessionId, participantId, ...mark }))
      )
    )

  const passingScore = weighted([4, pick([70, 85, 100])], [1, pick([0, 50, 69])]).map(
    (value) => new Program.Score({ value })
  )
  const passingJudgement = weighted(
    [4, fc.constant("competent" as const)],
    [1, fc.constant("not-yet-competent" as const)]
  ).map((value) => new Program.Competency({ value }))

  /**
   * First attempts for some (assessment, participant) pairs, mostly passing. The generator does
   * not know each assessment's result type, so it offers a score and a judgement: the one of the
   * wrong type is rejected, the other becomes attempt 1.
   */
  const resultsArb = fc
    .shuffledSubarray(
      assessments.flatMap((assessmentId) => participants.map((participantId) => ({ assessmentId, participantId }))),
      { minLength: 5 }
    )
    .chain((cells) =>
      planned(cells, ({ assessmentId, participantId }) =>
        fc.tuple(base(at(afterSessions)), passingScore, passingJudgement).map(([b, score, judgement]) =>
          [score, judgement].map(
            (value) =>
              new Program.RecordAssessmentResult({
                ...b,
                assessmentId,
                participantId,
                attempt: 1,
                value,
                assessorId: "assessor-1" as ActorId
              })
          )
        )
      )
    )
    .map((pairs) => pairs.flat())

  /** A whole program's worth of commands. */
  const commandSequenceArb: fc.Arbitrary<ReadonlyArray<Program.Command>> = fc
    .tuple(
      draftArb,
      // mostly one session a day, so the planned sessions rarely collide
      planned(sessions, (id) =>
        scheduleArb(
          at(beforeProgram),
          fc.constant(id),
          weighted(
            [
              8,
              fc.constant(
                new Program.SessionSlot({
                  date: `2024-09-0${sessions.indexOf(id) + 3}` as LocalDate,
                  start: "08:00" as LocalTime,
                  end: "11:00" as LocalTime
                })
              )
            ],
            [1, slotArb]
          )
        )
      ),
      planned(assessments, (id) => defineArb(at(beforeProgram), fc.constant(id))),
      fc
        .shuffledSubarray([...participants], { minLength: 3 })
        .chain((ps) => planned(ps, (id) => enrolArb(at(beforeProgram), fc.constant(id)))),
      fc.array(anyCommandArb(at(beforeProgram, midProgram, afterSessions)), { maxLength: 8 }),
      registerArb,
      resultsArb,
      fc.array(anyCommandArb(at(afterSessions, midProgram)), { maxLength: 25 }),
      fc.integer({ min: 0, max: 9 }),
      fc.array(certificateCommandArb, { minLength: 2, maxLength: 10 })
    )
    .map(([draft, schedules, definitions, enrolments, early, register, results, running, dice, late]) => [
      draft,
      new Program.AttachAuthorisation({
        programId,
        occurredAt: beforeProgram,
        letterNumber: "B-535/IKMA.3/IND/VII/2024",
        letterDate: "2024-07-29" as LocalDate,
        issuer: "Ditjen IKMA",
        subject: "Bimtek"
      }),
      ...schedules,
      ...definitions,
      new Program.PublishProgram({ programId, occurredAt: beforeProgram }),
      ...enrolments,
      ...early.slice(0, 3),
      new Program.StartProgram({ programId, occurredAt: utc("2024-09-03T00:00:00Z") }),
      ...early.slice(3),
      ...register,
      ...results,
      ...running,
      // most programs close; some stay running, so the late commands meet other states too
      ...(dice === 0 ? [] : [new Program.CloseProgram({ programId, occurredAt: closing })]),
      ...late
    ])

  return { participants, sessions, assessments, certificates, kindOf, policyArb, commandSequenceArb }
}

/** Generators over ordinary ids. */
export const ordinary = arbitrariesFor(ordinaryPools)
/** Generators over ids that are names of `Object.prototype` properties. */
export const prototypeNames = arbitrariesFor(prototypePools)

export const { assessments, certificates, commandSequenceArb, kindOf, participants, policyArb, sessions } = ordinary
