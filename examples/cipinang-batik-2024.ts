/**
 * The founding case, end to end: the batik entrepreneurship course (Bimtek Wirausaha Baru IKM
 * Batik) at Lapas Kelas I Cipinang, 3 to 7 September 2024, recorded through the Ledger on an
 * embedded SQLite file, then summarised in Indonesian and English and the hash chain verified.
 *
 *   npm run demo                                    # ./demo.sqlite, recreated on each run (--fresh)
 *   npx tsx examples/cipinang-batik-2024.ts --db sqlite:/tmp/x.sqlite   # a new or empty store
 *   npx tsx examples/cipinang-batik-2024.ts --db postgres://postgres@127.0.0.1:5432/test --force
 *   npx tsx examples/cipinang-batik-2024.ts --db memory:
 *
 * A store that already holds events is refused (the demo never touches someone's records) unless
 * `--force` is given: the demo then records its program beside them, under a new id. `--fresh`
 * deletes the SQLite file first; the npm script uses it for its own ./demo.sqlite only.
 *
 * Participants and their names are fictional; names live in the participant registry, encrypted
 * with each person's own key, never in the events in clear (a certificate carries its holder's name
 * encrypted with the holder's key). Each command is recorded by the role the access policy gives
 * it (`src/demo/Cast.ts`): the program officer, the trainer, the assessor, the head of the facility.
 *
 * Privacy keys: from the environment when set (`TRAINING_LEDGER_KEK_FILE`, ...: see the README);
 * otherwise the demo creates two key files beside its database on first use and reuses them
 * after (`./demo.keys/kek.key` and `blind-index.key` for `./demo.sqlite`, mode 0600), and
 * `memory:` uses random keys. Delete the keys and the database together: a database whose keys
 * are gone has lost its personal data (the event log stays complete and verifiable).
 */
import { Effect, Option } from "effect"
import { rmSync } from "node:fs"
import { resolve } from "node:path"
import { castOf } from "../src/demo/Cast.js"
import * as Demo from "../src/demo/Demo.js"
import * as Ledger from "../src/ledger/Ledger.js"
import { Participants } from "../src/ledger/Participants.js"
import { isCertificateEvent } from "../src/ledger/Requests.js"
import { mask } from "../src/policy/Masking.js"
import { EventStore } from "../src/ports/EventStore.js"
import { LogAudit } from "../src/ports/LogAudit.js"
import { ParticipantRegistry } from "../src/ports/ParticipantRegistry.js"
import * as ProgramSummary from "../src/projections/ProgramSummary.js"
import { fold } from "../src/projections/Projection.js"
import { displayName } from "../src/registry/Participant.js"
import * as Stores from "../src/stores/Stores.js"
import { foundingCase } from "../src/demo/cipinangBatik2024.js"

const argument = (name: string) => {
  const i = process.argv.indexOf(name)
  return i === -1 ? undefined : process.argv[i + 1]
}

const url = (() => {
  const given = argument("--db") ?? "sqlite:./demo.sqlite"
  return given.startsWith("sqlite:") ? `sqlite:${resolve(given.slice("sqlite:".length))}` : given
})()

const force = process.argv.includes("--force")
if (process.argv.includes("--fresh") && url.startsWith("sqlite:")) {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(url.slice("sqlite:".length) + suffix, { force: true })
}

const percent = (x: number | undefined) => (x === undefined ? "-" : `${(x * 100).toFixed(1)}%`)
const kindLabel = { officer: "petugas / officer", inmate: "WBP / inmate", detainee: "tahanan / detainee" }
const wib = (d: Date | undefined) =>
  d === undefined ? "-" : `${new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 16).replace("T", " ")} WIB`

const program = (keysNote: string) =>
  Effect.gen(function* () {
    const ledger = yield* Ledger.Ledger
    const participants = yield* Participants
    const registry = yield* ParticipantRegistry
    const store = yield* EventStore
    const audit = yield* LogAudit
    const cast = castOf("LPCIP")

    // Refuses a store that already holds events unless --force (then under a program id of its own).
    const recorded = yield* Demo.record({ force })
    const programId = recorded.programId
    const issued = recorded.certificates
    const scenario = foundingCase({ programId, verificationCodeHash: () => "0".repeat(64) })

    const history = yield* ledger.history(programId)
    const summary = ProgramSummary.view(fold(ProgramSummary.projection, history).get(programId)!)
    // The name printed on each certificate, as its event recorded it (encrypted with the holder's
    // key), decrypted and masked: this printout is for anyone in the room.
    const names = new Map<string, string>()
    for (const e of history) {
      if (!isCertificateEvent(e.event) || e.event.holderName === "not-recorded") continue
      const name = yield* registry.openField(e.event.participantId, "fullName", e.event.holderName)
      // The scenario's names end in "(fiktif)": that marker stays readable.
      names.set(
        e.event.participantId,
        String(name)
          .split(" ")
          .map((word) => (word.startsWith("(") ? word : mask(word)))
          .join(" ")
      )
    }

    // A lawful erasure request for a participant released before the end: the data protection
    // officer erases the personal data; the record of the program stays whole and verifiable.
    const released = scenario.shortfalls.find((s) => s.explanation.startsWith("released"))!
    yield* participants.erase(
      released.participantId,
      { lawfulBasis: "permintaan subjek data, UU 27/2022 pasal 8", reference: "DEMO/PDP/2024/001" },
      cast.dataProtection
    )
    const afterErasure = yield* participants.get(released.participantId, cast.head)
    const report = yield* audit.verify()
    const head = yield* store.head()

    const lines = [
      "training-ledger: Bimtek Wirausaha Baru IKM Batik, Lapas Kelas I Cipinang (2024)",
      `Basis data / database: ${url}`,
      "",
      "RINGKASAN PROGRAM / PROGRAM SUMMARY",
      `  Program: ${summary.title} (${summary.programId})`,
      `  Fasilitas / facility: ${summary.facility}, tempat / venue: ${summary.venue}`,
      ...summary.letters.map((l) => `  Surat / letter: ${l.letterNumber} (${l.issuer}, ${l.letterDate})`),
      ...summary.partners.map((p) => `  Mitra / partner: ${p.organisation} (${p.role})`),
      `  Jadwal / planned: ${summary.plannedStart} s.d. / to ${summary.plannedEnd}`,
      `  Penutupan / closed: ${wib(summary.closedAt)}`,
      `  Sesi terlaksana / sessions held: ${summary.sessionsHeld} dari / of ${summary.sessionsScheduled}` +
        ` (dibatalkan / cancelled: ${summary.sessionsCancelled})`,
      `  Peserta / participants: ${summary.enrolled.total}` +
        ` (WBP / inmates ${summary.enrolled.inmate}, petugas / officers ${summary.enrolled.officer}` +
        `, tahanan / detainees ${summary.enrolled.detainee})`,
      `  Berakhir lebih awal / ended early: ${
        Object.entries(summary.endReasons)
          .filter(([reason]) => reason !== "completed")
          .map(([reason, n]) => `${reason} ${n}`)
          .join(", ") || "-"
      }`,
      `  Tingkat kehadiran / attendance rate: ${percent(summary.attendanceRate)}` +
        ` (hadir / present ${summary.marks.present}, terlambat / late ${summary.marks.late},` +
        ` izin / excused ${summary.marks["excused-absence"]}, alpa / unexcused ${summary.marks["unexcused-absence"]})`,
      `  Lulus asesmen / passed all assessments: ${percent(summary.passRate)}`,
      `  Sertifikat / certificates: ${summary.certified.total}` +
        ` (petugas / officers ${summary.certified.officer}, WBP / inmates ${summary.certified.inmate})`,
      ...summary.certificates.map(
        (c) =>
          `    ${c.number}  ${kindLabel[c.kind ?? "inmate"]}  ${names.get(c.participantId)}  [${c.status}]` +
          `  kode verifikasi / verification code: ${issued.find((i) => i.certificateId === c.certificateId)?.verificationCode ?? "-"}`
      ),
      "",
      `Penghapusan data / erasure: ${released.participantId} -> ${Option.match(afterErasure, { onNone: () => "?", onSome: displayName })}` +
        ` (oleh / by ${cast.dataProtection.role}; riwayat program tetap utuh / the program's record stays whole)`,
      keysNote,
      `Peristiwa tercatat / events recorded: ${head.position}`,
      report._tag === "Intact"
        ? `Verifikasi rantai hash / hash chain: UTUH / INTACT (${report.checked} events, head #${head.position} ${head.hash.slice(0, 16)}...)`
        : `Verifikasi rantai hash / hash chain: RUSAK / BROKEN at position ${report.position}: ${report.reason}`
    ]
    console.log(lines.join("\n"))
  })

Effect.gen(function* () {
  const keys = yield* Demo.keysFor(url)
  const note = `Kunci privasi / privacy keys: ${keys.note.replace(resolve("."), ".")}`
  yield* Effect.provide(
    program(note),
    Stores.layerLedger(url, keys.privacy === undefined ? {} : { privacy: keys.privacy })
  )
})
  .pipe(Effect.runPromise)
  .catch((error) => {
    console.error(`demo failed: ${error?._tag ?? "Error"}: ${error?.message ?? error}`)
    process.exitCode = 1
  })
