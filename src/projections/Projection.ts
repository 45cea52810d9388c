/**
 * A read model as a pure fold over the log (a Decider without `decide`). The engine that feeds it
 * (today `Ledger` and the demo, later the projection engine with SQL tables and checkpoints)
 * decodes each stored event and hands it over with its envelope.
 *
 * @since 0.1.0
 */
import type { Projected } from "../domain/Envelope.js"

/**
 * A decoded event with its envelope (`domain/Envelope.ts`).
 *
 * @since 0.1.0
 * @category models
 */
export type ProjectedEvent<Event> = Projected<Event>

export {
  /**
   * @since 0.1.0
   * @category constructors
   */
  projected
} from "../domain/Envelope.js"

/**
 * One read model. State is kept per partition (e.g. one summary per program): the engine folds
 * each partition's events in log order, so applying the log in any split of batches gives the
 * same result. A new `version` means the read model changed and must be rebuilt from position 0.
 *
 * @since 0.1.0
 * @category models
 */
export interface Projection<Event, State> {
  readonly name: string
  readonly version: number
  /** The partition an event belongs to, or undefined when this projection ignores it. */
  readonly partition: (event: ProjectedEvent<Event>) => string | undefined
  readonly initialState: (partition: string) => State
  readonly evolve: (state: State, event: ProjectedEvent<Event>) => State
}

/**
 * Folds events through a projection, in memory: what a rebuild does, without storage.
 *
 * @since 0.1.0
 * @category combinators
 */
export const fold = <Event, State>(
  projection: Projection<Event, State>,
  events: Iterable<ProjectedEvent<Event>>,
  states: Map<string, State> = new Map()
): Map<string, State> => {
  for (const event of events) {
    const key = projection.partition(event)
    if (key === undefined) continue
    states.set(key, projection.evolve(states.get(key) ?? projection.initialState(key), event))
  }
  return states
}
