/**
 * Report data modelled on the founding case: "Bimtek Wirausaha Baru IKM Batik" at Lapas Kelas I
 * Cipinang (LPCIP, Asia/Jakarta), 3 to 7 September 2024, letter B-535/IKMA.3/IND/VII/2024 from
 * Ditjen IKMA, Kementerian Perindustrian, partner Yayasan Batik Indonesia; 9 sessions, 25
 * participants (5 officers, 20 inmates), 3 certified (1 officer, 2 inmates).
 *
 * The per-participant plan mirrors src/demo/cipinangBatik2024.ts; the read-model rows
 * are computed from it here the way the domain defines them (a stand-in for the projection
 * engine), then decoded by the ReportData schema, so the fixture is also a decoding test.
 * Display names are fictional.
 */
import * as Schema from "effect/Schema"
import { maskName } from "../../src/reports/Mask.js"
import { ReportData } from "../../src/reports/ReportData.js"

type Kind = "officer" | "inmate" | "detainee"
type Absence = { readonly code: string; readonly note?: string }
type Mark = "late" | Absence

interface Plan {
  readonly kind: Kind
  readonly name: string
  readonly startDate?: string
  readonly marks?: ReadonlyMap<number, Mark>
  readonly end?: { readonly reason: "released" | "transferred" | "dismissed"; readonly lastDay: string }
  readonly suspend?: { readonly from: string; readonly resumeOn: string }
  readonly batik?: number
  readonly businessPlan?: "competent" | "not-yet-competent"
}

const unexcused: Absence = { code: "other", note: "tidak hadir tanpa keterangan" }
const refused: Absence = { code: "refused" }
const excusedCodes = new Set(["sick", "court-hearing", "family-visit", "schedule-clash", "security-regime", "on-duty"])
const marks = (entries: ReadonlyArray<readonly [number, Mark]>) => new Map(entries)

const inmateNames = [
  "Agus Setiawan",
  "Budi Santoso",
  "Dedi Kurniawan",
  "Eko Prasetyo",
  "Fajar Nugroho",
  "Hendra Wijaya",
  "Imam Syafi'i",
  "Joko Susilo",
  "Rudi Hartono",
  "Slamet Riyadi",
  "Teguh Pambudi",
  "Wahyu Hidayat",
  "Yusuf Maulana",
  "Zainal Arifin",
  "Bambang Sutrisno",
  "Dimas Saputra",
  "Gilang Ramadhan",
  "Herman Siregar",
  "Irfan Hakim",
  "Kurniadi Lubis"
]

/** Officers first, then inmates; index i is participant p{i+1}. */
export const plans: ReadonlyArray<Plan> = [
  { kind: "officer", name: "Petugas Contoh Satu", batik: 86 },
  { kind: "officer", name: "Siti Rahmawati", marks: marks([4, 5, 6, 7].map((i) => [i, unexcused])), batik: 78 },
  {
    kind: "officer",
    name: "Dewi Lestari",
    marks: marks([
      [1, unexcused],
      [3, unexcused]
    ]),
    batik: 81
  },
  { kind: "officer", name: "Andi Firmansyah", batik: 60 },
  {
    kind: "officer",
    name: "Rina Marlina",
    marks: marks([[1, { code: "on-duty" }]]),
    businessPlan: "not-yet-competent"
  },
  {
    kind: "inmate",
    name: inmateNames[0]!,
    marks: marks([
      [2, { code: "court-hearing" }],
      [3, { code: "court-hearing" }]
    ]),
    batik: 88
  },
  { kind: "inmate", name: inmateNames[1]!, startDate: "2024-09-04", marks: marks([[4, "late"]]), batik: 75 },
  { kind: "inmate", name: inmateNames[2]!, end: { reason: "released", lastDay: "2024-09-04" } },
  { kind: "inmate", name: inmateNames[3]!, end: { reason: "released", lastDay: "2024-09-05" } },
  { kind: "inmate", name: inmateNames[4]!, end: { reason: "released", lastDay: "2024-09-05" } },
  { kind: "inmate", name: inmateNames[5]!, end: { reason: "released", lastDay: "2024-09-06" } },
  { kind: "inmate", name: inmateNames[6]!, end: { reason: "transferred", lastDay: "2024-09-05" } },
  { kind: "inmate", name: inmateNames[7]!, end: { reason: "dismissed", lastDay: "2024-09-04" } },
  { kind: "inmate", name: inmateNames[8]!, marks: marks([0, 2, 5, 7].map((i) => [i, refused])), batik: 74 },
  {
    kind: "inmate",
    name: inmateNames[9]!,
    marks: marks([
      [1, refused],
      [3, refused],
      [6, unexcused]
    ]),
    batik: 79
  },
  { kind: "inmate", name: inmateNames[10]!, marks: marks([0, 1, 2, 3, 4].map((i) => [i, refused])), batik: 71 },
  {
    kind: "inmate",
    name: inmateNames[11]!,
    marks: marks([
      [2, { code: "sick" }],
      [6, refused],
      [7, refused]
    ]),
    batik: 77
  },
  {
    kind: "inmate",
    name: inmateNames[12]!,
    marks: marks([
      [7, unexcused],
      [8, unexcused]
    ]),
    batik: 83
  },
  { kind: "inmate", name: inmateNames[13]!, batik: 55 },
  { kind: "inmate", name: inmateNames[14]!, batik: 62 },
  { kind: "inmate", name: inmateNames[15]!, batik: 68 },
  { kind: "inmate", name: inmateNames[16]!, batik: 69 },
  { kind: "inmate", name: inmateNames[17]!, businessPlan: "not-yet-competent", batik: 80 },
  {
    kind: "inmate",
    name: inmateNames[18]!,
    suspend: { from: "2024-09-05", resumeOn: "2024-09-06" },
    businessPlan: "not-yet-competent",
    batik: 76
  },
  { kind: "inmate", name: inmateNames[19]!, businessPlan: "not-yet-competent", batik: 84 }
]

export const sessionPlan: ReadonlyArray<{ date: string; start: string; end: string; topic: string }> = [
  { date: "2024-09-03", start: "08:00", end: "11:30", topic: "Pengenalan batik dan alat" },
  { date: "2024-09-03", start: "13:00", end: "15:30", topic: "Pola dan canting" },
  { date: "2024-09-04", start: "08:00", end: "11:30", topic: "Mencanting" },
  { date: "2024-09-04", start: "13:00", end: "15:30", topic: "Pewarnaan" },
  { date: "2024-09-05", start: "08:00", end: "11:30", topic: "Pelorodan dan finishing" },
  { date: "2024-09-05", start: "13:00", end: "15:30", topic: "Kewirausahaan: produk dan harga" },
  { date: "2024-09-06", start: "08:00", end: "11:30", topic: "Praktik karya batik" },
  { date: "2024-09-06", start: "13:00", end: "15:30", topic: "Rencana usaha dan pemasaran" },
  { date: "2024-09-07", start: "07:30", end: "09:30", topic: "Presentasi karya dan rencana usaha" }
]

/** An instant given as a wall-clock time in Jakarta (UTC+7). */
const wib = (date: string, time: string): string => {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number]
  const [h, min] = time.split(":").map(Number) as [number, number]
  return new Date(Date.UTC(y, m - 1, d, h - 7, min)).toISOString()
}

const pid = (n: number) => `cip-batik-2024-p${String(n).padStart(2, "0")}`
const sid = (i: number) => `cip-batik-2024-s${i + 1}`
const ratio = (numerator: number, denominator: number) => (denominator === 0 ? null : numerator / denominator)

type Outcome = "present" | "late" | "excused-absence" | "unexcused-absence"

const attending = (p: Plan, date: string) =>
  date >= (p.startDate ?? "2024-09-03") &&
  (p.end === undefined || date <= p.end.lastDay) &&
  (p.suspend === undefined || date < p.suspend.from || date >= p.suspend.resumeOn)

const outcomeOf = (mark: Mark | undefined): Outcome =>
  mark === undefined
    ? "present"
    : mark === "late"
      ? "late"
      : excusedCodes.has(mark.code)
        ? "excused-absence"
        : "unexcused-absence"

const CERTIFIED = [1, 6, 7]

export interface FixtureOptions {
  readonly names?: ReadonlyArray<string>
  readonly namesShown?: boolean
  readonly title?: string
  readonly assessmentTitles?: readonly [string, string]
  readonly previous?: boolean
  readonly cancelSession?: number
  readonly findings?: string
}

/** The founding case's report data, encoded (instants as ISO strings), before decoding. */
export const encodedReport = (options: FixtureOptions = {}) => {
  const namesShown = options.namesShown ?? false
  const nameOf = (i: number) => {
    const name = options.names?.[i] ?? plans[i]!.name
    return namesShown ? name : maskName(name)
  }
  const cancelled = (i: number) => options.cancelSession === i

  const register = sessionPlan.flatMap((s, si) =>
    cancelled(si)
      ? []
      : plans.flatMap((p, i) => {
          if (!attending(p, s.date)) return []
          const mark = p.marks?.get(si)
          const absence = mark === undefined || mark === "late" ? undefined : mark
          return [
            {
              sessionId: sid(si),
              participantId: pid(i + 1),
              outcome: outcomeOf(mark),
              reasonCode: absence?.code ?? null,
              note: absence?.note ?? null,
              recordedBy: "officer-blk-01",
              recordedAt: wib(s.date, s.end),
              // p07's late arrival on 5 September was first typed in as an absence, then corrected
              corrections: i === 6 && si === 4 ? 1 : 0
            }
          ]
        })
  )

  const sessions = sessionPlan.map((s, si) => {
    const rows = register.filter((r) => r.sessionId === sid(si))
    const count = (o: Outcome) => rows.filter((r) => r.outcome === o).length
    return {
      sessionId: sid(si),
      date: s.date,
      start: s.start,
      end: s.end,
      topic: s.topic,
      cancelled: cancelled(si),
      held: !cancelled(si),
      enrolled: cancelled(si) ? 0 : plans.filter((p) => attending(p, s.date)).length,
      present: count("present"),
      late: count("late"),
      excused: count("excused-absence"),
      unexcused: count("unexcused-absence"),
      notRecorded: 0,
      rate: ratio(count("present") + count("late"), rows.length)
    }
  })

  // The completion policy: attended / sessions applicable, excused absences leave the denominator.
  const attendanceRatio = (i: number) => {
    const rows = register.filter((r) => r.participantId === pid(i + 1))
    const attended = rows.filter((r) => r.outcome === "present" || r.outcome === "late").length
    return ratio(attended, rows.filter((r) => r.outcome !== "excused-absence").length)
  }

  const assessed = plans.map((p, i) => ({ p, i })).filter(({ p }) => p.end === undefined)
  const results = assessed.flatMap(({ p, i }) => [
    {
      participantId: pid(i + 1),
      assessmentId: "batik-piece",
      attempts: 1,
      finalResult: { _tag: "Score", value: p.batik ?? 80 },
      passed: (p.batik ?? 80) >= 70
    },
    {
      participantId: pid(i + 1),
      assessmentId: "business-plan",
      attempts: 1,
      finalResult: { _tag: "Competency", value: p.businessPlan ?? "competent" },
      passed: (p.businessPlan ?? "competent") === "competent"
    }
  ])
  const passedAll = new Set(
    assessed
      .filter(({ i }) => results.filter((r) => r.participantId === pid(i + 1)).every((r) => r.passed))
      .map(({ i }) => i)
  )

  const endOf = (p: Plan) =>
    p.end === undefined
      ? { endDate: "2024-09-07", endReason: "completed" as const }
      : { endDate: p.end.lastDay, endReason: p.end.reason }
  const roster = plans.map((p, i) => ({
    participantId: pid(i + 1),
    name: nameOf(i),
    kind: p.kind,
    status: "ended",
    startDate: p.startDate ?? "2024-09-03",
    ...endOf(p),
    enrolledBy: "officer-blk-01",
    enrolledAt: wib(p.startDate ?? "2024-08-28", "07:00"),
    attendanceRatio: attendanceRatio(i)
  }))

  const byKind = (["officer", "inmate"] as const).map((kind) => {
    const members = plans.map((p, i) => ({ p, i })).filter(({ p }) => p.kind === kind)
    const ids = new Set(members.map(({ i }) => pid(i + 1)))
    const rows = register.filter((r) => ids.has(r.participantId))
    const count = (o: Outcome) => rows.filter((r) => r.outcome === o).length
    return {
      kind,
      enrolled: members.length,
      completed: members.filter(({ p }) => p.end === undefined).length,
      passed: members.filter(({ i }) => passedAll.has(i)).length,
      certified: members.filter(({ i }) => CERTIFIED.includes(i + 1)).length,
      present: count("present"),
      late: count("late"),
      excused: count("excused-absence"),
      unexcused: count("unexcused-absence"),
      attendanceRate: ratio(count("present") + count("late"), rows.length)
    }
  })
  const attended = register.filter((r) => r.outcome === "present" || r.outcome === "late").length
  const figures = {
    enrolled: plans.length,
    completed: plans.filter((p) => p.end === undefined).length,
    passed: passedAll.size,
    certified: CERTIFIED.length,
    sessionsHeld: sessions.filter((s) => s.held).length,
    sessionsCancelled: sessions.filter((s) => s.cancelled).length,
    attendanceRate: ratio(attended, register.length),
    passRate: ratio(passedAll.size, assessed.length)
  }
  const endReasons = ["completed", "released", "transferred", "dismissed"]
    .map((reason) => ({ reason, count: roster.filter((r) => r.endReason === reason).length }))
    .filter((r) => r.count > 0)

  const documents = [
    {
      documentId: "cip-batik-2024-doc-attendance",
      kind: "attendance-sheet",
      sha256: "9f2b5c1e0d4a7b3c8e6f1a2d5c9b0e4f7a3d6c1b8e5f2a9d4c7b0e3f6a1d8c5b",
      uri: "archive://lpcip/2024/bimtek-batik/daftar-hadir.pdf",
      containsPersonalData: true
    },
    {
      documentId: "cip-batik-2024-doc-photos",
      kind: "photo",
      sha256: "3c6e0b8a5f2d9c4e7b1a0f3d6c9e2b5a8d1f4c7e0b3a6d9c2f5e8b1a4d7c0e3f",
      uri: "archive://lpcip/2024/bimtek-batik/foto-penutupan.zip",
      containsPersonalData: true
    },
    {
      documentId: "cip-batik-2024-doc-report",
      kind: "report",
      sha256: "a1b2c3d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00",
      uri: "archive://lpcip/2024/bimtek-batik/laporan-pelaksanaan.pdf",
      containsPersonalData: false
    }
  ]

  return {
    meta: {
      generatedAt: "2024-09-20T05:30:00.000Z",
      logPosition: 297,
      logHash: "5d41402abc4b2a76b9719d911017c592e3b0c44298fc1c149afbf4c8996fb924",
      namesShown
    },
    summary: {
      programId: "cip-batik-2024",
      title: options.title ?? "Bimtek Wirausaha Baru IKM Batik",
      category: "Pembinaan kemandirian",
      facility: { code: "LPCIP", name: "Lapas Kelas I Cipinang", timeZone: "Asia/Jakarta" },
      venue: "BLK Lapas Kelas I Cipinang",
      letters: [
        {
          letterNumber: "B-535/IKMA.3/IND/VII/2024",
          letterDate: "2024-07-29",
          issuer: "Direktorat Jenderal Industri Kecil, Menengah dan Aneka (Ditjen IKMA), Kementerian Perindustrian",
          subject: "Bimbingan Teknis Wirausaha Baru IKM Batik bagi warga binaan"
        }
      ],
      partners: [{ organisation: "Yayasan Batik Indonesia", role: "trainer" }],
      plannedStart: "2024-09-03",
      plannedEnd: "2024-09-07",
      startedAt: wib("2024-09-03", "07:30"),
      closedAt: wib("2024-09-07", "10:00"),
      status: "closed",
      minAttendanceRatio: 0.8,
      figures,
      byKind,
      endReasons,
      documents: documents.length,
      recommendation: "revise"
    },
    roster,
    sessions,
    attendance: register,
    assessments: [
      {
        assessmentId: "batik-piece",
        title: options.assessmentTitles?.[0] ?? "Karya batik tulis",
        instrument: "practical",
        resultType: "score",
        min: 0,
        max: 100,
        passMark: 70
      },
      {
        assessmentId: "business-plan",
        title: options.assessmentTitles?.[1] ?? "Rencana usaha",
        instrument: "portfolio",
        resultType: "competency",
        min: 0,
        max: 1,
        passMark: 1
      }
    ],
    results,
    certificates: CERTIFIED.map((n, k) => ({
      certificateId: `cip-batik-2024-cert-${String(k + 1).padStart(2, "0")}`,
      number: `${String(k + 1).padStart(3, "0")}/SERT-BLK/LPCIP/IX/2024`,
      type: "completion",
      participantId: pid(n),
      holder: nameOf(n - 1),
      kind: plans[n - 1]!.kind,
      issuedAt: wib("2024-09-07", "10:15"),
      status: "valid",
      reason: null
    })),
    evaluation: {
      documents,
      findings:
        options.findings ??
        "25 peserta, 3 bersertifikat; enam warga binaan keluar sebelum selesai (bebas, pindah) dan satu dikeluarkan; kehadiran dan karya menjadi kendala utama.",
      recommendation: "revise",
      recordedAt: wib("2024-09-20", "09:00"),
      previous:
        options.previous === true
          ? {
              programId: "cip-batik-2023",
              title: "Bimtek Wirausaha Baru IKM Batik",
              plannedStart: "2023-10-09",
              plannedEnd: "2023-10-13",
              figures: {
                enrolled: 20,
                completed: 17,
                passed: 8,
                certified: 5,
                sessionsHeld: 8,
                sessionsCancelled: 1,
                attendanceRate: 0.842,
                passRate: 0.4706
              }
            }
          : null
    }
  }
}

/** The founding case's report data, decoded. */
export const foundingReport = (options: FixtureOptions = {}): ReportData =>
  Schema.decodeUnknownSync(ReportData)(encodedReport(options))

/** Names that try to break every format: markup, quotes, commas, newlines, formulas, accents. */
export const hostileNames: ReadonlyArray<string> = [
  `<script>alert("x")</script> Budi`,
  `O'Brien & "Sons", Ltd.`,
  "José Ñúñez",
  "Line one\nLine two",
  '=HYPERLINK("http://evil")',
  "+62 812 3456",
  "-Minus",
  "@Sum(A1)",
  "Ayu Ningsih, S.Pd.",
  "Wayan Sudarmá </td></tr></table>"
]
