/**
 * Who executes a command, from where, and its id: decoded by Schema before anything is decided,
 * so a malformed context (no actor, a numeric command id, `source: "web"`, a facility code in
 * lower case) is refused with the field and the rule, never a `TypeError`.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Decode from "../boundary/Decode.js"
import { Actor, Label, Source } from "../domain/Envelope.js"

/**
 * The context of a command. `commandId` is chosen by the caller (a UUID is a good choice):
 * executing the same id twice appends once and answers the same way.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CommandContext = Schema.Struct({
  actor: Actor,
  source: Source,
  commandId: Label,
  correlationId: Schema.optional(Label),
  causationId: Schema.optional(Label)
})

/**
 * @since 0.1.0
 * @category models
 */
export interface CommandContext extends Schema.Schema.Type<typeof CommandContext> {}

/**
 * The context as a caller writes it (plain strings).
 *
 * @since 0.2.0
 * @category models
 */
export type CommandContextInput = Schema.Schema.Encoded<typeof CommandContext>

/**
 * A context the Ledger cannot record. `field` and `rule` name the first fault, `issues` every one.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidCommandContext extends Schema.TaggedError<InvalidCommandContext>()("InvalidCommandContext", {
  field: Schema.String,
  rule: Schema.String,
  issues: Schema.optionalWith(Schema.Array(Schema.Struct({ field: Schema.String, rule: Schema.String })), {
    default: () => []
  })
}) {
  override get message() {
    return `Command context field "${this.field}" is invalid: ${this.rule}`
  }
}

const decodeContext = Decode.decode(CommandContext, { root: "context", whole: "context", onExcessProperty: "error" })

/**
 * Decodes a context from outside, or refuses it naming every field at fault.
 *
 * @since 0.2.0
 * @category decoding
 */
export const decode = (input: unknown): Effect.Effect<CommandContext, InvalidCommandContext> =>
  Either.match(decodeContext(input), {
    onRight: Effect.succeed,
    onLeft: (issues) => Effect.fail(new InvalidCommandContext({ field: issues[0].field, rule: issues[0].rule, issues }))
  })
