/**
 * A read model as a pure fold over the log (a Decider without `decide`), with the SQL tables its
 * rows go to. The projection engine (`engine/*`) feeds it: it decodes each stored event
 * (`events/EventCodec.decode`), keeps one state per partition, and commits the rows an event
 * changed, inline with the append or from an async worker.
 *
 * Rows are produced incrementally, in one of two forms:
 * - **keyed** (`row`): `evolve` says which rows it touched (`emit.touch(table, key)`); after a
 *   batch of events the engine asks `row(state, table, key)` for each touched key, once, and
 *   upserts it. Rows known when the event is read (one per event, e.g. the audit timeline) are
 *   given directly (`emit.upsert`). Per event the work is the rows it touches, not the program.
 * - **whole** (`rows`): every row of a partition; the engine replaces the partition's rows after
 *   each batch that touched it. Simplest to write; fine for small partitions (custom reports).
 *
 * Pure: no clock, no I/O. `evolve` owns the state it is given and may update it in place; the
 * engine never reads a state again after handing it to `evolve` (it reloads a partition from the
 * log instead), and `fold` starts from `initialState`.
 *
 * @since 0.1.0
 */
import type { Projected } from "../domain/Envelope.js"
import type { Row, Table } from "../ports/ProjectionStore.js"

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
 * What `evolve` reports besides its new state: the rows it changed.
 *
 * @since 0.2.0
 * @category models
 */
export interface Emit {
  /** The row of `table` under `key` (unique within the partition) may have changed. */
  readonly touch: (table: string, key: string) => void
  /** A row known now: upserted as is (last one wins within a batch). */
  readonly upsert: (table: string, row: Row) => void
  /** The row of `table` with these primary-key values is gone. */
  readonly remove: (table: string, primaryKey: ReadonlyArray<unknown>) => void
}

/**
 * An {@link Emit} that ignores everything (`fold`).
 *
 * @since 0.2.0
 * @category constructors
 */
export const ignore: Emit = { touch: () => {}, upsert: () => {}, remove: () => {} }

/**
 * How the engine rebuilds a partition's state it does not hold in memory (after a restart, or
 * when it evicted it): by folding the partition's events up to the position it needs.
 *
 * - `Stream`: the partition is one stream (a program's): read that stream. `partition` maps a
 *   stream back to its partition (undefined for streams that are no partition of this projection);
 * - `Log`: scan the log (any partition; slow on a long log: for small custom reports);
 * - `None`: the state does not outlive an event (e.g. one row per event): nothing to rebuild.
 *
 * @since 0.2.0
 * @category models
 */
export type StateSource =
  | {
      readonly _tag: "Stream"
      readonly streamId: (partition: string) => string
      readonly partition: (streamId: string) => string | undefined
    }
  | { readonly _tag: "Log" }
  | { readonly _tag: "None" }

/**
 * One read model. State is kept per partition (e.g. one per program): the engine folds each
 * partition's events in log order, so applying the log in any split of batches gives the same
 * rows as one rebuild. A new `version` means the read model changed: the engine rebuilds it from
 * position 0 into new tables and swaps them in.
 *
 * @since 0.1.0
 * @category models
 */
export interface Projection<Event, State> {
  /** Identifies the projection (checkpoint, lock): lower case letters, digits, `-` and `_`. */
  readonly name: string
  readonly version: number
  /**
   * The event types it reads; others are not decoded for it. `"all"`: every event of the log;
   * `event` is the decoded event when it is one of the ledger's, else the stored `data` (so a
   * reader of every event, such as the audit timeline, never stops at a type it does not know).
   */
  readonly handles: ReadonlyArray<string> | "all"
  /** Its tables; rows of other tables are refused. */
  readonly tables: ReadonlyArray<Table>
  /** The partition an event belongs to, or undefined when this projection ignores it. */
  readonly partition: (event: ProjectedEvent<Event>) => string | undefined
  readonly source: StateSource
  readonly initialState: (partition: string) => State
  readonly evolve: (state: State, event: ProjectedEvent<Event>, emit: Emit) => State
  /** Keyed form: the current row of a touched key (undefined: nothing to write). */
  readonly row?: (state: State, table: string, key: string) => Row | undefined
  /** Whole form: every row of a partition, per table. */
  readonly rows?: (state: State) => ReadonlyArray<{ readonly table: string; readonly rows: ReadonlyArray<Row> }>
}

/**
 * Any projection over events of type `Event`, whatever its state.
 *
 * @since 0.2.0
 * @category models
 */
export type Any<Event> = Projection<Event, any>

/**
 * True when the projection reads events of this type.
 *
 * @since 0.2.0
 * @category guards
 */
export const handles = (projection: { readonly handles: ReadonlyArray<string> | "all" }, type: string): boolean =>
  projection.handles === "all" || projection.handles.includes(type)

/**
 * Folds events through a projection, in memory, without rows: what a rebuild does to the state.
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
    if (!handles(projection, event.type)) continue
    const key = projection.partition(event)
    if (key === undefined) continue
    states.set(key, projection.evolve(states.get(key) ?? projection.initialState(key), event, ignore))
  }
  return states
}
