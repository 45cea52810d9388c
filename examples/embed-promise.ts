/**
 * training-ledger from plain async TypeScript, without Effect.
 *
 *   npx tsx examples/embed-promise.ts                 # in memory (random privacy keys)
 *   npx tsx examples/embed-promise.ts sqlite:./x.db   # a SQLite file (key files in ./x.keys/)
 *
 * In your own project, import from "training-ledger/promise" instead of "../src/promise.js".
 */
import { randomUUID } from "node:crypto"
import { generateKeyFiles, openLedger } from "../src/promise.js"

const url = process.argv[2] ?? "memory:"
// Personal data is stored only encrypted: a store on disk needs keys (in production, from your
// secret store through TRAINING_LEDGER_KEK_FILE and TRAINING_LEDGER_BLIND_INDEX_KEY_FILE).
const privacy = url.startsWith("sqlite:")
  ? await generateKeyFiles(`${url.slice("sqlite:".length).replace(/\.[A-Za-z0-9]+$/, "")}.keys`)
  : undefined
const ledger = await openLedger({ url, ...(privacy !== undefined ? { privacy } : {}) })

// Who does what is the access policy's (docs/access-policy.md): the program officer runs the
// program, the partner's trainer takes attendance. Every command is recorded with who did it, in
// which role, from where, and a command id: send the same id again (a retry after a timeout) and
// the ledger answers without recording twice.
const officer = { id: "officer-17", role: "program-officer", facility: "LPCIP" }
const trainer = { id: "ybi-trainer-01", role: "trainer", facility: "LPCIP" }
const as = (actor: typeof officer) => ({ actor, source: "user" as const, commandId: randomUUID() })

const programId = `batik-${randomUUID().slice(0, 8)}`

try {
  // Personal data goes to the registry, encrypted with the person's own key; events carry only the id.
  await ledger.participants
    .register(
      {
        participantId: "WBP-0001",
        kind: "inmate",
        facility: "LPCIP",
        fullName: "Peserta Contoh",
        inmateNumber: "B.I-0001/2024"
      },
      officer
    )
    .catch((error: { _tag: string }) => {
      if (error._tag !== "ParticipantAlreadyRegistered") throw error
    })
  // Each role sees what the policy lets it: the trainer the name, not the inmate number.
  const seen = await ledger.participants.get("WBP-0001", trainer)
  console.log(`the trainer sees: ${seen?.status === "registered" ? `${seen.fullName}, ${seen.inmateNumber}` : "-"}`)

  await ledger.execute(
    {
      _tag: "DraftProgram",
      programId,
      occurredAt: "2025-08-01T02:00:00Z",
      title: "Bimtek Wirausaha Baru IKM Batik 2025",
      category: "pembinaan-kemandirian",
      facility: "LPCIP",
      timeZone: "Asia/Jakarta",
      venue: "BLK",
      plannedStart: "2025-09-01",
      plannedEnd: "2025-09-02",
      capacity: 25,
      eligibleKinds: ["inmate", "officer"],
      completionPolicy: {
        minAttendanceRatio: 0.8,
        excusedAbsencesLeaveDenominator: true,
        requiredAssessments: "all",
        requireEnrollmentCompleted: false,
        allowParticipationCertificate: true
      },
      certificateType: "Sertifikat Pelatihan",
      certificateNumberTemplate: "{seq:3}/SERT-BLK/{facility}/{romanMonth}/{year}"
    },
    as(officer)
  )
  await ledger.execute(
    {
      _tag: "AttachAuthorisation",
      programId,
      occurredAt: "2025-08-01T03:00:00Z",
      letterNumber: "B-100/IKMA.3/IND/VII/2025",
      letterDate: "2025-07-20",
      issuer: "Ditjen IKMA, Kementerian Perindustrian",
      subject: "Pembinaan kemandirian 2025"
    },
    as(officer)
  )
  await ledger.execute({ _tag: "PublishProgram", programId, occurredAt: "2025-08-02T02:00:00Z" }, as(officer))
  await ledger.execute(
    {
      _tag: "EnrollParticipant",
      programId,
      occurredAt: "2025-08-10T02:00:00Z",
      participantId: "WBP-0001",
      kind: "inmate",
      startDate: "2025-09-01",
      enrolledBy: "officer-17"
    },
    as(officer)
  )
  await ledger.execute(
    {
      _tag: "ScheduleSession",
      programId,
      occurredAt: "2025-08-11T02:00:00Z",
      sessionId: "day-1",
      slot: { date: "2025-09-01", start: "08:00", end: "12:00" },
      venue: "BLK",
      facilitators: ["Yayasan Batik Indonesia"],
      topic: "Canting dan malam"
    },
    as(officer)
  )
  await ledger.execute({ _tag: "StartProgram", programId, occurredAt: "2025-09-01T00:30:00Z" }, as(officer))
  await ledger.execute(
    {
      _tag: "RecordAttendance",
      programId,
      occurredAt: "2025-09-01T05:00:00Z",
      sessionId: "day-1",
      participantId: "WBP-0001",
      outcome: "present"
    },
    as(trainer)
  )

  // A rule the ledger enforces: a promise rejects with a tagged error you can switch on.
  await ledger
    .execute(
      {
        _tag: "RecordAttendance",
        programId,
        occurredAt: "2025-09-01T05:00:00Z",
        sessionId: "day-1",
        participantId: "WBP-0001",
        outcome: "late"
      },
      as(trainer)
    )
    .catch((error: { _tag: string; message: string }) => console.log(`rejected (${error._tag}): ${error.message}`))

  // A role the policy does not allow is refused, and nothing is recorded.
  await ledger
    .execute({ _tag: "CloseProgram", programId, occurredAt: "2025-09-02T05:00:00Z" }, as(trainer))
    .catch((error: { _tag: string; message: string }) => console.log(`refused (${error._tag}): ${error.message}`))

  const summary = await ledger.summary(programId)
  console.log(`${summary?.title}: ${summary?.enrolled.total} enrolled, attendance ${summary?.attendanceRate}`)
  for (const entry of await ledger.history(programId)) {
    console.log(`#${entry.position} ${entry.type} by ${entry.actor.id} (occurred ${entry.occurredAt})`)
  }
  console.log("verify:", (await ledger.verify())._tag)
} finally {
  await ledger.close()
}
