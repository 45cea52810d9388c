/**
 * The words and number formats of the reports, in Indonesian (`id`, the default: the programs
 * are Indonesian) and English (`en`).
 *
 * Codes from the data (kinds, outcomes, statuses, reasons) are looked up in `Map`s, never as
 * object keys, and a code without a label prints as itself rather than as `undefined`. Numbers
 * and dates are formatted here by hand, not by `Intl`, so a report reads the same on every
 * runtime whatever ICU data it ships.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"

/**
 * @since 0.2.0
 * @category models
 */
export const Lang = Schema.Literal("id", "en")
/**
 * @since 0.2.0
 * @category models
 */
export type Lang = typeof Lang.Type

/**
 * Every fixed text of a report in one language.
 *
 * @since 0.2.0
 * @category models
 */
export interface Labels {
  readonly lang: Lang
  readonly reportKind: string
  readonly generatedBy: string
  readonly page: string
  readonly of: string
  readonly none: string
  readonly yes: string
  readonly no: string
  readonly headings: {
    readonly summary: string
    readonly keyFigures: string
    readonly byKind: string
    readonly endReasons: string
    readonly charts: string
    readonly attendance: string
    readonly sessions: string
    readonly register: string
    readonly registerExceptions: string
    readonly roster: string
    readonly results: string
    readonly certificates: string
    readonly evaluation: string
    readonly documents: string
    readonly findings: string
    readonly comparison: string
    readonly traceability: string
  }
  readonly fields: {
    readonly program: string
    readonly programId: string
    readonly category: string
    readonly facility: string
    readonly venue: string
    readonly letter: string
    readonly partners: string
    readonly planned: string
    readonly actual: string
    readonly started: string
    readonly closed: string
    readonly status: string
    readonly timeZone: string
    readonly generatedAt: string
    readonly logPosition: string
    readonly logHash: string
    readonly names: string
    readonly namesShown: string
    readonly namesMasked: string
    readonly minAttendance: string
    readonly recommendation: string
    readonly recordedAt: string
    readonly subject: string
    readonly dated: string
  }
  readonly figures: {
    readonly enrolled: string
    readonly completed: string
    readonly passed: string
    readonly certified: string
    readonly sessionsHeld: string
    readonly sessionsCancelled: string
    readonly attendanceRate: string
    readonly passRate: string
    readonly documents: string
    readonly total: string
  }
  readonly columns: {
    readonly no: string
    readonly participant: string
    readonly participantId: string
    readonly name: string
    readonly kind: string
    readonly status: string
    readonly start: string
    readonly end: string
    readonly endReason: string
    readonly enrolledBy: string
    readonly enrolledAt: string
    readonly attendanceRatio: string
    readonly session: string
    readonly sessionId: string
    readonly date: string
    readonly time: string
    readonly topic: string
    readonly cancelled: string
    readonly held: string
    readonly expected: string
    readonly present: string
    readonly late: string
    readonly excused: string
    readonly unexcused: string
    readonly notRecorded: string
    readonly rate: string
    readonly outcome: string
    readonly reason: string
    readonly note: string
    readonly recordedBy: string
    readonly recordedAt: string
    readonly corrections: string
    readonly assessment: string
    readonly assessmentId: string
    readonly instrument: string
    readonly passMark: string
    readonly attempts: string
    readonly finalResult: string
    readonly passed: string
    readonly notYetPassed: string
    readonly notYet: string
    readonly number: string
    readonly type: string
    readonly holder: string
    readonly issuedAt: string
    readonly documentId: string
    readonly documentKind: string
    readonly sha256: string
    readonly uri: string
    readonly personalData: string
    readonly figure: string
    readonly current: string
    readonly previous: string
    readonly change: string
    readonly count: string
    readonly item: string
    readonly certificateType: string
    readonly participantKind: string
    readonly value: string
  }
  readonly charts: {
    readonly attendancePerSession: string
    readonly attendanceByKind: string
    readonly resultsPerAssessment: string
    readonly certificationFunnel: string
    readonly participants: string
    readonly share: string
    readonly sessionAxis: string
  }
  readonly notes: {
    readonly noPrevious: string
    readonly noFindings: string
    readonly noDocuments: string
    readonly noCertificates: string
    readonly noAssessments: string
    readonly noSessions: string
    readonly noEndReasons: string
    readonly noMark: string
    readonly corrected: string
    readonly registerLegend: string
    readonly registerFull: string
    readonly attendanceDefinition: string
    readonly passDefinition: string
    readonly heldDefinition: string
    readonly traceability: string
    readonly cancelledSessions: string
  }
  /** Short sentences around a number, for the key figures. */
  readonly phrases: {
    readonly ofEnrolled: (percent: string) => string
    readonly cancelled: (count: string) => string
    readonly minimum: (percent: string) => string
    readonly passRate: (percent: string) => string
    readonly attached: (count: string) => string
    readonly sessionNumber: (no: string) => string
    readonly generated: (when: string) => string
  }
  /** Single-letter symbols of the register grid. */
  readonly symbols: ReadonlyMap<string, string>
  readonly kinds: ReadonlyMap<string, string>
  /** The plural, for chart axes and headings ("Warga binaan (WBP)"). */
  readonly kindsLong: ReadonlyMap<string, string>
  readonly outcomes: ReadonlyMap<string, string>
  /** One word each, for table cells: Hadir, Terlambat, Izin, Alpa. */
  readonly outcomesShort: ReadonlyMap<string, string>
  readonly absenceReasons: ReadonlyMap<string, string>
  readonly endReasons: ReadonlyMap<string, string>
  readonly enrollmentStatuses: ReadonlyMap<string, string>
  readonly programStatuses: ReadonlyMap<string, string>
  readonly certificateStatuses: ReadonlyMap<string, string>
  readonly certificateTypes: ReadonlyMap<string, string>
  readonly revokeReasons: ReadonlyMap<string, string>
  readonly recommendations: ReadonlyMap<string, string>
  readonly documentKinds: ReadonlyMap<string, string>
  readonly partnerRoles: ReadonlyMap<string, string>
  readonly instruments: ReadonlyMap<string, string>
  readonly competencies: ReadonlyMap<string, string>
  readonly months: ReadonlyArray<string>
  readonly monthsShort: ReadonlyArray<string>
  readonly decimalSeparator: string
  readonly groupSeparator: string
  /** Between a date and a time of day: "7 September 2024 pukul 10.00" / "7 September 2024, 10:00". */
  readonly dateTimeJoin: string
  readonly timeSeparator: string
}

const id: Labels = {
  lang: "id",
  reportKind: "Laporan Pelaksanaan Program",
  generatedBy: "dibuat oleh training-ledger",
  page: "Halaman",
  of: "dari",
  none: "—",
  yes: "Ya",
  no: "Tidak",
  headings: {
    summary: "Ringkasan program",
    keyFigures: "Angka utama",
    byKind: "Menurut jenis peserta",
    endReasons: "Alasan berakhirnya keikutsertaan",
    charts: "Grafik",
    attendance: "Kehadiran",
    sessions: "Rekapitulasi sesi",
    register: "Daftar hadir",
    registerExceptions: "Catatan ketidakhadiran, keterlambatan dan koreksi",
    roster: "Daftar peserta",
    results: "Hasil penilaian",
    certificates: "Register sertifikat",
    evaluation: "Bahan evaluasi",
    documents: "Dokumentasi",
    findings: "Temuan dan rekomendasi",
    comparison: "Perbandingan dengan pelaksanaan sebelumnya",
    traceability: "Keterlacakan"
  },
  fields: {
    program: "Program",
    programId: "ID program",
    category: "Kategori",
    facility: "Satuan kerja",
    venue: "Tempat",
    letter: "Dasar surat",
    partners: "Mitra",
    planned: "Jadwal rencana",
    actual: "Pelaksanaan",
    started: "Dimulai",
    closed: "Ditutup",
    status: "Status",
    timeZone: "Zona waktu",
    generatedAt: "Dibuat pada",
    logPosition: "Posisi log",
    logHash: "Hash kepala log",
    names: "Nama peserta",
    namesShown: "ditampilkan (atas permintaan peran yang berwenang)",
    namesMasked: "disamarkan (UU 27/2022 tentang Pelindungan Data Pribadi)",
    minAttendance: "Kehadiran minimum",
    recommendation: "Rekomendasi",
    recordedAt: "Dicatat pada",
    subject: "Perihal",
    dated: "tanggal"
  },
  figures: {
    enrolled: "Terdaftar",
    completed: "Menyelesaikan",
    passed: "Lulus penilaian",
    certified: "Bersertifikat",
    sessionsHeld: "Sesi terlaksana",
    sessionsCancelled: "Sesi dibatalkan",
    attendanceRate: "Tingkat kehadiran",
    passRate: "Tingkat kelulusan",
    documents: "Dokumen",
    total: "Jumlah"
  },
  columns: {
    no: "No.",
    participant: "Peserta",
    participantId: "ID peserta",
    name: "Nama",
    kind: "Jenis",
    status: "Status",
    start: "Mulai",
    end: "Selesai",
    endReason: "Alasan berakhir",
    enrolledBy: "Didaftarkan oleh",
    enrolledAt: "Didaftarkan pada",
    attendanceRatio: "Kehadiran",
    session: "Sesi",
    sessionId: "ID sesi",
    date: "Tanggal",
    time: "Waktu",
    topic: "Materi",
    cancelled: "Dibatalkan",
    held: "Terlaksana",
    expected: "Peserta",
    present: "Hadir",
    late: "Terlambat",
    excused: "Izin",
    unexcused: "Alpa",
    notRecorded: "Tanpa catatan",
    rate: "Kehadiran",
    outcome: "Keterangan",
    reason: "Alasan",
    note: "Catatan",
    recordedBy: "Dicatat oleh",
    recordedAt: "Dicatat pada",
    corrections: "Koreksi",
    assessment: "Penilaian",
    assessmentId: "ID penilaian",
    instrument: "Instrumen",
    passMark: "Batas lulus",
    attempts: "Percobaan",
    finalResult: "Hasil akhir",
    passed: "Lulus",
    notYetPassed: "Belum lulus",
    notYet: "Belum",
    number: "Nomor",
    type: "Jenis",
    holder: "Pemegang",
    issuedAt: "Diterbitkan",
    documentId: "ID dokumen",
    documentKind: "Jenis dokumen",
    sha256: "SHA-256",
    uri: "Lokasi arsip",
    personalData: "Data pribadi",
    figure: "Angka",
    current: "Pelaksanaan ini",
    previous: "Sebelumnya",
    change: "Selisih",
    count: "Jumlah",
    item: "Uraian",
    certificateType: "Jenis sertifikat",
    participantKind: "Jenis peserta",
    value: "Isi"
  },
  charts: {
    attendancePerSession: "Kehadiran per sesi",
    attendanceByKind: "Kehadiran menurut jenis peserta",
    resultsPerAssessment: "Hasil per penilaian",
    certificationFunnel: "Dari pendaftaran ke sertifikat",
    participants: "Peserta",
    share: "Persentase tanda kehadiran",
    sessionAxis: "Sesi (tanggal, jam mulai)"
  },
  notes: {
    noPrevious: "Belum ada pelaksanaan sebelumnya dalam seri ini.",
    noFindings: "Temuan belum dicatat.",
    noDocuments: "Belum ada dokumen yang dilampirkan.",
    noCertificates: "Belum ada sertifikat yang diterbitkan.",
    noAssessments: "Tidak ada penilaian yang ditetapkan.",
    noSessions: "Belum ada sesi yang terlaksana.",
    noEndReasons: "Belum ada keikutsertaan yang berakhir.",
    noMark: "tidak ada catatan (belum terdaftar, sudah berakhir atau ditangguhkan pada tanggal itu)",
    corrected: "catatan yang telah dikoreksi (riwayat koreksi tersimpan dalam log)",
    registerLegend: "Keterangan",
    registerFull:
      "Daftar hadir lengkap, termasuk pencatat dan waktu pencatatan setiap tanda, tersedia sebagai CSV (tabel attendance).",
    attendanceDefinition:
      "Tingkat kehadiran = (hadir + terlambat) / seluruh tanda kehadiran pada sesi yang terlaksana, setelah koreksi.",
    passDefinition: "Tingkat kelulusan = peserta yang lulus semua penilaian wajib / peserta yang memiliki hasil akhir.",
    heldDefinition: "Sesi terlaksana = tidak dibatalkan dan sudah dimulai pada saat penutupan.",
    traceability:
      "Angka dalam laporan ini dihitung dari log peristiwa sampai posisi dan hash di atas; siapa pun dapat memeriksanya ulang dengan perintah verify.",
    cancelledSessions: "Sesi dibatalkan tidak digambarkan"
  },
  phrases: {
    ofEnrolled: (percent) => `${percent} dari yang terdaftar`,
    cancelled: (count) => `${count} sesi dibatalkan`,
    minimum: (percent) => `syarat sertifikat: minimal ${percent} per peserta`,
    passRate: (percent) => `tingkat kelulusan ${percent}`,
    attached: (count) => `${count} berisi data pribadi`,
    sessionNumber: (no) => `Sesi ${no}`,
    generated: (when) => `Dibuat oleh training-ledger pada ${when}.`
  },
  symbols: new Map([
    ["present", "H"],
    ["late", "T"],
    ["excused-absence", "I"],
    ["unexcused-absence", "A"]
  ]),
  kinds: new Map([
    ["inmate", "WBP"],
    ["detainee", "Tahanan"],
    ["officer", "Petugas"]
  ]),
  kindsLong: new Map([
    ["inmate", "Warga binaan (WBP)"],
    ["detainee", "Tahanan"],
    ["officer", "Petugas"]
  ]),
  outcomes: new Map([
    ["present", "Hadir"],
    ["late", "Terlambat"],
    ["excused-absence", "Izin (tidak hadir dengan alasan sah)"],
    ["unexcused-absence", "Alpa (tidak hadir tanpa alasan sah)"]
  ]),
  outcomesShort: new Map([
    ["present", "Hadir"],
    ["late", "Terlambat"],
    ["excused-absence", "Izin"],
    ["unexcused-absence", "Alpa"]
  ]),
  absenceReasons: new Map([
    ["sick", "Sakit"],
    ["court-hearing", "Sidang pengadilan"],
    ["family-visit", "Kunjungan keluarga"],
    ["schedule-clash", "Bentrok dengan kegiatan lain"],
    ["security-regime", "Pengamanan (razia, penutupan blok)"],
    ["temporary-absence", "Izin keluar sementara"],
    ["on-duty", "Dinas"],
    ["refused", "Menolak hadir"],
    ["other", "Lainnya"]
  ]),
  endReasons: new Map([
    ["completed", "Selesai mengikuti program"],
    ["withdrawn-own", "Mengundurkan diri"],
    ["withdrawn-staff", "Ditarik oleh petugas"],
    ["dismissed", "Dikeluarkan dari program"],
    ["health", "Alasan kesehatan"],
    ["security", "Alasan keamanan"],
    ["other", "Lainnya"],
    ["released", "Bebas"],
    ["transferred", "Dipindahkan ke satuan kerja lain"],
    ["deceased", "Meninggal dunia"],
    ["program-cancelled", "Program dibatalkan"]
  ]),
  enrollmentStatuses: new Map([
    ["active", "Aktif"],
    ["suspended", "Ditangguhkan"],
    ["auto-suspended", "Ditangguhkan (otomatis)"],
    ["ended", "Berakhir"]
  ]),
  programStatuses: new Map([
    ["draft", "Draf"],
    ["published", "Pendaftaran dibuka"],
    ["running", "Berjalan"],
    ["closed", "Ditutup"],
    ["cancelled", "Dibatalkan"],
    ["archived", "Diarsipkan"]
  ]),
  certificateStatuses: new Map([
    ["valid", "Berlaku"],
    ["revoked", "Dicabut"],
    ["superseded", "Diganti"]
  ]),
  certificateTypes: new Map([
    ["completion", "Tanda tamat pelatihan"],
    ["participation", "Keikutsertaan"]
  ]),
  revokeReasons: new Map([
    ["issued-in-error", "Salah terbit"],
    ["fraud", "Kecurangan"],
    ["assessment-voided", "Hasil penilaian dibatalkan"],
    ["holder-request", "Permintaan pemegang"]
  ]),
  recommendations: new Map([
    ["continue", "Dilanjutkan"],
    ["revise", "Dilanjutkan dengan perbaikan"],
    ["stop", "Dihentikan"]
  ]),
  documentKinds: new Map([
    ["photo", "Foto"],
    ["report", "Laporan"],
    ["attendance-sheet", "Daftar hadir"],
    ["letter", "Surat"]
  ]),
  partnerRoles: new Map([
    ["trainer", "pelatih"],
    ["funder", "penyandang dana"],
    ["assessor", "asesor"]
  ]),
  instruments: new Map([
    ["practical", "Praktik"],
    ["written", "Tertulis"],
    ["observation", "Observasi"],
    ["portfolio", "Portofolio"]
  ]),
  competencies: new Map([
    ["competent", "Kompeten"],
    ["not-yet-competent", "Belum kompeten"]
  ]),
  months: [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember"
  ],
  monthsShort: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
  decimalSeparator: ",",
  groupSeparator: ".",
  dateTimeJoin: " pukul ",
  timeSeparator: "."
}

const en: Labels = {
  lang: "en",
  reportKind: "Program Report",
  generatedBy: "generated by training-ledger",
  page: "Page",
  of: "of",
  none: "—",
  yes: "Yes",
  no: "No",
  headings: {
    summary: "Program summary",
    keyFigures: "Key figures",
    byKind: "By participant kind",
    endReasons: "Why enrolments ended",
    charts: "Charts",
    attendance: "Attendance",
    sessions: "Session summary",
    register: "Attendance register",
    registerExceptions: "Absences, late arrivals and corrections",
    roster: "Roster",
    results: "Assessment results",
    certificates: "Certificate register",
    evaluation: "Evaluation material",
    documents: "Documentation",
    findings: "Findings and recommendation",
    comparison: "Compared with the previous iteration",
    traceability: "Traceability"
  },
  fields: {
    program: "Program",
    programId: "Program id",
    category: "Category",
    facility: "Facility",
    venue: "Venue",
    letter: "Letter of authorisation",
    partners: "Partners",
    planned: "Planned",
    actual: "Held",
    started: "Started",
    closed: "Closed",
    status: "Status",
    timeZone: "Time zone",
    generatedAt: "Generated at",
    logPosition: "Log position",
    logHash: "Log head hash",
    names: "Participant names",
    namesShown: "shown (asked for by a role allowed to see them)",
    namesMasked: "masked (Indonesian Personal Data Protection Law, UU 27/2022)",
    minAttendance: "Minimum attendance",
    recommendation: "Recommendation",
    recordedAt: "Recorded at",
    subject: "Subject",
    dated: "dated"
  },
  figures: {
    enrolled: "Enrolled",
    completed: "Completed",
    passed: "Passed assessments",
    certified: "Certified",
    sessionsHeld: "Sessions held",
    sessionsCancelled: "Sessions cancelled",
    attendanceRate: "Attendance rate",
    passRate: "Pass rate",
    documents: "Documents",
    total: "Total"
  },
  columns: {
    no: "No.",
    participant: "Participant",
    participantId: "Participant id",
    name: "Name",
    kind: "Kind",
    status: "Status",
    start: "Start",
    end: "End",
    endReason: "End reason",
    enrolledBy: "Enrolled by",
    enrolledAt: "Enrolled at",
    attendanceRatio: "Attendance",
    session: "Session",
    sessionId: "Session id",
    date: "Date",
    time: "Time",
    topic: "Topic",
    cancelled: "Cancelled",
    held: "Held",
    expected: "Expected",
    present: "Present",
    late: "Late",
    excused: "Excused",
    unexcused: "Unexcused",
    notRecorded: "Not recorded",
    rate: "Rate",
    outcome: "Outcome",
    reason: "Reason",
    note: "Note",
    recordedBy: "Recorded by",
    recordedAt: "Recorded at",
    corrections: "Corrections",
    assessment: "Assessment",
    assessmentId: "Assessment id",
    instrument: "Instrument",
    passMark: "Pass mark",
    attempts: "Attempts",
    finalResult: "Final result",
    passed: "Passed",
    notYetPassed: "Not yet passed",
    notYet: "Not yet",
    number: "Number",
    type: "Type",
    holder: "Holder",
    issuedAt: "Issued",
    documentId: "Document id",
    documentKind: "Kind",
    sha256: "SHA-256",
    uri: "Archive location",
    personalData: "Personal data",
    figure: "Figure",
    current: "This iteration",
    previous: "Previous",
    change: "Change",
    count: "Count",
    item: "Item",
    certificateType: "Certificate type",
    participantKind: "Participant kind",
    value: "Value"
  },
  charts: {
    attendancePerSession: "Attendance per session",
    attendanceByKind: "Attendance by participant kind",
    resultsPerAssessment: "Results per assessment",
    certificationFunnel: "From enrolment to certificate",
    participants: "Participants",
    share: "Share of attendance marks",
    sessionAxis: "Session (date, start time)"
  },
  notes: {
    noPrevious: "No previous iteration in this series yet.",
    noFindings: "No findings recorded yet.",
    noDocuments: "No documents attached yet.",
    noCertificates: "No certificates issued yet.",
    noAssessments: "No assessments defined.",
    noSessions: "No session held yet.",
    noEndReasons: "No enrolment has ended yet.",
    noMark: "no mark (not yet enrolled, ended or suspended on that date)",
    corrected: "mark corrected (every version is kept in the log)",
    registerLegend: "Legend",
    registerFull: "The full register, with who recorded each mark and when, is available as CSV (table attendance).",
    attendanceDefinition:
      "Attendance rate = (present + late) / every attendance mark of the sessions held, after corrections.",
    passDefinition: "Pass rate = participants who passed every required assessment / participants with a final result.",
    heldDefinition: "A session is held when it is not cancelled and started by the closing.",
    traceability:
      "The figures in this report were computed from the event log up to the position and hash above; anyone can re-check them with the verify command.",
    cancelledSessions: "Cancelled sessions are not drawn"
  },
  phrases: {
    ofEnrolled: (percent) => `${percent} of those enrolled`,
    cancelled: (count) => `${count} cancelled`,
    minimum: (percent) => `certificate requires at least ${percent} each`,
    passRate: (percent) => `pass rate ${percent}`,
    attached: (count) => `${count} with personal data`,
    sessionNumber: (no) => `Session ${no}`,
    generated: (when) => `Generated by training-ledger on ${when}.`
  },
  symbols: new Map([
    ["present", "P"],
    ["late", "L"],
    ["excused-absence", "E"],
    ["unexcused-absence", "U"]
  ]),
  kinds: new Map([
    ["inmate", "Inmate"],
    ["detainee", "Detainee"],
    ["officer", "Officer"]
  ]),
  kindsLong: new Map([
    ["inmate", "Inmates (WBP)"],
    ["detainee", "Detainees"],
    ["officer", "Officers"]
  ]),
  outcomes: new Map([
    ["present", "Present"],
    ["late", "Late"],
    ["excused-absence", "Excused absence"],
    ["unexcused-absence", "Unexcused absence"]
  ]),
  outcomesShort: new Map([
    ["present", "Present"],
    ["late", "Late"],
    ["excused-absence", "Excused"],
    ["unexcused-absence", "Unexcused"]
  ]),
  absenceReasons: new Map([
    ["sick", "Sick"],
    ["court-hearing", "Court hearing"],
    ["family-visit", "Family visit"],
    ["schedule-clash", "Clash with another activity"],
    ["security-regime", "Security regime (search, lockdown)"],
    ["temporary-absence", "Temporary absence from custody"],
    ["on-duty", "On duty"],
    ["refused", "Refused to attend"],
    ["other", "Other"]
  ]),
  endReasons: new Map([
    ["completed", "Completed the program"],
    ["withdrawn-own", "Withdrew"],
    ["withdrawn-staff", "Withdrawn by staff"],
    ["dismissed", "Dismissed from the program"],
    ["health", "Health"],
    ["security", "Security"],
    ["other", "Other"],
    ["released", "Released"],
    ["transferred", "Transferred to another facility"],
    ["deceased", "Deceased"],
    ["program-cancelled", "Program cancelled"]
  ]),
  enrollmentStatuses: new Map([
    ["active", "Active"],
    ["suspended", "Suspended"],
    ["auto-suspended", "Suspended (automatic)"],
    ["ended", "Ended"]
  ]),
  programStatuses: new Map([
    ["draft", "Draft"],
    ["published", "Enrolment open"],
    ["running", "Running"],
    ["closed", "Closed"],
    ["cancelled", "Cancelled"],
    ["archived", "Archived"]
  ]),
  certificateStatuses: new Map([
    ["valid", "Valid"],
    ["revoked", "Revoked"],
    ["superseded", "Superseded"]
  ]),
  certificateTypes: new Map([
    ["completion", "Completion"],
    ["participation", "Participation"]
  ]),
  revokeReasons: new Map([
    ["issued-in-error", "Issued in error"],
    ["fraud", "Fraud"],
    ["assessment-voided", "Assessment voided"],
    ["holder-request", "Holder's request"]
  ]),
  recommendations: new Map([
    ["continue", "Continue"],
    ["revise", "Continue with revisions"],
    ["stop", "Stop"]
  ]),
  documentKinds: new Map([
    ["photo", "Photo"],
    ["report", "Report"],
    ["attendance-sheet", "Attendance sheet"],
    ["letter", "Letter"]
  ]),
  partnerRoles: new Map([
    ["trainer", "trainer"],
    ["funder", "funder"],
    ["assessor", "assessor"]
  ]),
  instruments: new Map([
    ["practical", "Practical"],
    ["written", "Written"],
    ["observation", "Observation"],
    ["portfolio", "Portfolio"]
  ]),
  competencies: new Map([
    ["competent", "Competent"],
    ["not-yet-competent", "Not yet competent"]
  ]),
  months: [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December"
  ],
  monthsShort: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  decimalSeparator: ".",
  groupSeparator: ",",
  dateTimeJoin: ", ",
  timeSeparator: ":"
}

const catalogues: ReadonlyMap<Lang, Labels> = new Map<Lang, Labels>([
  ["id", id],
  ["en", en]
])

/**
 * The labels of a language; Indonesian for anything else.
 *
 * @since 0.2.0
 * @category labels
 */
export const labels = (lang: Lang): Labels => catalogues.get(lang) ?? id

/**
 * The label of a code, or the code itself when it has none (a newer code still prints).
 *
 * @since 0.2.0
 * @category labels
 */
export const label = (table: ReadonlyMap<string, string>, code: string): string => table.get(code) ?? code

const group = (digits: string, separator: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator)

/**
 * A whole number with the language's grouping: `1.234` (id), `1,234` (en).
 *
 * @since 0.2.0
 * @category formatting
 */
export const formatInteger = (n: number, lang: Lang): string => {
  const rounded = Math.round(n)
  const digits = group(String(Math.abs(rounded)), labels(lang).groupSeparator)
  return rounded < 0 ? `−${digits}` : digits
}

/**
 * A number with a fixed count of decimals: `87,1` (id), `87.1` (en).
 *
 * @since 0.2.0
 * @category formatting
 */
export const formatDecimal = (n: number, lang: Lang, decimals: number): string => {
  const l = labels(lang)
  const [whole, fraction] = Math.abs(n).toFixed(decimals).split(".") as [string, string | undefined]
  const body = group(whole, l.groupSeparator) + (fraction === undefined ? "" : l.decimalSeparator + fraction)
  return n < 0 && Number(body.replace(/\D/g, "")) !== 0 ? `−${body}` : body
}

/**
 * A ratio as a percentage with one decimal: `87,1%` (id), `87.1%` (en); a dash for `null`.
 *
 * @since 0.2.0
 * @category formatting
 */
export const formatPercent = (ratio: number | null, lang: Lang, decimals = 1): string =>
  ratio === null ? labels(lang).none : `${formatDecimal(ratio * 100, lang, decimals)}%`

/**
 * A change in percentage points: `+4,0 pp`, `−2,5 pp`, `0,0 pp`; a dash when either side is `null`.
 *
 * @since 0.2.0
 * @category formatting
 */
export const formatPointChange = (current: number | null, previous: number | null, lang: Lang): string => {
  if (current === null || previous === null) return labels(lang).none
  // from the printed (rounded) rates, so a reader who subtracts them gets the same number
  const points = (Math.round(current * 1000) - Math.round(previous * 1000)) / 10
  return `${points > 0 ? "+" : ""}${formatDecimal(points, lang, 1)} pp`
}

/**
 * A change in a count: `+3`, `−2`, `0`.
 *
 * @since 0.2.0
 * @category formatting
 */
export const formatCountChange = (current: number, previous: number, lang: Lang): string => {
  const change = current - previous
  return `${change > 0 ? "+" : ""}${formatInteger(change, lang)}`
}

/**
 * A local date `YYYY-MM-DD`: `7 September 2024` (long), `7 Sep 2024` (short), `7 Sep` (day),
 * `7 September` (dayLong).
 * A string that is not such a date prints as itself.
 *
 * @since 0.2.0
 * @category formatting
 */
export const formatLocalDate = (
  date: string,
  lang: Lang,
  style: "long" | "short" | "day" | "dayLong" = "long"
): string => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (match === null) return date
  const l = labels(lang)
  const [, year, month, day] = match as unknown as [string, string, string, string]
  const m = Number(month) - 1
  const name = (style === "long" || style === "dayLong" ? l.months : l.monthsShort)[m]
  if (name === undefined) return date
  const dayNumber = String(Number(day))
  return style === "day" || style === "dayLong" ? `${dayNumber} ${name}` : `${dayNumber} ${name} ${year}`
}

/**
 * A period between two local dates, shortened when they share a month or a year:
 * `3–7 September 2024`, `30 Agustus – 2 September 2024`.
 *
 * @since 0.2.0
 * @category formatting
 */
export const formatDateRange = (start: string, end: string, lang: Lang): string => {
  if (start === end) return formatLocalDate(start, lang)
  const [sy, sm] = start.split("-")
  const [ey, em] = end.split("-")
  const last = formatLocalDate(end, lang)
  if (sy === ey && sm === em) return `${Number(start.slice(8, 10))}–${last}`
  if (sy === ey) return `${formatLocalDate(start, lang, "dayLong")} – ${last}`
  return `${formatLocalDate(start, lang)} – ${last}`
}

/**
 * A wall-clock time `HH:mm` in the language's style: `08.00` (id), `08:00` (en).
 *
 * @since 0.2.0
 * @category formatting
 */
export const formatLocalTime = (time: string, lang: Lang): string => time.replace(":", labels(lang).timeSeparator)
