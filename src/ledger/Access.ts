/**
 * The access policy applied to the Ledger's commands: who may execute a command on which
 * program. The program's facility comes from its recorded state (for a draft, from the command
 * itself); a program that does not exist yet is checked against the actor's own facility, and the
 * domain then refuses the command for what it is.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type * as Program from "../domain/Program.js"
import { authorize, type CommandGrant, type NotAuthorised } from "../policy/Authorize.js"
import type { Policy } from "../policy/Policy.js"
import type { CommandContext } from "./CommandContext.js"
import type { LedgerCommand } from "./Requests.js"

/**
 * The facility a command acts on.
 *
 * @since 0.2.0
 * @category authorisation
 */
export const commandFacility = (command: LedgerCommand, state: Program.State, actorFacility: string): string =>
  command._tag === "DraftProgram" ? command.facility : (state.definition?.facility ?? actorFacility)

/**
 * Authorises the context's actor to execute the command on the program in `state`; a refusal is a
 * `NotAuthorised` that the Ledger returns without recording anything.
 *
 * @since 0.2.0
 * @category authorisation
 */
export const authorizeCommand = (
  policy: Policy,
  context: CommandContext,
  command: LedgerCommand,
  state: Program.State
): Effect.Effect<CommandGrant, NotAuthorised> =>
  Either.match(
    authorize(
      context.actor,
      {
        kind: "command",
        tag: command._tag,
        programFacility: commandFacility(command, state, context.actor.facility)
      },
      policy
    ),
    {
      onLeft: Effect.fail,
      onRight: (grant) => Effect.succeed(grant as CommandGrant)
    }
  )
