/**
 * A program id given to a read (`getProgram`, `history`, `summary`, `replay`, the read models'
 * queries): the commands' rule, refused as a read option, so a malformed id never reaches a query.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { ProgramId } from "../domain/Identifiers.js"
import { InvalidReadOptions } from "../ports/EventStore.js"

const isProgramId = Schema.is(ProgramId)

/**
 * The id, or `InvalidReadOptions` naming the field and the rule.
 *
 * @since 0.2.0
 * @category decoding
 */
export const decodeProgramId = (input: unknown): Effect.Effect<string, InvalidReadOptions> =>
  isProgramId(input)
    ? Effect.succeed(input)
    : Effect.fail(
        new InvalidReadOptions({
          field: "programId",
          rule: "a program id: 1 to 128 characters, no U+0000, no control characters, no spaces at either end"
        })
      )
