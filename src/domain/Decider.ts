/**
 * The Decider pattern: an aggregate as a plain record of pure functions.
 *
 * @since 0.1.0
 */
import type * as Either from "effect/Either"

/**
 * `decide` says what may happen (events) or why not (a tagged error); `evolve` folds an event
 * into the state. Both pure: time, ids and the actor come in as data on the command.
 *
 * @since 0.1.0
 * @category models
 */
export interface Decider<Command, Event, State, Error> {
  readonly initialState: State
  readonly decide: (command: Command, state: State) => Either.Either<ReadonlyArray<Event>, Error>
  readonly evolve: (state: State, event: Event) => State
}

/**
 * Rebuilds a state from its events.
 *
 * @since 0.1.0
 * @category combinators
 */
export const replay = <C, E, S, Err>(decider: Decider<C, E, S, Err>, events: Iterable<E>, from?: S): S => {
  let state = from ?? decider.initialState
  for (const event of events) state = decider.evolve(state, event)
  return state
}
