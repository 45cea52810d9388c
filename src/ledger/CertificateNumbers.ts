/**
 * The certificate-numbering rule the Ledger applies around the Program's decision: a certificate
 * takes the next number of its (issuer, year) numbering stream, and the program stream and the
 * numbering stream append together, so numbers stay gap-free and unique per issuer and year.
 *
 * The generic loop (`Ledger.ts`: load, decide, append, retry) asks this module two things: which
 * number a command's decision uses, and which extra append the decided events need.
 *
 * @since 0.2.0
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Numbering from "../domain/CertificateNumbering.js"
import * as Program from "../domain/Program.js"
import type { UndecodableEvent } from "../events/EventCodec.js"
import type { ReadError } from "../ports/EventStore.js"
import * as Requests from "./Requests.js"
import type * as StreamCache from "./StreamCache.js"
import type { StreamLoader } from "./StreamLoader.js"

/** What the numbering rule adds to one attempt of a command. @internal */
export interface Numbered {
  /** The sequence the decision uses (1 when the command takes no number). */
  readonly sequence: number
  /**
   * The numbering stream's append for the decided events, if they issued a certificate: the
   * stream, its loaded state, and the events to append.
   */
  readonly allocate: (events: ReadonlyArray<Program.Event>) => Effect.Effect<
    Option.Option<{
      readonly streamId: string
      readonly loaded: StreamCache.Loaded<Numbering.State, Numbering.Event>
      readonly events: ReadonlyArray<Numbering.Event>
    }>,
    Numbering.NumberingError
  >
}

/** @internal */
export const prepare = (
  loader: StreamLoader<Numbering.State, Numbering.Event>,
  command: Requests.LedgerCommand,
  prepared: Requests.Prepared,
  program: Program.State,
  fresh: boolean
): Effect.Effect<Numbered, UndecodableEvent | ReadError> => {
  const key = Program.numberingKey(prepared.toDomain(1), program)
  if (Option.isNone(key)) return Effect.succeed({ sequence: 1, allocate: () => Effect.succeed(Option.none()) })
  const streamId = Numbering.streamId(key.value.issuer, key.value.year)
  return Effect.map(loader.load(streamId, fresh), (loaded) => ({
    sequence: loaded.state.last + 1,
    allocate: (events) =>
      Option.match(Requests.allocation(events, key.value, command.programId, command.occurredAt), {
        onNone: () => Effect.succeed(Option.none()),
        onSome: (allocate) =>
          Effect.map(Numbering.decide(allocate, loaded.state), (allocated) =>
            Option.some({ streamId, loaded, events: allocated })
          )
      })
  }))
}
