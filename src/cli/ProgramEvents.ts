/**
 * A program's events as the command line reads them: its stream, decoded (an event that does not
 * decode is an `UndecodableEvent`, never skipped), cut at a resolved `--as-of` / `--recorded-by`
 * cutoff. What the HTML report folds the read models from, so it sees exactly the events the
 * other formats' `ProgramView` was computed from.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { Projected } from "../domain/Envelope.js"
import * as Program from "../domain/Program.js"
import * as EventCodec from "../events/EventCodec.js"
import { EventStore, type ReadError } from "../ports/EventStore.js"
import * as AsOf from "./AsOf.js"

/**
 * The program's events within the cutoff, in log order (none when the program is unknown).
 *
 * @since 0.2.0
 * @category reading
 */
export const within = (
  programId: string,
  cutoff: AsOf.Cutoff
): Effect.Effect<ReadonlyArray<Projected<Program.Event>>, ReadError | EventCodec.UndecodableEvent, EventStore> =>
  Effect.gen(function* () {
    const stored = yield* (yield* EventStore).readStreamArray(Program.streamId(programId))
    return yield* Effect.forEach(stored.filter(AsOf.includes(cutoff)), EventCodec.decodeProgram)
  })

/**
 * The drafts of every program of a series within the cutoff, in log order: one read of the whole
 * log (as `programs` does), since no table of the log's own says which streams belong to a series.
 *
 * @since 0.2.0
 * @category reading
 */
export const draftsOfSeries = (
  seriesId: string,
  cutoff: AsOf.Cutoff
): Effect.Effect<ReadonlyArray<Program.ProgramDrafted>, ReadError | EventCodec.UndecodableEvent, EventStore> =>
  Effect.gen(function* () {
    const store = yield* EventStore
    const prefix = Program.streamId("")
    return yield* store.readAll({ batchSize: 1000 }).pipe(
      Stream.filter((e) => e.type === "ProgramDrafted" && e.streamId.startsWith(prefix) && AsOf.includes(cutoff)(e)),
      Stream.mapEffect(EventCodec.decodeProgram),
      Stream.filterMap((e) =>
        e.event._tag === "ProgramDrafted" && e.event.seriesId === seriesId ? Option.some(e.event) : Option.none()
      ),
      Stream.runCollect,
      Effect.map((chunk) => Array.from(chunk))
    )
  })
