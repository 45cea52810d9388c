/**
 * The projection engine: the read models registered with a ledger, their tables and checkpoints,
 * and the ways to move them along the log.
 *
 * - **inline** read models are committed by the Ledger in the append's transaction (see
 *   `Ledger.layer`'s `inline` option and `engine/Inline.ts`);
 * - **async** read models are followed by a worker (`worker` option: run it in this process;
 *   on PostgreSQL several processes may run workers, each projection owned by one at a time);
 * - `catchUp` brings read models to the head now (tests, scripts, a read that must see the
 *   latest events); `rebuild` rebuilds one from position 0 while appends go on;
 * - `replay` computes read models as of a business date, a record time or a position, in memory.
 *
 * Custom reports are projections like the built-in ones: pass them in `custom`; they get their
 * own tables and checkpoint.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { EventStore } from "../ports/EventStore.js"
import { type Checkpoint, ProjectionStore, type ProjectionStoreError } from "../ports/ProjectionStore.js"
import type * as AsOf from "../projections/AsOf.js"
import * as Catalog from "../projections/Catalog.js"
import type * as Projection from "../projections/Projection.js"
import type * as RowSet from "../projections/RowSet.js"
import * as Fold from "./Fold.js"
import * as Replay from "./Replay.js"
import * as Runner from "./Runner.js"
import * as Worker from "./Worker.js"

/**
 * A read model name that is not registered. Names the allowed ones.
 *
 * @since 0.2.0
 * @category errors
 */
export class UnknownReadModel extends Schema.TaggedError<UnknownReadModel>()("UnknownReadModel", {
  name: Schema.String,
  allowed: Schema.Array(Schema.String)
}) {
  override get message() {
    return `No read model ${JSON.stringify(this.name)}: use one of ${this.allowed.join(", ")}`
  }
}

/**
 * @since 0.2.0
 * @category errors
 */
export type EngineError = Runner.RunError

/**
 * Where a read model stands.
 *
 * @since 0.2.0
 * @category models
 */
export interface Status {
  readonly name: string
  readonly mode: "inline" | "async"
  /** The version of its definition in this process. */
  readonly version: number
  /** Its tables' checkpoint (none before its first rebuild). */
  readonly checkpoint: Option.Option<Checkpoint>
  /** The head of the log. */
  readonly head: number
  /** Events of the log not yet in its tables. */
  readonly lag: number
}

/**
 * @since 0.2.0
 * @category models
 */
export interface ProjectionEngineService {
  /** Every registered read model. */
  readonly projections: ReadonlyArray<Projection.Any<any>>
  /** Those the Ledger commits inline. */
  readonly inline: ReadonlyArray<Projection.Any<any>>
  /** The registered read model of that name. */
  readonly get: (name: string) => Effect.Effect<Projection.Any<any>, UnknownReadModel>
  /** Brings read models (default: every async one) to the head of the log as it is now. */
  readonly catchUp: (names?: ReadonlyArray<string>) => Effect.Effect<void, EngineError | UnknownReadModel>
  /** Rebuilds a read model from position 0 into new tables and swaps them in; appends go on. */
  readonly rebuild: (name: string) => Effect.Effect<void, EngineError | UnknownReadModel>
  readonly status: () => Effect.Effect<ReadonlyArray<Status>, ProjectionStoreError | EngineError>
  /** Rows of read models (default: every one) as of a time or position, in memory. */
  readonly replay: (
    asOf: AsOf.AsOf,
    options?: { readonly programId?: string | undefined; readonly names?: ReadonlyArray<string> | undefined }
  ) => Effect.Effect<RowSet.RowSet, EngineError | UnknownReadModel>
}

/**
 * @since 0.2.0
 * @category tags
 */
export class ProjectionEngine extends Context.Tag("training-ledger/ProjectionEngine")<
  ProjectionEngine,
  ProjectionEngineService
>() {}

/**
 * @since 0.2.0
 * @category options
 */
export interface Options {
  /** The read models (default: the built-in ones, `Catalog.builtIn`). */
  readonly projections?: ReadonlyArray<Projection.Any<any>> | undefined
  /** More read models: custom reports. */
  readonly custom?: ReadonlyArray<Projection.Any<any>> | undefined
  /** Names of the read models the Ledger commits inline (default `Catalog.inlineByDefault`). */
  readonly inline?: ReadonlyArray<string> | undefined
  /** Run the async worker in this process (default false), with options. */
  readonly worker?: boolean | Worker.Options | undefined
  /** Events per step for `catchUp` and rebuilds (default 1,000). */
  readonly batchSize?: number | undefined
}

const namePattern = /^[a-z][a-z0-9_-]{0,47}$/

/**
 * The registered read models, checked: unique names, no table of two read models.
 *
 * @since 0.2.0
 * @category constructors
 */
export const registered = (options: Options = {}): ReadonlyArray<Projection.Any<any>> => {
  const all = [...(options.projections ?? Catalog.builtIn), ...(options.custom ?? [])]
  const names = new Set<string>()
  const tables = new Set<string>()
  for (const p of all) {
    if (!namePattern.test(p.name)) throw new Error(`read model name ${p.name}: a-z, 0-9, - and _, at most 48`)
    if (names.has(p.name)) throw new Error(`two read models are named ${p.name}`)
    names.add(p.name)
    for (const t of p.tables) {
      if (tables.has(t.name)) throw new Error(`two read models write the table ${t.name}`)
      tables.add(t.name)
    }
  }
  return all
}

/**
 * The read models of `options` the Ledger commits inline.
 *
 * @since 0.2.0
 * @category constructors
 */
export const inlineOf = (options: Options = {}): ReadonlyArray<Projection.Any<any>> => {
  const inline = new Set(options.inline ?? Catalog.inlineByDefault)
  return registered(options).filter((p) => inline.has(p.name))
}

/**
 * @since 0.2.0
 * @category constructors
 */
export const make = (options: Options = {}) =>
  Effect.gen(function* () {
    const events = yield* EventStore
    const store = yield* ProjectionStore
    const projections = registered(options)
    const inlineNames = new Set(options.inline ?? Catalog.inlineByDefault)
    const inline = projections.filter((p) => inlineNames.has(p.name))
    const asyncOnes = projections.filter((p) => !inlineNames.has(p.name))
    const batchSize = options.batchSize ?? 1_000
    const members = new Map(projections.map((p) => [p.name, Runner.track(Fold.member(p))]))
    const lock = yield* Effect.makeSemaphore(1)
    const provide = <A, E>(effect: Effect.Effect<A, E, EventStore | ProjectionStore>) =>
      effect.pipe(Effect.provideService(EventStore, events), Effect.provideService(ProjectionStore, store))

    yield* store.ensureTables(projections.flatMap((p) => p.tables))

    const get = (name: string) =>
      Effect.suspend(() => {
        const p = projections.find((x) => x.name === name)
        return p === undefined
          ? Effect.fail(new UnknownReadModel({ name, allowed: projections.map((x) => x.name) }))
          : Effect.succeed(p)
      })

    const rebuildClaimed = (m: Runner.Tracked) =>
      Effect.scoped(
        Effect.gen(function* () {
          const coordinator = yield* store.coordinator
          while (!(yield* coordinator.tryClaim(m.projection.name))) yield* Effect.sleep("200 millis")
          yield* Runner.rebuild(m, { batchSize })
        })
      )

    const catchUp: ProjectionEngineService["catchUp"] = (names) =>
      lock.withPermits(1)(
        provide(
          Effect.gen(function* () {
            const chosen = yield* Effect.forEach(names ?? asyncOnes.map((p) => p.name), get)
            const tracked = chosen.map((p) => members.get(p.name)!)
            yield* Runner.reload(tracked)
            for (const m of tracked) if (Runner.needsRebuild(m)) yield* rebuildClaimed(m)
            yield* Runner.catchUp(tracked, { batchSize })
          })
        )
      )

    const rebuild: ProjectionEngineService["rebuild"] = (name) =>
      lock.withPermits(1)(
        provide(
          Effect.flatMap(get(name), (p) => {
            const m = members.get(p.name)!
            return Effect.zipRight(Runner.reload([m]), rebuildClaimed(m))
          })
        )
      )

    const status: ProjectionEngineService["status"] = () =>
      Effect.gen(function* () {
        const head = (yield* events.head()).position
        return yield* Effect.forEach(projections, (p) =>
          Effect.map(store.checkpoint(p.name), (checkpoint) => ({
            name: p.name,
            mode: inlineNames.has(p.name) ? ("inline" as const) : ("async" as const),
            version: p.version,
            checkpoint,
            head,
            lag: head - Option.match(checkpoint, { onNone: () => 0, onSome: (c) => c.position })
          }))
        )
      })

    const replay: ProjectionEngineService["replay"] = (asOf, replayOptions = {}) =>
      Effect.gen(function* () {
        const chosen = replayOptions.names === undefined ? projections : yield* Effect.forEach(replayOptions.names, get)
        return yield* provide(Replay.replay({ asOf, programId: replayOptions.programId, projections: chosen }))
      })

    if (options.worker !== undefined && options.worker !== false) {
      const workerMembers = asyncOnes.map((p) => Runner.track(Fold.member(p)))
      yield* Effect.forkScoped(provide(Worker.run(workerMembers, options.worker === true ? {} : options.worker)))
    }

    return ProjectionEngine.of({ projections, inline, get, catchUp, rebuild, status, replay })
  })

/**
 * The engine, with its tables created and, when asked, its worker running for the layer's
 * lifetime.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<ProjectionEngine, ProjectionStoreError, EventStore | ProjectionStore> =>
  Layer.scoped(ProjectionEngine, make(options))
