/**
 * Certificate register (buku register sertifikat): every certificate ever issued, with its
 * status (valid, revoked, superseded) and why it changed: a revoked or superseded certificate
 * keeps its row. The holder is an opaque id; names come from the participant registry at query
 * time and are masked unless the caller asks for them (`engine/ReadModels.ts`). Inline by
 * default: a certificate can be verified as soon as it is issued.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import type * as Program from "../domain/Program.js"
import type { ParticipantKind } from "../domain/ReferenceData.js"
import * as Columns from "./Columns.js"
import * as Facts from "./program/Facts.js"
import type { Projection } from "./Projection.js"

/**
 * @since 0.2.0
 * @category tables
 */
export const table = Columns.table(
  "certificate_register",
  Schema.Struct({
    program_id: Columns.text("the program that issued it"),
    certificate_id: Columns.text("the certificate"),
    number: Columns.text("its number, e.g. 007/SERT-BLK/LPCIP/IX/2024"),
    type: Columns.literal("completion or participation", "completion", "participation"),
    holder_id: Columns.text("the holder's opaque participant id (the name is in the registry)"),
    holder_kind: Columns.nullable(Columns.literal("the holder's kind in the program", "inmate", "detainee", "officer")),
    program_title: Columns.text("the program's title"),
    facility: Columns.text("the facility code of the program"),
    issuer: Columns.text("the issuing facility code"),
    issued_at: Columns.timestamp("when it was issued"),
    status: Columns.literal("valid, revoked or superseded", "valid", "revoked", "superseded"),
    status_reason_code: Columns.nullable(
      Columns.text("why it was revoked: issued-in-error, fraud, assessment-voided, holder-request")
    ),
    status_reason: Columns.nullable(Columns.text("the revocation note, or the reason of the reissue")),
    status_changed_at: Columns.nullable(Columns.timestamp("when it was revoked or superseded (business time)")),
    supersedes: Columns.nullable(Columns.text("the certificate this one replaces")),
    superseded_by: Columns.nullable(Columns.text("the certificate that replaced this one")),
    verification_code_hash: Columns.text("SHA-256 of the printed verification code (look a code up by its hash)"),
    signatories: Columns.json(Schema.Array(Schema.String), "the signing officials' titles")
  }),
  {
    description: "one row per certificate",
    primaryKey: ["program_id", "certificate_id"],
    partitionColumn: "program_id",
    indexes: [["holder_id"], ["number"], ["verification_code_hash"]]
  }
)

/**
 * @since 0.2.0
 * @category models
 */
export type Row = Columns.RowOf<typeof table>

type Mutable<A> = { -readonly [K in keyof A]: A[K] }

/**
 * @since 0.2.0
 * @category models
 */
export interface State {
  readonly programId: string
  title: string
  facility: string
  readonly kinds: Map<string, ParticipantKind>
  readonly certificates: Map<string, Mutable<Row>>
}

/**
 * @since 0.2.0
 * @category constructors
 */
export const initialState = (programId: string): State => ({
  programId,
  title: "",
  facility: "",
  kinds: new Map(),
  certificates: new Map()
})

/**
 * Applies a certificate event; the certificates whose row changed.
 *
 * @since 0.2.0
 * @category folds
 */
export const update = (state: State, e: Facts.Projected): ReadonlyArray<string> => {
  const event = e.event
  switch (event._tag) {
    case "ProgramDrafted":
      state.title = event.title
      state.facility = event.facility
      for (const c of state.certificates.values()) {
        c.program_title = event.title
        c.facility = event.facility
      }
      return Array.from(state.certificates.keys())
    case "ParticipantEnrolled": {
      state.kinds.set(event.participantId, event.kind)
      const changed: Array<string> = []
      for (const c of state.certificates.values())
        if (c.holder_id === event.participantId) {
          c.holder_kind = event.kind
          changed.push(c.certificate_id)
        }
      return changed
    }
    case "CertificateIssued":
      state.certificates.set(event.certificateId, {
        program_id: state.programId,
        certificate_id: event.certificateId,
        number: event.number,
        type: event.type,
        holder_id: event.participantId,
        holder_kind: state.kinds.get(event.participantId) ?? null,
        program_title: state.title,
        facility: state.facility,
        issuer: event.issuer,
        issued_at: Facts.date(event.issuedAt),
        status: "valid",
        status_reason_code: null,
        status_reason: null,
        status_changed_at: null,
        supersedes: null,
        superseded_by: null,
        verification_code_hash: event.verificationCodeHash,
        signatories: event.signatories.map((s) => s.title)
      })
      return [event.certificateId]
    case "CertificateRevoked": {
      const c = state.certificates.get(event.certificateId)
      if (c === undefined) return []
      c.status = "revoked"
      c.status_reason_code = event.reasonCode
      c.status_reason = event.note ?? null
      c.status_changed_at = e.occurredAt
      return [event.certificateId]
    }
    case "CertificateReissued": {
      const old = state.certificates.get(event.supersedes)
      if (old !== undefined) {
        old.status = "superseded"
        old.status_reason = event.reason
        old.status_changed_at = e.occurredAt
        old.superseded_by = event.newCertificateId
      }
      state.certificates.set(event.newCertificateId, {
        program_id: state.programId,
        certificate_id: event.newCertificateId,
        number: event.newNumber,
        type: event.type,
        holder_id: event.participantId,
        holder_kind: state.kinds.get(event.participantId) ?? null,
        program_title: state.title,
        facility: state.facility,
        issuer: event.issuer,
        issued_at: Facts.date(event.issuedAt),
        status: "valid",
        status_reason_code: null,
        status_reason: null,
        status_changed_at: null,
        supersedes: event.supersedes,
        superseded_by: null,
        verification_code_hash: event.newVerificationCodeHash,
        signatories: old?.signatories ?? []
      })
      return [event.supersedes, event.newCertificateId]
    }
    default:
      return []
  }
}

/**
 * The event types this read model reads.
 *
 * @since 0.2.0
 * @category projections
 */
export const types: ReadonlyArray<Program.Event["_tag"]> = [
  "ProgramDrafted",
  "ParticipantEnrolled",
  "CertificateIssued",
  "CertificateRevoked",
  "CertificateReissued"
]

/**
 * @since 0.2.0
 * @category projections
 */
export const projection: Projection<Program.Event, State> = {
  name: "certificate-register",
  version: 1,
  handles: types,
  tables: [table],
  partition: Facts.partition,
  source: Facts.source,
  initialState,
  evolve: (state, e, emit) => {
    for (const id of update(state, e)) emit.touch(table.name, id)
    return state
  },
  // a copy: the state keeps changing after the row is handed over
  row: (state, _table, id) => {
    const c = state.certificates.get(id)
    return c === undefined ? undefined : { ...c }
  }
}
