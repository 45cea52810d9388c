/**
 * A custom report, as a ministry would ask for it: certified inmates (warga binaan) per facility
 * and year, across every program. Written like the built-in read models: a pure projection with
 * its own table (a row Schema) and checkpoint, registered with the projection engine, which
 * builds it from the log and keeps it up to date. Then plain SQL over its table.
 *
 *   npx tsx examples/custom-report.ts                   # a temporary SQLite file
 *   npx tsx examples/custom-report.ts --db ./report.db  # keep the file
 *
 * In your own project, import from "training-ledger" and "training-ledger/sqlite" instead of "../src/...".
 */
import { SqlClient } from "@effect/sql"
import { Effect, Layer, Option, Schema } from "effect"
import { rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Sqlite from "../src/adapters/sql/Sqlite.js"
import * as Program from "../src/domain/Program.js"
import * as Engine from "../src/engine/Engine.js"
import * as Ledger from "../src/ledger/Ledger.js"
import { decode, fromDomain, type LedgerCommandEncoded } from "../src/ledger/Requests.js"
import * as VerificationCodes from "../src/ledger/VerificationCodes.js"
import * as Columns from "../src/projections/Columns.js"
import type { Projection } from "../src/projections/Projection.js"
import { participantId, setupJson, markJson } from "./scenario/attendanceProgram.js"
import { foundingCase } from "../src/demo/cipinangBatik2024.js"
import { actorFor, castOf } from "../src/demo/Cast.js"
import { ParticipantRegistry } from "../src/ports/ParticipantRegistry.js"
import * as PrivacyKeys from "../src/privacy/PrivacyKeys.js"

// ---- the report: a projection -------------------------------------------------------------

/** One row per program, year and kind of holder: the program's valid certificates. */
const table = Columns.table(
  "report_certified_by_facility_year",
  Schema.Struct({
    program_id: Columns.text("the program"),
    facility: Columns.text("the facility that ran it"),
    year: Columns.integer("the year the certificates were issued (in the program's time zone)"),
    kind: Columns.literal("the holders' kind", "inmate", "detainee", "officer"),
    certified: Columns.integer("holders of a valid certificate")
  }),
  {
    description: "certified participants per program, year and kind (sum over programs per facility)",
    primaryKey: ["program_id", "year", "kind"],
    partitionColumn: "program_id",
    indexes: [["facility", "year"]]
  }
)

interface State {
  readonly programId: string
  facility: string
  timeZone: string
  readonly kinds: Map<string, Program.ParticipantEnrolled["kind"]>
  /** certificate -> holder and year, while valid */
  readonly valid: Map<string, { readonly holder: string; readonly year: number }>
}

const yearOf = (state: State, issuedAt: Program.CertificateIssued["issuedAt"]) =>
  Option.match(Program.zone(state.timeZone), {
    onNone: () => new Date(issuedAt.epochMillis).getUTCFullYear(),
    onSome: (tz) => Program.localParts(issuedAt, tz).year
  })

const certifiedByFacilityYear: Projection<Program.Event, State> = {
  name: "certified-by-facility-year",
  version: 1,
  handles: ["ProgramDrafted", "ParticipantEnrolled", "CertificateIssued", "CertificateRevoked", "CertificateReissued"],
  tables: [table],
  partition: (e) => (e.streamId.startsWith("program-") ? e.event.programId : undefined),
  // a program's state is rebuilt from its own stream
  source: {
    _tag: "Stream",
    streamId: Program.streamId,
    partition: (streamId) => (streamId.startsWith("program-") ? streamId.slice("program-".length) : undefined)
  },
  initialState: (programId) => ({ programId, facility: "", timeZone: "UTC", kinds: new Map(), valid: new Map() }),
  evolve: (state, { event }, emit) => {
    switch (event._tag) {
      case "ProgramDrafted":
        state.facility = event.facility
        state.timeZone = event.timeZone
        break
      case "ParticipantEnrolled":
        state.kinds.set(event.participantId, event.kind)
        break
      case "CertificateIssued":
        state.valid.set(event.certificateId, { holder: event.participantId, year: yearOf(state, event.issuedAt) })
        break
      case "CertificateRevoked":
        state.valid.delete(event.certificateId)
        break
      case "CertificateReissued":
        state.valid.delete(event.supersedes)
        state.valid.set(event.newCertificateId, {
          holder: event.participantId,
          year: yearOf(state, event.issuedAt)
        })
        break
    }
    emit.touch(table.name, state.programId)
    return state
  },
  // the whole form: every row of the program, recomputed after each batch that touched it
  rows: (state) => {
    const holders = new Map<string, Set<string>>() // "year kind" -> holders
    for (const { holder, year } of state.valid.values()) {
      const key = `${year} ${state.kinds.get(holder) ?? "inmate"}`
      holders.set(key, (holders.get(key) ?? new Set()).add(holder))
    }
    return [
      {
        table: table.name,
        rows: Array.from(holders, ([key, set]) => {
          const [year, kind] = key.split(" ") as [string, Columns.RowOf<typeof table>["kind"]]
          return {
            program_id: state.programId,
            facility: state.facility,
            year: Number(year),
            kind,
            certified: set.size
          }
        })
      }
    ]
  }
}

// ---- the ledger with the report registered ------------------------------------------------

const argument = (name: string) => {
  const i = process.argv.indexOf(name)
  return i === -1 ? undefined : process.argv[i + 1]
}
const keep = argument("--db")
const filename = keep ?? join(tmpdir(), `training-ledger-report-${process.pid}.sqlite`)
for (const suffix of ["", "-wal", "-shm"]) rmSync(filename + suffix, { force: true })

const readModels: Engine.Options = { custom: [certifiedByFacilityYear] }
// Names are kept encrypted in the registry: this throwaway file gets throwaway keys (a real store
// keeps its keys apart from the database, docs/privacy.md).
const stores = Layer.merge(
  Sqlite.layer({ filename, synchronous: "NORMAL", privacy: PrivacyKeys.random() }),
  VerificationCodes.layer
)
const layer = Layer.provideMerge(
  Engine.layer(readModels),
  Layer.provideMerge(Ledger.layer({ inline: Engine.inlineOf(readModels) }), stores)
)

// Each command is recorded by the role the access policy names for it (program officer, trainer,
// assessor, head of facility), at the program's facility.
const as = (tag: string, facility: string, commandId: string) => ({
  actor: actorFor(tag, facility),
  source: "user" as const,
  commandId
})

/** A small 2025 program at the women's prison in Tangerang (the attendance-ready program, moved). */
const tangerang2025 = (programId: string): Array<LedgerCommandEncoded> => {
  const moved = (c: LedgerCommandEncoded) =>
    JSON.parse(JSON.stringify(c).replaceAll("2024-", "2025-").replaceAll('"LPCIP"', '"LPPTNG"')) as LedgerCommandEncoded
  const at = "2025-09-03T05:00:00.000Z"
  return [
    ...setupJson(programId, 6, 2).map(moved),
    ...Array.from({ length: 2 }, (_, s) =>
      Array.from({ length: 6 }, (_, p) => moved(markJson(programId, s, p)))
    ).flat(),
    { _tag: "CloseProgram", programId, occurredAt: at },
    ...[1, 2, 3].map(
      (p): LedgerCommandEncoded => ({
        _tag: "IssueCertificate",
        programId,
        occurredAt: at,
        certificateId: `${programId}-cert-${p}`,
        participantId: participantId(p),
        type: "completion",
        issuedAt: at,
        issuer: "LPPTNG",
        signatories: [{ title: "Kepala Lapas Perempuan Kelas IIA Tangerang" }]
      })
    )
  ]
}

const program = Effect.gen(function* () {
  const ledger = yield* Ledger.Ledger
  const engine = yield* Engine.ProjectionEngine
  const sql = yield* SqlClient.SqlClient

  const registry = yield* ParticipantRegistry

  const founding = foundingCase({ verificationCodeHash: () => "0".repeat(64) })
  // the people first (their names go to the registry, never into events), by each facility's officer
  for (const p of founding.participants)
    yield* registry.register(
      { participantId: p.participantId, kind: p.kind, facility: "LPCIP", fullName: p.displayName },
      castOf("LPCIP").officer
    )
  for (let p = 0; p < 6; p++)
    yield* registry.register(
      { participantId: participantId(p), kind: "inmate", facility: "LPPTNG", fullName: `Warga Binaan ${p + 1}` },
      castOf("LPPTNG").officer
    )
  for (const [i, c] of founding.commands.entries())
    yield* ledger.execute(fromDomain(c), as(c._tag, "LPCIP", `cip-${i}`))
  for (const [i, c] of tangerang2025("tng-batik-2025").entries())
    yield* ledger.execute(yield* decode(c), as(c._tag, "LPPTNG", `tng-${i}`))

  // an async read model: bring it to the head of the log (a worker would do it continuously)
  yield* engine.catchUp([certifiedByFacilityYear.name])

  // what an analyst runs, in any SQL tool
  const rows = yield* sql<{ facility: string; year: number; inmates: number; officers: number }>`
    SELECT facility, year,
           SUM(CASE WHEN kind = 'inmate' THEN certified ELSE 0 END) AS inmates,
           SUM(CASE WHEN kind = 'officer' THEN certified ELSE 0 END) AS officers
    FROM report_certified_by_facility_year
    GROUP BY facility, year
    ORDER BY facility, year`
  console.log("Warga binaan bersertifikat per UPT per tahun / certified inmates per facility per year")
  console.log("facility  year  inmates  officers")
  for (const r of rows)
    console.log(
      `${r.facility.padEnd(8)}  ${r.year}  ${String(r.inmates).padStart(7)}  ${String(r.officers).padStart(8)}`
    )
  const status = (yield* engine.status()).find((s) => s.name === certifiedByFacilityYear.name)!
  console.log(`report checkpoint: position ${Option.getOrThrow(status.checkpoint).position} of ${status.head}`)
  console.log(`database: ${filename}`)
})

Effect.runPromise(Effect.provide(program, layer))
  .catch((error) => {
    console.error(`custom report failed: ${error?._tag ?? ""} ${error?.message ?? error}`)
    process.exitCode = 1
  })
  .finally(() => {
    if (keep === undefined) for (const suffix of ["", "-wal", "-shm"]) rmSync(filename + suffix, { force: true })
  })
