/**
 * The Program aggregate: one training program (a Bimtek) with its cohort, sessions and
 * attendance, assessments and certificates, as one consistency boundary and one stream.
 *
 * This module is the one to import; the concepts live in `./program/*`.
 *
 * @since 0.1.0
 */
import * as Option from "effect/Option"
import type { Decider } from "./Decider.js"
import type { ProgramId } from "./Identifiers.js"
import * as Calendar from "./program/Calendar.js"
import type { Command } from "./program/Commands.js"
import { decide } from "./program/Decide.js"
import type { ProgramError } from "./program/Errors.js"
import type { Event } from "./program/Events.js"
import type { State } from "./program/State.js"
import { evolve, initialState } from "./program/State.js"

export * from "./EncryptedField.js"
export * from "./program/Calendar.js"
export * from "./program/Commands.js"
export * from "./program/Decide.js"
export * from "./program/Definitions.js"
export * from "./program/Errors.js"
export * from "./program/Events.js"
export * from "./program/State.js"
export * from "./program/Values.js"

/**
 * The Program as a Decider.
 *
 * @since 0.1.0
 * @category decider
 */
export const decider: Decider<Command, Event, State, ProgramError> = { initialState, decide, evolve }

/**
 * The event stream of a program.
 *
 * @since 0.1.0
 * @category streams
 */
export const streamId = (programId: ProgramId | string): string => `program-${programId}`

/**
 * The certificate numbering stream a command draws from: Some for IssueCertificate and
 * ReissueCertificate (the issuer on the command, the local year of `issuedAt` in the program's
 * time zone), None otherwise or when the program is not drafted.
 *
 * @since 0.1.0
 * @category streams
 */
export const numberingKey = (
  command: Command,
  state: State
): Option.Option<{ readonly issuer: string; readonly year: number }> => {
  if (command._tag !== "IssueCertificate" && command._tag !== "ReissueCertificate") return Option.none()
  return Option.flatMap(Option.fromNullable(state.definition), (def) =>
    Option.map(Calendar.zone(def.timeZone), (tz) => ({
      issuer: command.issuer,
      year: Calendar.localParts(command.issuedAt, tz).year
    }))
  )
}
