// Programs like the founding case (a batik workshop at a prison): N participants, M sessions, then
// attendance marks. Commands are written as the JSON a caller sends and decoded by the Ledger's
// schema (the same shapes as test/ledger/smallProgram.ts).
import * as Schema from "effect/Schema"
import { LedgerCommand, type LedgerCommandEncoded } from "../../src/ledger/Requests.ts"

export const decode = Schema.decodeUnknownSync(LedgerCommand)

export const programId = (p: number) => `BENCH-${String(p + 1).padStart(5, "0")}`
export const participantId = (i: number) => `P-${String(i + 1).padStart(3, "0")}`
export const sessionId = (j: number) => `S-${String(j + 1).padStart(2, "0")}`
const day = (j: number) => new Date(Date.UTC(2024, 8, 2 + j)).toISOString().slice(0, 10)

export const setupJson = (programId: string, participants: number, sessions: number): Array<LedgerCommandEncoded> => [
  {
    _tag: "DraftProgram",
    programId,
    occurredAt: "2024-08-20T02:00:00.000Z",
    title: "Bimtek Wirausaha Baru IKM Batik",
    category: "pembinaan-kemandirian",
    facility: "LPCIP",
    timeZone: "Asia/Jakarta",
    venue: "BLK",
    plannedStart: day(0),
    plannedEnd: day(sessions - 1),
    capacity: participants,
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
  {
    _tag: "AttachAuthorisation",
    programId,
    occurredAt: "2024-08-20T03:00:00.000Z",
    letterNumber: "B-535/IKMA.3/IND/VII/2024",
    letterDate: "2024-07-15",
    issuer: "Direktorat Jenderal Industri Kecil, Menengah dan Aneka",
    subject: "Pelaksanaan kegiatan pembinaan di Lapas tahun 2024"
  },
  { _tag: "PublishProgram", programId, occurredAt: "2024-08-21T02:00:00.000Z" },
  ...Array.from(
    { length: participants },
    (_, i): LedgerCommandEncoded => ({
      _tag: "EnrollParticipant",
      programId,
      occurredAt: "2024-08-22T02:00:00.000Z",
      participantId: participantId(i),
      kind: i % 5 === 0 ? "officer" : "inmate",
      startDate: day(0),
      enrolledBy: "officer-1"
    })
  ),
  ...Array.from(
    { length: sessions },
    (_, j): LedgerCommandEncoded => ({
      _tag: "ScheduleSession",
      programId,
      occurredAt: "2024-08-23T02:00:00.000Z",
      sessionId: sessionId(j),
      slot: { date: day(j), start: "08:00", end: "12:00" },
      venue: "BLK",
      facilitators: ["Yayasan Batik Indonesia"],
      topic: `Batik ${j + 1}`
    })
  ),
  { _tag: "StartProgram", programId, occurredAt: `${day(0)}T00:30:00.000Z` }
]

const OUTCOMES = [
  "present",
  "present",
  "present",
  "late",
  "present",
  "present",
  "present",
  "unexcused-absence",
  "excused-absence",
  "present"
] as const

const outcome = (o: (typeof OUTCOMES)[number]) =>
  o === "excused-absence"
    ? { outcome: o, reasonCode: "sick" as const }
    : o === "unexcused-absence"
      ? { outcome: o, reasonCode: "refused" as const }
      : { outcome: o }

export const markJson = (programId: string, session: number, participant: number): LedgerCommandEncoded => ({
  _tag: "RecordAttendance",
  programId,
  occurredAt: `${day(session)}T05:00:00.000Z`,
  sessionId: sessionId(session),
  participantId: participantId(participant),
  ...outcome(OUTCOMES[(session * 7 + participant) % OUTCOMES.length])
})

export const setup = (programId: string, participants: number, sessions: number) =>
  setupJson(programId, participants, sessions).map((c) => decode(c))

export const mark = (programId: string, session: number, participant: number) =>
  decode(markJson(programId, session, participant))
