/**
 * The words the command line prints, in Indonesian and English. Codes that are data (event
 * types, reason codes, ids) are printed as stored, in both languages, so a reader can search for
 * them; the words around them are translated. Error messages stay in English (their tag is
 * stable and searchable).
 *
 * @since 0.2.0
 */

/**
 * @since 0.2.0
 * @category models
 */
export type Lang = "id" | "en"

/**
 * @since 0.2.0
 * @category models
 */
export interface Labels {
  readonly status: Readonly<Record<string, string>>
  readonly kind: Readonly<Record<string, string>>
  readonly damage: Readonly<Record<string, string>>
  readonly program: string
  readonly title: string
  readonly facility: string
  readonly statusHeading: string
  readonly planned: string
  readonly started: string
  readonly closed: string
  readonly enrolled: string
  readonly completed: string
  readonly certified: string
  readonly events: string
  readonly noPrograms: string
  readonly intact: string
  readonly broken: string
  readonly head: string
  readonly checked: string
  readonly firstBadPosition: string
  readonly damageHeading: string
  readonly why: string
  readonly happened: string
  readonly recorded: string
  readonly by: string
  readonly role: string
  readonly source: string
  readonly what: string
  readonly asOf: string
  readonly sealAt: string
  readonly sealedAt: string
  readonly grewOnly: (from: number, to: number) => string
  readonly shorter: (head: number, seal: number) => string
  readonly anotherLog: (position: number) => string
  readonly signatureNotChecked: string
  readonly signatureChecked: (fingerprint: string) => string
  readonly rootNotChecked: string
  readonly sessions: string
  readonly sessionsHeld: (held: number, scheduled: number, cancelled: number) => string
  readonly attendanceRate: string
  readonly passRate: string
  readonly roster: string
  readonly certificates: string
  readonly participant: string
  readonly kindHeading: string
  readonly start: string
  readonly endReason: string
  readonly attendance: string
  readonly number: string
  readonly type: string
  readonly issued: string
  readonly holder: string
  readonly session: string
  readonly date: string
  readonly present: string
  readonly late: string
  readonly excused: string
  readonly unexcused: string
  readonly notRecorded: string
  readonly assessment: string
  readonly attempts: string
  readonly result: string
  readonly passed: string
  readonly yes: string
  readonly no: string
  readonly letters: string
  readonly partners: string
  readonly venue: string
  readonly summary: string
  readonly results: string
  readonly evaluation: string
  readonly recommendation: string
  readonly documents: string
  readonly endReasons: string
  readonly namesMasked: string
  readonly namesShown: string
  readonly generated: string
  readonly topic: string
  readonly item: string
  readonly value: string
}

const en: Labels = {
  status: {
    draft: "draft",
    published: "published",
    running: "running",
    closed: "closed",
    cancelled: "cancelled",
    archived: "archived",
    active: "active",
    suspended: "suspended",
    "auto-suspended": "suspended (custody)",
    ended: "ended",
    valid: "valid",
    revoked: "revoked",
    superseded: "superseded"
  },
  kind: { inmate: "inmate", detainee: "detainee", officer: "officer" },
  damage: { changed: "changed", missing: "missing", inserted: "inserted", reordered: "reordered" },
  program: "Program",
  title: "Title",
  facility: "Facility",
  statusHeading: "Status",
  planned: "Planned",
  started: "Started",
  closed: "Closed",
  enrolled: "Enrolled",
  completed: "Completed",
  certified: "Certified",
  events: "Events",
  noPrograms: "No programs in this ledger.",
  intact: "INTACT",
  broken: "BROKEN",
  head: "head",
  checked: "events checked",
  firstBadPosition: "first bad position",
  damageHeading: "damage",
  why: "why",
  happened: "happened",
  recorded: "recorded",
  by: "by",
  role: "role",
  source: "source",
  what: "what",
  asOf: "as of",
  sealAt: "seal at position",
  sealedAt: "sealed at",
  grewOnly: (from, to) => `the log only grew since the seal: from #${from} to #${to} (${to - from} events added)`,
  shorter: (head, seal) =>
    `the log is shorter than the seal: it ends at #${head}, the seal is at #${seal} (events were removed, or this is another, older log)`,
  anotherLog: (position) =>
    `another log: the chain is intact up to #${position} but the event there has another hash than the seal (a different database, or a log rewritten with recomputed hashes)`,
  signatureNotChecked: "signature not checked (give --key <public key file> to check it)",
  signatureChecked: (fingerprint) => `signature verified with key ${fingerprint}`,
  rootNotChecked: "Merkle root not checked: the log has no tree (run migrate)",
  sessions: "Sessions",
  sessionsHeld: (held, scheduled, cancelled) => `${held} held of ${scheduled} scheduled (${cancelled} cancelled)`,
  attendanceRate: "Attendance rate",
  passRate: "Passed every assessment",
  roster: "Roster",
  certificates: "Certificates",
  participant: "Participant",
  kindHeading: "Kind",
  start: "Start",
  endReason: "End reason",
  attendance: "Attendance",
  number: "Number",
  type: "Type",
  issued: "Issued",
  holder: "Holder",
  session: "Session",
  date: "Date",
  present: "Present",
  late: "Late",
  excused: "Excused",
  unexcused: "Unexcused",
  notRecorded: "Not recorded",
  assessment: "Assessment",
  attempts: "Attempts",
  result: "Final result",
  passed: "Passed",
  yes: "yes",
  no: "no",
  letters: "Letters",
  partners: "Partners",
  venue: "Venue",
  summary: "Program summary",
  results: "Assessment results",
  evaluation: "Evaluation material",
  recommendation: "Recommendation",
  documents: "Documents attached",
  endReasons: "End reasons",
  namesMasked: "Holders' names are masked (--show-names shows them).",
  namesShown: "Holders' names are shown (--show-names): personal data, handle under UU 27/2022.",
  generated: "Generated",
  topic: "Topic",
  item: "Item",
  value: "Value"
}

const id: Labels = {
  status: {
    draft: "draf",
    published: "pendaftaran dibuka",
    running: "berjalan",
    closed: "ditutup",
    cancelled: "dibatalkan",
    archived: "diarsipkan",
    active: "aktif",
    suspended: "ditangguhkan",
    "auto-suspended": "ditangguhkan (penahanan)",
    ended: "berakhir",
    valid: "berlaku",
    revoked: "dicabut",
    superseded: "diganti"
  },
  kind: { inmate: "WBP", detainee: "tahanan", officer: "petugas" },
  damage: { changed: "diubah", missing: "hilang", inserted: "disisipkan", reordered: "urutan diubah" },
  program: "Program",
  title: "Judul",
  facility: "Fasilitas",
  statusHeading: "Status",
  planned: "Jadwal",
  started: "Dimulai",
  closed: "Ditutup",
  enrolled: "Peserta",
  completed: "Selesai",
  certified: "Bersertifikat",
  events: "Peristiwa",
  noPrograms: "Belum ada program di buku besar ini.",
  intact: "UTUH",
  broken: "RUSAK",
  head: "ujung",
  checked: "peristiwa diperiksa",
  firstBadPosition: "posisi rusak pertama",
  damageHeading: "kerusakan",
  why: "alasan",
  happened: "terjadi",
  recorded: "dicatat",
  by: "oleh",
  role: "peran",
  source: "sumber",
  what: "apa",
  asOf: "per",
  sealAt: "segel pada posisi",
  sealedAt: "disegel pada",
  grewOnly: (from, to) =>
    `log hanya bertambah sejak segel: dari #${from} sampai #${to} (${to - from} peristiwa ditambahkan)`,
  shorter: (head, seal) =>
    `log lebih pendek dari segel: log berakhir di #${head}, segel di #${seal} (peristiwa dihapus, atau ini log lain yang lebih lama)`,
  anotherLog: (position) =>
    `log lain: rantai utuh sampai #${position} tetapi peristiwa di sana memiliki hash yang berbeda dari segel (basis data lain, atau log yang ditulis ulang)`,
  signatureNotChecked: "tanda tangan tidak diperiksa (berikan --key <berkas kunci publik> untuk memeriksanya)",
  signatureChecked: (fingerprint) => `tanda tangan terverifikasi dengan kunci ${fingerprint}`,
  rootNotChecked: "akar Merkle tidak diperiksa: log belum memiliki pohon (jalankan migrate)",
  sessions: "Sesi",
  sessionsHeld: (held, scheduled, cancelled) =>
    `${held} terlaksana dari ${scheduled} terjadwal (${cancelled} dibatalkan)`,
  attendanceRate: "Tingkat kehadiran",
  passRate: "Lulus semua asesmen",
  roster: "Daftar peserta",
  certificates: "Sertifikat",
  participant: "Peserta",
  kindHeading: "Jenis",
  start: "Mulai",
  endReason: "Alasan berakhir",
  attendance: "Kehadiran",
  number: "Nomor",
  type: "Jenis",
  issued: "Diterbitkan",
  holder: "Pemegang",
  session: "Sesi",
  date: "Tanggal",
  present: "Hadir",
  late: "Terlambat",
  excused: "Izin",
  unexcused: "Alpa",
  notRecorded: "Belum dicatat",
  assessment: "Asesmen",
  attempts: "Percobaan",
  result: "Hasil akhir",
  passed: "Lulus",
  yes: "ya",
  no: "tidak",
  letters: "Surat",
  partners: "Mitra",
  venue: "Tempat",
  summary: "Ringkasan program",
  results: "Hasil asesmen",
  evaluation: "Bahan evaluasi",
  recommendation: "Rekomendasi",
  documents: "Dokumentasi terlampir",
  endReasons: "Alasan berakhir",
  namesMasked: "Nama pemegang disamarkan (--show-names menampilkannya).",
  namesShown: "Nama pemegang ditampilkan (--show-names): data pribadi, tangani sesuai UU 27/2022.",
  generated: "Dibuat",
  topic: "Materi",
  item: "Butir",
  value: "Nilai"
}

/**
 * The labels of a language.
 *
 * @since 0.2.0
 * @category labels
 */
export const labels = (lang: Lang): Labels => (lang === "id" ? id : en)
