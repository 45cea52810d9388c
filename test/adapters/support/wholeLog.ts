/** What every race must leave behind, checked on the whole log after the racers are done. */
import { expect } from "@effect/vitest"
import { LogAudit } from "../../../src/ports/LogAudit.js"
import { Chunk, Effect, Stream } from "effect"
import type { EventStoreService } from "../../../src/ports/EventStore.js"

/**
 * Positions gap-free 1..total, every event id once, each stream's versions contiguous from 1,
 * and the chain verifying over all of it.
 */
export const expectWholeLog = (store: EventStoreService, total: number, streams: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const all = Chunk.toReadonlyArray(yield* Stream.runCollect(store.readAll({ batchSize: 50 })))
    expect(all.map((e) => e.position)).toEqual(Array.from({ length: total }, (_, i) => i + 1))
    expect(new Set(all.map((e) => e.eventId)).size).toBe(total)
    for (const streamId of streams) {
      const versions = all.filter((e) => e.streamId === streamId).map((e) => e.version)
      expect(versions).toEqual(Array.from({ length: versions.length }, (_, i) => i + 1))
    }
    expect(yield* (yield* LogAudit).verify()).toMatchObject({ _tag: "Intact", checked: total })
  })
