/**
 * What the Ledger accepts: every Program command, except that a certificate's number, its
 * verification code and the holder's name as printed are the Ledger's to fill in.
 * `IssueCertificate` and `ReissueCertificate` therefore come without `sequence`, the code's hash
 * and `holderName` (the Ledger asks the participant registry for the name, encrypted with the
 * holder's own key).
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Decode from "../boundary/Decode.js"
import * as Numbering from "../domain/CertificateNumbering.js"
import type { ProgramId } from "../domain/Identifiers.js"
import * as Program from "../domain/Program.js"
import { canonicalJson, sha256Hex } from "../ports/Hashing.js"
import type { ParticipantRegistryService } from "../ports/ParticipantRegistry.js"
import type { VerificationCodes } from "./VerificationCodes.js"

const {
  _tag: _issueTag,
  sequence: _sequence,
  verificationCodeHash: _hash,
  holderName: _issueHolder,
  ...issueFields
} = Program.IssueCertificate.fields
const {
  _tag: _reissueTag,
  newSequence: _newSequence,
  newVerificationCodeHash: _newHash,
  holderName: _reissueHolder,
  ...reissueFields
} = Program.ReissueCertificate.fields

/**
 * Issue a certificate; the Ledger allocates its number and verification code.
 *
 * @since 0.1.0
 * @category requests
 */
export const IssueCertificateRequest = Schema.TaggedStruct("IssueCertificate", issueFields)

/**
 * @since 0.1.0
 * @category requests
 */
export interface IssueCertificateRequest extends Schema.Schema.Type<typeof IssueCertificateRequest> {}

/**
 * Reissue a certificate (the old one becomes superseded); the Ledger allocates the new number and code.
 *
 * @since 0.1.0
 * @category requests
 */
export const ReissueCertificateRequest = Schema.TaggedStruct("ReissueCertificate", reissueFields)

/**
 * @since 0.1.0
 * @category requests
 */
export interface ReissueCertificateRequest extends Schema.Schema.Type<typeof ReissueCertificateRequest> {}

type Allocated = Program.IssueCertificate | Program.ReissueCertificate

/**
 * @since 0.1.0
 * @category requests
 */
export type LedgerCommand = Exclude<Program.Command, Allocated> | IssueCertificateRequest | ReissueCertificateRequest

const direct = Program.Command.members.filter(
  (member) => member !== Program.IssueCertificate && member !== Program.ReissueCertificate
)

/**
 * The schema of {@link LedgerCommand}: decodes the JSON a Promise caller sends.
 *
 * @since 0.1.0
 * @category requests
 */
export const LedgerCommand = Schema.Union(
  ...direct,
  IssueCertificateRequest,
  ReissueCertificateRequest
) as unknown as Schema.Schema<LedgerCommand, LedgerCommandEncoded>

/**
 * @since 0.1.0
 * @category requests
 */
export type LedgerCommandEncoded =
  | Exclude<Schema.Schema.Encoded<typeof Program.Command>, { readonly _tag: Allocated["_tag"] }>
  | Schema.Schema.Encoded<typeof IssueCertificateRequest>
  | Schema.Schema.Encoded<typeof ReissueCertificateRequest>

/**
 * The request for a domain command: certificate commands lose the number's sequence, the code's
 * hash and the holder's name, which the Ledger fills in; every other command is its own request.
 *
 * @since 0.1.0
 * @category constructors
 */
export const fromDomain = (command: Program.Command): LedgerCommand => {
  switch (command._tag) {
    case "IssueCertificate": {
      const { _tag, holderName: _holder, sequence: _sequence, verificationCodeHash: _hash, ...request } = command
      return IssueCertificateRequest.make(request)
    }
    case "ReissueCertificate": {
      const { _tag, holderName: _holder, newSequence: _sequence, newVerificationCodeHash: _hash, ...request } = command
      return ReissueCertificateRequest.make(request)
    }
    default:
      return command
  }
}

const encodeCommand = Schema.encodeSync(LedgerCommand)

/**
 * SHA-256 of the command's canonical JSON: the same command always has the same fingerprint.
 *
 * @since 0.1.0
 * @category accessors
 */
export const fingerprint = (command: LedgerCommand): string => sha256Hex(canonicalJson(encodeCommand(command)))

/**
 * A request ready to decide: the domain command for a given sequence number.
 *
 * @since 0.1.0
 * @category models
 */
export interface Prepared {
  readonly toDomain: (sequence: number) => Program.Command
  readonly occurredAt: Date
  readonly verificationCode: string | undefined
}

/**
 * Where the Ledger gets the holder's name as printed: the participant registry, which encrypts it
 * with the holder's own key (`ParticipantRegistry.sealHolderName`).
 *
 * @since 0.2.0
 * @category models
 */
export interface Holders {
  readonly sealHolderName: ParticipantRegistryService["sealHolderName"]
}

/**
 * Why a certificate's holder name could not be had: the holder is not registered or was erased,
 * the privacy keys are not configured, or the registry failed.
 *
 * @since 0.2.0
 * @category errors
 */
export type HolderNameError = Effect.Effect.Error<ReturnType<Holders["sealHolderName"]>>

/**
 * Draws a verification code and seals the holder's name when the request issues a certificate.
 * For a reissue, the holder is the holder of the certificate it supersedes (in `state`); when
 * there is no such certificate the domain refuses the command, and the name is not asked for.
 *
 * @since 0.1.0
 * @category constructors
 */
export const prepare = (
  command: LedgerCommand,
  codes: VerificationCodes["Type"],
  holders: Holders,
  state: Program.State
): Effect.Effect<Prepared, HolderNameError> => {
  const occurredAt = DateTime.toDate(command.occurredAt)
  switch (command._tag) {
    case "IssueCertificate":
      return Effect.map(
        Effect.all([codes.next, holders.sealHolderName(command.participantId)]),
        ([{ code, hash }, holderName]) => {
          const { _tag, ...fields } = command
          return {
            occurredAt,
            verificationCode: code,
            toDomain: (sequence) =>
              new Program.IssueCertificate({ ...fields, sequence, verificationCodeHash: hash, holderName })
          }
        }
      )
    case "ReissueCertificate": {
      const superseded = state.certificates.get(command.supersedes)
      const holderName: Effect.Effect<Program.HolderName, HolderNameError> =
        superseded === undefined
          ? Effect.succeed(Program.NotRecorded)
          : holders.sealHolderName(superseded.participantId)
      return Effect.map(Effect.all([codes.next, holderName]), ([{ code, hash }, holderName]) => {
        const { _tag, ...fields } = command
        return {
          occurredAt,
          verificationCode: code,
          toDomain: (newSequence) =>
            new Program.ReissueCertificate({ ...fields, newSequence, newVerificationCodeHash: hash, holderName })
        }
      })
    }
    default:
      return Effect.succeed({ occurredAt, verificationCode: undefined, toDomain: () => command })
  }
}

/**
 * @since 0.1.0
 * @category guards
 */
export const isCertificateEvent = (
  event: Program.Event
): event is Extract<Program.Event, { readonly _tag: "CertificateIssued" | "CertificateReissued" }> =>
  event._tag === "CertificateIssued" || event._tag === "CertificateReissued"

/**
 * The certificate a command's events issued, for the caller.
 *
 * @since 0.1.0
 * @category accessors
 */
export const issuedCertificate = (
  event: Extract<Program.Event, { readonly _tag: "CertificateIssued" | "CertificateReissued" }>,
  verificationCode: string | undefined
) =>
  event._tag === "CertificateIssued"
    ? { certificateId: event.certificateId, number: event.number, verificationCode }
    : { certificateId: event.newCertificateId, number: event.newNumber, verificationCode }

/**
 * The numbering stream's command for the certificate these events issue (the sequence the
 * program's decision used, so both streams record the same number).
 *
 * @since 0.1.0
 * @category constructors
 */
export const allocation = (
  events: ReadonlyArray<Program.Event>,
  key: { readonly issuer: string; readonly year: number },
  programId: ProgramId,
  occurredAt: DateTime.Utc
): Option.Option<Numbering.Command> =>
  Option.map(Option.fromNullable(events.find(isCertificateEvent)), (issued) =>
    issued._tag === "CertificateIssued"
      ? new Numbering.AllocateCertificateNumber({
          ...key,
          sequence: issued.sequence,
          number: issued.number,
          certificateId: issued.certificateId,
          programId,
          occurredAt
        })
      : new Numbering.AllocateCertificateNumber({
          ...key,
          sequence: issued.newSequence,
          number: issued.newNumber,
          certificateId: issued.newCertificateId,
          programId,
          occurredAt
        })
  )

/**
 * A command that does not match its schema. `field` and `rule` name the first fault, `issues`
 * every field at fault.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidCommand extends Schema.TaggedError<InvalidCommand>()("InvalidCommand", {
  field: Schema.String,
  rule: Schema.String,
  issues: Schema.optionalWith(Schema.Array(Schema.Struct({ field: Schema.String, rule: Schema.String })), {
    default: () => []
  })
}) {
  override get message() {
    const more = this.issues.length > 1 ? ` (${this.issues.length - 1} more field(s) at fault)` : ""
    return `Invalid command: ${this.field}: ${this.rule}${more}`
  }
}

const decodeCommand = Decode.decode(LedgerCommand, { whole: "(command)", onExcessProperty: "error" })

/**
 * Decodes a command from outside (JSON-shaped input) or refuses it with `InvalidCommand`, naming
 * every field at fault (`boundary/Decode.ts`): nesting, cycles and size are checked first, and a
 * field the command does not have is refused rather than dropped.
 *
 * @since 0.2.0
 * @category decoding
 */
export const decode = (input: unknown): Effect.Effect<LedgerCommand, InvalidCommand> =>
  Either.match(decodeCommand(input), {
    onRight: Effect.succeed,
    onLeft: (issues) => Effect.fail(new InvalidCommand({ field: issues[0].field, rule: issues[0].rule, issues }))
  })
