/**
 * Certificate numbering: one stream per (issuer, year) holding the last sequence handed out.
 * Numbers are gap-free because a sequence is accepted only as `last + 1`, and the Ledger
 * appends the allocation and the CertificateIssued in one atomic write.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import type { Decider } from "./Decider.js"
import { CertificateId, ProgramId } from "./Identifiers.js"
import { Instant } from "./Instant.js"
import { Integer } from "./Numbers.js"
import { bounded, maxIdLength, maxTextLength } from "./Text.js"

/**
 * The numbering stream of an issuer and a year.
 *
 * @since 0.1.0
 * @category streams
 */
export const streamId = (issuer: string, year: number): string => `certificate-numbering-${issuer}-${year}`

const fields = {
  issuer: bounded(1, maxIdLength),
  year: Integer,
  sequence: Integer,
  number: bounded(1, maxTextLength),
  certificateId: CertificateId,
  programId: ProgramId
}

/**
 * @since 0.1.0
 * @category commands
 */
export class AllocateCertificateNumber extends Schema.TaggedClass<AllocateCertificateNumber>()(
  "AllocateCertificateNumber",
  { ...fields, occurredAt: Instant }
) {}

/**
 * @since 0.1.0
 * @category commands
 */
export const Command = AllocateCertificateNumber
/**
 * @since 0.1.0
 * @category commands
 */
export type Command = AllocateCertificateNumber

/**
 * @since 0.1.0
 * @category events
 */
export class CertificateNumberAllocated extends Schema.TaggedClass<CertificateNumberAllocated>()(
  "CertificateNumberAllocated",
  fields
) {}

/**
 * @since 0.1.0
 * @category events
 */
export const Event = CertificateNumberAllocated
/**
 * @since 0.1.0
 * @category events
 */
export type Event = CertificateNumberAllocated

/**
 * @since 0.1.0
 * @category events
 */
export const eventSchemaVersion: { readonly [K in Event["_tag"]]: number } = { CertificateNumberAllocated: 1 }

/**
 * The sequence is not the next one: a number would be skipped or used twice.
 *
 * @since 0.1.0
 * @category errors
 */
export class SequenceNotNext extends Schema.TaggedError<SequenceNotNext>()("SequenceNotNext", {
  issuer: Schema.String,
  year: Schema.Int,
  sequence: Schema.Int,
  expected: Schema.Int
}) {
  override get message() {
    return `Certificate number ${this.sequence} for ${this.issuer} in ${this.year} is not the next one (${this.expected}): numbers are gap-free; re-read the numbering stream and retry`
  }
}

/**
 * The command was sent to another issuer's or year's stream.
 *
 * @since 0.1.0
 * @category errors
 */
export class WrongNumberingStream extends Schema.TaggedError<WrongNumberingStream>()("WrongNumberingStream", {
  expected: Schema.String,
  actual: Schema.String
}) {
  override get message() {
    return `This allocation belongs to ${this.actual}, not to ${this.expected}`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export const NumberingError = Schema.Union(SequenceNotNext, WrongNumberingStream)
/**
 * @since 0.1.0
 * @category errors
 */
export type NumberingError = typeof NumberingError.Type

/**
 * The last sequence handed out (0 before the first) and the stream it belongs to.
 *
 * @since 0.1.0
 * @category state
 */
export interface State {
  readonly last: number
  readonly issuer?: string
  readonly year?: number
}

/**
 * @since 0.1.0
 * @category state
 */
export const initialState: State = { last: 0 }

/**
 * @since 0.1.0
 * @category state
 */
export const evolve = (_state: State, event: Event): State => ({
  last: event.sequence,
  issuer: event.issuer,
  year: event.year
})

/**
 * @since 0.1.0
 * @category decide
 */
export const decide = (command: Command, state: State): Either.Either<ReadonlyArray<Event>, NumberingError> => {
  if (state.issuer !== undefined && (state.issuer !== command.issuer || state.year !== command.year))
    return Either.left(
      new WrongNumberingStream({
        expected: streamId(state.issuer, state.year ?? 0),
        actual: streamId(command.issuer, command.year)
      })
    )
  if (command.sequence !== state.last + 1)
    return Either.left(
      new SequenceNotNext({
        issuer: command.issuer,
        year: command.year,
        sequence: command.sequence,
        expected: state.last + 1
      })
    )
  const { _tag, occurredAt: _, ...data } = command
  return Either.right([new CertificateNumberAllocated(data)])
}

/**
 * @since 0.1.0
 * @category decider
 */
export const decider: Decider<Command, Event, State, NumberingError> = { initialState, decide, evolve }
