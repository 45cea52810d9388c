/**
 * What `projections status|rebuild [name]` asks of the projection engine, as a port: the engine
 * (read-model tables with checkpoints) plugs in here.
 *
 * This build has no stored read models: `programs`, `replay` and `report` fold the log on each
 * call (`FoldedReadModels.ts`). {@link layerFolded} says so truthfully: `status` lists the
 * projections the command line folds, each current at the head by construction; `rebuild` has
 * nothing stored to rebuild and refuses with `NotAvailableInThisBuild` rather than pretend.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
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
  /** `table`: stored rows with a checkpoint; `fold`: computed from the log on each query. */
  readonly storage: "table" | "fold"
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
  readonly status: () => Effect.Effect<ReadonlyArray<ProjectionStatus>, EventStoreError | ProjectionStoreError>
  /** Rebuilds one projection (or all of them) from position 1. */
  readonly rebuild: (
    name: string | undefined
  ) => Effect.Effect<
    ReadonlyArray<RebuildResult>,
    UnknownProjection | NotAvailableInThisBuild | EventStoreError | ProjectionStoreError
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
