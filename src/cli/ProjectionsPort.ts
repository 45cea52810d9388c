/**
 * What `projections status|rebuild [name]` asks of the projection engine, as a port.
 *
 * {@link layerEngine} is the projection engine's: every read model's tables with their
 * checkpoints (inline or async), `rebuild` from position 0 swapped in at once. {@link layerFolded}
 * is for a command line without stored read models: `status` lists what it folds, current by
 * construction, and `rebuild` refuses with `NotAvailableInThisBuild` rather than pretend.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Engine from "../engine/Engine.js"
import { EventStore, type EventStoreError } from "../ports/EventStore.js"
import type { ProjectionStoreError } from "../ports/ProjectionStore.js"
import * as ProgramSummary from "../projections/ProgramSummary.js"
import { NotAvailableInThisBuild, UnknownProjection } from "./Failures.js"

/**
 * One projection's state.
 *
 * @since 0.2.0
 * @category models
 */
export interface ProjectionStatus {
  readonly name: string
  readonly version: number
  /**
   * `inline`: tables committed with each append; `async`: tables a worker (or a catch-up) brings
   * to the head; `fold`: computed from the log on each query.
   */
  readonly storage: "inline" | "async" | "fold"
  /** The last position applied (the head, for a fold); undefined when never built. */
  readonly position: number | undefined
  readonly head: number
  /**
   * `current`: at the head; `behind`: events not applied yet; `stale`: built by another version
   * (a rebuild is due); `empty`: never built.
   */
  readonly state: "current" | "behind" | "stale" | "empty"
}

/**
 * @since 0.2.0
 * @category models
 */
export interface RebuildResult {
  readonly name: string
  readonly version: number
  readonly position: number
  readonly events: number
}

/**
 * @since 0.2.0
 * @category models
 */
export interface ProjectionsService {
  readonly status: () => Effect.Effect<
    ReadonlyArray<ProjectionStatus>,
    EventStoreError | ProjectionStoreError | Engine.EngineError
  >
  /** Rebuilds one projection (or all of them) from position 1. */
  readonly rebuild: (
    name: string | undefined
  ) => Effect.Effect<
    ReadonlyArray<RebuildResult>,
    UnknownProjection | NotAvailableInThisBuild | EventStoreError | ProjectionStoreError | Engine.EngineError
  >
}

/**
 * @since 0.2.0
 * @category tags
 */
export class Projections extends Context.Tag("training-ledger/cli/Projections")<Projections, ProjectionsService>() {}

const folded = [ProgramSummary.projection]

/**
 * The projections as this build computes them: folded on demand, never stored.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerFolded: Layer.Layer<Projections, never, EventStore> = Layer.effect(
  Projections,
  Effect.map(EventStore, (store) =>
    Projections.of({
      status: () =>
        Effect.map(store.head(), (head) =>
          folded.map((p) => ({
            name: p.name,
            version: p.version,
            storage: "fold" as const,
            position: head.position,
            head: head.position,
            state: "current" as const
          }))
        ),
      rebuild: (name) =>
        name !== undefined && !folded.some((p) => p.name === name)
          ? Effect.fail(new UnknownProjection({ name, known: folded.map((p) => p.name) }))
          : Effect.fail(
              new NotAvailableInThisBuild({
                feature: "projections rebuild",
                reason:
                  "this build stores no read models: programs, replay and report fold the log on each call, " +
                  "so they are always current and there is nothing to rebuild (the projection engine adds tables)"
              })
            )
    })
  )
)

const statusOf = (s: Engine.Status): ProjectionStatus => ({
  name: s.name,
  version: s.version,
  storage: s.mode,
  position: Option.getOrUndefined(Option.map(s.checkpoint, (c) => c.position)),
  head: s.head,
  state: Option.match(s.checkpoint, {
    onNone: () => (s.head === 0 ? "current" : "empty"),
    onSome: (c) => (c.version !== s.version ? "stale" : s.lag > 0 ? "behind" : "current")
  })
})

/**
 * The projections of the projection engine in context: its tables and checkpoints.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerEngine: Layer.Layer<Projections, never, Engine.ProjectionEngine> = Layer.effect(
  Projections,
  Effect.map(Engine.ProjectionEngine, (engine) => {
    const status = () => Effect.map(engine.status(), (all) => all.map(statusOf))
    return Projections.of({
      status,
      rebuild: (name) =>
        Effect.gen(function* () {
          const known = engine.projections.map((p) => p.name)
          if (name !== undefined && !known.includes(name)) return yield* new UnknownProjection({ name, known })
          const chosen = name === undefined ? known : [name]
          yield* Effect.forEach(
            chosen,
            (n) => engine.rebuild(n).pipe(Effect.catchTag("UnknownReadModel", Effect.die)),
            {
              discard: true
            }
          )
          const after = (yield* status()).filter((s) => chosen.includes(s.name))
          return after.map((s) => ({
            name: s.name,
            version: s.version,
            position: s.position ?? 0,
            events: s.position ?? 0
          }))
        })
    })
  })
)
