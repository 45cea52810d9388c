/**
 * A read model as a pure fold over the log (a Decider without `decide`). The engine that feeds it
 * (today `Ledger` and the demo, later the projection engine with SQL tables and checkpoints)
 * decodes each stored event and hands it over with its envelope.
 *
 * @since 0.1.0
 */

/**
 * Who recorded an event, as projections see it (the envelope's metadata, structurally: this
 * folder does not import the adapters).
 *
 * @since 0.1.0
 * @category models
 */
export interface EnvelopeMetadata {
  readonly actor: { readonly id: string; readonly role: string; readonly facility: string }
  readonly source: "user" | "system" | "import"
  readonly commandId?: string | undefined
  readonly commandHash?: string | undefined
  readonly correlationId?: string | undefined
  readonly causationId?: string | undefined
}

/**
 * A decoded event with its place in the log.
 *
 * @since 0.1.0
 * @category models
 */
export interface ProjectedEvent<Event> {
  readonly position: number
  readonly streamId: string
  readonly version: number
  readonly occurredAt: Date
  readonly recordedAt: Date
  readonly metadata: EnvelopeMetadata
  readonly event: Event
}

/**
 * A decoded event with the envelope it was stored in (any value with the envelope's fields, such
 * as the store's `StoredEvent`: this folder does not import the adapters).
 *
 * @since 0.1.0
 * @category constructors
 */
export const projected = <Event>(
  envelope: Omit<ProjectedEvent<unknown>, "event">,
  event: Event
): ProjectedEvent<Event> => ({
  position: envelope.position,
  streamId: envelope.streamId,
  version: envelope.version,
  occurredAt: envelope.occurredAt,
  recordedAt: envelope.recordedAt,
  metadata: envelope.metadata,
  event
})

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
