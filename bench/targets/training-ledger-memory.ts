// MEM (training-ledger only): W3 over 10·N events (1,000,000 at N = 100,000): how much the
// resident set grows while reading and folding the whole log. The log is filled in bulk first
// (filler events generated on the fly, never all in memory); the growth is the highest RSS
// sampled during the read minus the RSS just before it.
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { EventStore, NoStream, type AppendRequest } from "../../src/ports/EventStore.ts"
import { makeData, makeMetadata, prng, uuid } from "../lib/data.mjs"
import { freshDatabase, timedStart, timedStop, type Db, type Result } from "./training-ledger.ts"

const now = () => performance.now()

const fill = (total: number) =>
  Effect.gen(function* () {
    const store = yield* EventStore
    const rand = prng(99)
    const day0 = new Date(Date.UTC(2024, 0, 8))
    let scoreSum = 0
    let stream = 0
    for (let position = 0; position < total; position += 1000) {
      const requests: Array<AppendRequest> = []
      for (let left = Math.min(1000, total - position); left > 0; left -= 100) {
        const k = Math.min(100, left)
        const streamId = `mem-${String(stream++).padStart(6, "0")}`
        const events = Array.from({ length: k }, (_, i) => {
          const data = makeData(rand, streamId, i + 1)
          scoreSum += data.score
          return { eventId: uuid(rand), type: "Filler", schemaVersion: 1, data, occurredAt: day0 }
        })
        requests.push({ streamId, expectedVersion: NoStream, events, metadata: makeMetadata(rand) })
      }
      yield* store.appendMany(requests)
    }
    return { scoreSum, streams: stream }
  })

const mem = (total: number) =>
  Effect.gen(function* () {
    const { scoreSum, streams } = yield* fill(total)
    const store = yield* EventStore
    ;(globalThis as any).gc?.()
    const before = process.memoryUsage().rss
    let peak = before
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss)
    }, 20)
    yield* timedStart
    const t0 = now()
    const acc = yield* Stream.runFold(
      store.readAll({ batchSize: 1000 }),
      { perStream: new Map<string, number>(), sum: 0, count: 0 },
      (acc, e) => {
        acc.perStream.set(e.streamId, (acc.perStream.get(e.streamId) ?? 0) + 1)
        acc.sum += (e.data as any).score
        acc.count++
        return acc
      }
    )
    const secs = (now() - t0) / 1000
    yield* timedStop
    clearInterval(sampler)
    peak = Math.max(peak, process.memoryUsage().rss)
    const growth = (peak - before) / 2 ** 20
    const correct = acc.count === total && acc.sum === scoreSum && acc.perStream.size === streams
    const ok = correct && growth <= 150
    return {
      events_per_s: acc.count / secs,
      rss_before_read_mb: Math.round(before / 2 ** 20),
      rss_growth_mb: Math.round(growth * 10) / 10,
      events: total,
      ok,
      ...(ok
        ? {}
        : {
            reason: correct
              ? `RSS grew ${growth.toFixed(0)} MB (> 150)`
              : `count ${acc.count}/${total} sum ${acc.sum}/${scoreSum}`
          })
    } satisfies Result
  })

export const runMemory = async (db: Db, n: number): Promise<Result> => {
  const { layer, cleanup } = await freshDatabase(db, "MEM")
  try {
    return await Effect.runPromise(
      Effect.provide(
        mem(n * 10) as Effect.Effect<Result, unknown, EventStore>,
        layer as Layer.Layer<EventStore, unknown>
      )
    )
  } finally {
    await cleanup()
  }
}
