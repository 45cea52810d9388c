/**
 * training-ledger from plain async TypeScript, without Effect.
 *
 *   npx tsx examples/embed-promise.ts                 # in memory
 *   npx tsx examples/embed-promise.ts sqlite:./x.db   # a SQLite file
 *
 * In your own project, import from "training-ledger/promise" instead of "../src/promise.js".
 */
import { randomUUID } from "node:crypto"
import { openLedger } from "../src/promise.js"

const ledger = await openLedger({ url: process.argv[2] ?? "memory:" })

// Every command is recorded with who did it, from where, and a command id: send the same id
// again (a retry after a timeout) and the ledger answers without recording twice.
const as = (officer: string) => ({
  actor: { id: officer, role: "program-officer", facility: "LPCIP" },
  source: "user" as const,
  commandId: randomUUID()
})

const programId = `batik-${randomUUID().slice(0, 8)}`

try {
  // Personal data goes to the registry, never into the log: events carry only the opaque id.
  await ledger.participants.register({
    participantId: "WBP-0001",
    kind: "inmate",
    facility: "LPCIP",
    fullName: "Peserta Contoh",
    inmateNumber: "B.I-0001/2024"
  })

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
    as("officer-17")
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
    as("officer-17")
  )
  await ledger.execute({ _tag: "PublishProgram", programId, occurredAt: "2025-08-02T02:00:00Z" }, as("officer-17"))
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
    as("officer-17")
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
    as("officer-17")
  )
  await ledger.execute({ _tag: "StartProgram", programId, occurredAt: "2025-09-01T00:30:00Z" }, as("officer-17"))
  await ledger.execute(
    {
      _tag: "RecordAttendance",
      programId,
      occurredAt: "2025-09-01T05:00:00Z",
      sessionId: "day-1",
      participantId: "WBP-0001",
      outcome: "present"
    },
    as("officer-17")
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
      as("officer-18")
    )
    .catch((error: { _tag: string; message: string }) => console.log(`rejected (${error._tag}): ${error.message}`))

  const summary = await ledger.summary(programId)
  console.log(`${summary?.title}: ${summary?.enrolled.total} enrolled, attendance ${summary?.attendanceRate}`)
  for (const entry of await ledger.history(programId)) {
    console.log(`#${entry.position} ${entry.type} by ${entry.actor.id} (occurred ${entry.occurredAt})`)
  }
  console.log("verify:", (await ledger.verify())._tag)
} finally {
  await ledger.close()
}
