/**
 * As-of replay: read models computed in memory from the events that count as of a business date,
 * a record time or a log position (`projections/AsOf.ts`), for one program or for all, without
 * touching the stored tables. The answer is the rows each table would hold.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Stream from "effect/Stream"
import * as Program from "../domain/Program.js"
import * as EventCodec from "../events/EventCodec.js"
import { EventStore, type ReadError, type StoredEvent } from "../ports/EventStore.js"
import * as AsOf from "../projections/AsOf.js"
import * as Batch from "../projections/Batch.js"
import * as Projection from "../projections/Projection.js"
import * as RowSet from "../projections/RowSet.js"

/**
 * @since 0.2.0
 * @category models
 */
export interface ReplayOptions {
  readonly asOf: AsOf.AsOf
  /** One program (its stream only), or every event of the log. */
  readonly programId?: string | undefined
  readonly projections: ReadonlyArray<Projection.Any<any>>
}

const programOf = (e: StoredEvent): string | undefined => {
  const data = e.data as { readonly programId?: unknown } | null
  return typeof data?.programId === "string" ? data.programId : undefined
}

/**
 * The rows of every table of the projections as of `asOf`.
 *
 * @since 0.2.0
 * @category replay
 */
export const replay = (
  options: ReplayOptions
): Effect.Effect<RowSet.RowSet, EventCodec.UndecodableEvent | ReadError, EventStore> =>
  Effect.gen(function* () {
    const store = yield* EventStore
    const rows = RowSet.make(options.projections.flatMap((p) => p.tables))
    const states = options.projections.map(() => new Map<string, unknown>())
    const zones = new Map<string, string>()

    const fold = (chunk: Iterable<StoredEvent>) =>
      Effect.gen(function* () {
        const batch = Batch.make()
        for (const stored of chunk) {
          const programId = programOf(stored)
          if (stored.type === "ProgramDrafted" && programId !== undefined) {
            const zone = (stored.data as { readonly timeZone?: unknown }).timeZone
            if (typeof zone === "string") zones.set(programId, zone)
          }
          const zone = programId === undefined ? undefined : zones.get(programId)
          if (!AsOf.includes(options.asOf, stored, zone)) continue
          const result = EventCodec.decodeUnchecked(stored)
          const decoded = Either.isRight(result)
            ? (result.right as Projection.ProjectedEvent<unknown>)
            : Projection.projected(stored, stored.data)
          for (let i = 0; i < options.projections.length; i++) {
            const projection = options.projections[i]!
            if (!Projection.handles(projection, stored.type)) continue
            if (Either.isLeft(result) && projection.handles !== "all") return yield* result.left
            const e = decoded
            const partition = projection.partition(e)
            if (partition === undefined) continue
            const before = states[i]!.get(partition) ?? projection.initialState(partition)
            states[i]!.set(partition, projection.evolve(before, e, batch.emit(projection, partition)))
          }
        }
        RowSet.apply(
          rows,
          batch.changes((name, partition) =>
            states[options.projections.findIndex((p) => p.name === name)]!.get(partition)
          )
        )
      })

    if (options.programId !== undefined) {
      yield* fold(yield* store.readStreamArray(Program.streamId(options.programId)))
    } else {
      yield* store.readAll({ batchSize: 1000 }).pipe(Stream.runForEachChunk(fold))
    }
    return rows
  })

/**
 * The rows of every table of the projections, folded in memory from events already chosen and
 * decoded: what `replay` does after its cut, for a caller that made the cut itself (the command
 * line's cut of one program's stream may combine a business time and a record time, which one
 * `AsOf` cannot say). The events are folded in the order given, which must be log order.
 *
 * @since 0.2.0
 * @category replay
 */
export const rowsOfEvents = (
  projections: ReadonlyArray<Projection.Any<any>>,
  events: Iterable<Projection.ProjectedEvent<unknown>>
): RowSet.RowSet => {
  const rows = RowSet.make(projections.flatMap((p) => p.tables))
  const states = new Map(projections.map((p) => [p.name, new Map<string, unknown>()] as const))
  const batch = Batch.make()
  for (const e of events) {
    for (const projection of projections) {
      if (!Projection.handles(projection, e.type)) continue
      const partition = projection.partition(e)
      if (partition === undefined) continue
      const byPartition = states.get(projection.name)!
      const before = byPartition.get(partition) ?? projection.initialState(partition)
      byPartition.set(partition, projection.evolve(before, e, batch.emit(projection, partition)))
    }
  }
  RowSet.apply(
    rows,
    batch.changes((name, partition) => states.get(name)!.get(partition))
  )
  return rows
}
