/**
 * A program ready for attendance, of any size: drafted with its letter, published, N participants
 * enrolled (every fifth an officer), M sessions scheduled (one a day from 2 Sept 2024), started.
 * Commands are written as the JSON a caller sends and decoded by the Ledger's schema. Used by the
 * Ledger tests and the benchmarks.
 */
import { Schema } from "effect"
import { LedgerCommand, type LedgerCommandEncoded } from "../../src/ledger/Requests.js"

export const decode = Schema.decodeUnknownSync(LedgerCommand)

export const participantId = (i: number) => `P-${String(i + 1).padStart(3, "0")}`
export const sessionId = (j: number) => `S-${String(j + 1).padStart(2, "0")}`
export const sessionDate = (j: number) => new Date(Date.UTC(2024, 8, 2 + j)).toISOString().slice(0, 10)

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
    plannedStart: sessionDate(0),
    plannedEnd: sessionDate(sessions - 1),
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
      startDate: sessionDate(0),
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
      slot: { date: sessionDate(j), start: "08:00", end: "12:00" },
      venue: "BLK",
      facilitators: ["Yayasan Batik Indonesia"],
      topic: `Batik ${j + 1}`
    })
  ),
  { _tag: "StartProgram", programId, occurredAt: `${sessionDate(0)}T00:30:00.000Z` }
]

/** How a mark records the participant; absences carry a reason code. */
export type Mark =
  | { readonly outcome: "present" | "late" }
  | { readonly outcome: "excused-absence"; readonly reasonCode: "sick" }
  | { readonly outcome: "unexcused-absence"; readonly reasonCode: "refused" }

export const markJson = (
  programId: string,
  session: number,
  participant: number,
  mark: Mark = { outcome: "present" }
): LedgerCommandEncoded => ({
  _tag: "RecordAttendance",
  programId,
  occurredAt: `${sessionDate(session)}T05:00:00.000Z`,
  sessionId: sessionId(session),
  participantId: participantId(participant),
  ...mark
})

export const setup = (programId: string, participants: number, sessions: number) =>
  setupJson(programId, participants, sessions).map((c) => decode(c))

export const mark = (programId: string, session: number, participant: number, how?: Mark) =>
  decode(markJson(programId, session, participant, how))
