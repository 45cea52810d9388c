// W1..W5 for the Promise-based targets (raw drivers and Emmett). training-ledger has its own
// Effect programs (targets/training-ledger.ts) doing the same work.
import { startTimed, stopTimed } from "./profile.mjs"
import { EVENTS_PER_STREAM, W5, checkW5, generate, latencyStats, prng, readPlan, w5Command } from "./data.mjs"

export class Conflict extends Error {
  constructor(streamId, expected, actual) {
    super(`conflict on ${streamId}: expected ${expected}, actual ${actual}`)
    this.conflict = true
  }
}

const now = () => performance.now()

/** Batches of `size` consecutive events, each grouped by stream in order: [[{ streamId, expectedVersion, events, metadata }]] */
export const importBatches = (events, size = 1000) => {
  const batches = []
  for (let i = 0; i < events.length; i += size) {
    const groups = new Map()
    for (const e of events.slice(i, i + size)) {
      let g = groups.get(e.streamId)
      if (!g)
        groups.set(
          e.streamId,
          (g = { streamId: e.streamId, expectedVersion: e.version - 1, events: [], metadata: e.metadata })
        )
      g.events.push(e)
    }
    batches.push([...groups.values()])
  }
  return batches
}

/**
 * target: {
 *   setup(), teardown(),
 *   append(streamId, expectedVersion, events, metadata) -> Promise<newVersion>  (throws Conflict),
 *   importBatch(groups) -> Promise<void>          (one transaction, W2 and the fill of W3/W4),
 *   readAll(visit) -> Promise<void>                (visit({ streamId, version, position, data, metadata })),
 *   readAllVariants?() -> Promise<{ [name]: (visit) => Promise<void> }>   (other whole-log reads, timed in W3's details),
 *   readStream(streamId) -> Promise<Array<{ version, data }>>,
 *   writers(k) -> Promise<Array<{ append, readStream, close }>>   (W5)
 * }
 */
export const runWorkload = async (target, workload, n) => {
  const data = generate(n)
  await target.setup()
  try {
    switch (workload) {
      case "W1": {
        const lat = new Float64Array(data.appends.length)
        await startTimed()
        const t0 = now()
        for (let i = 0; i < data.appends.length; i++) {
          const a = data.appends[i]
          const s = now()
          await target.append(a.streamId, a.expectedVersion, a.events, a.metadata)
          lat[i] = now() - s
        }
        const secs = (now() - t0) / 1000
        await stopTimed()
        // the stale-version check: appending with an old expected version must be rejected
        let staleRejected = false
        const a0 = data.appends[0]
        try {
          await target.append(
            a0.streamId,
            a0.expectedVersion,
            [{ ...a0.events[0], eventId: "00000000-0000-4000-8000-000000000001" }],
            a0.metadata
          )
        } catch (e) {
          staleRejected = e?.conflict === true
        }
        return {
          events_per_s: data.total / secs,
          appends_per_s: data.appends.length / secs,
          ...latencyStats(lat),
          ok: staleRejected,
          ...(staleRejected ? {} : { reason: "a stale expected version was not rejected" })
        }
      }
      case "W2": {
        const batches = importBatches(data.events)
        await startTimed()
        const t0 = now()
        for (const b of batches) await target.importBatch(b)
        const secs = (now() - t0) / 1000
        await stopTimed()
        const check = await countAll(target)
        return {
          events_per_s: data.total / secs,
          ok: check === data.total,
          ...(check === data.total ? {} : { reason: `stored ${check}` })
        }
      }
      case "W3": {
        for (const b of importBatches(data.events)) await target.importBatch(b)
        const result = await timeReadAll(target.readAll, data, true)
        // Other ways a target offers to read the whole log (training-ledger-promise: the fold
        // helper, the Promise API's pages), timed after it on the same log with the same checks:
        // details.<name>_events_per_s. Not profiled (--profile-timed covers readAll alone).
        const variants = {}
        for (const [name, read] of Object.entries((await target.readAllVariants?.()) ?? {})) {
          const r = await timeReadAll(read, data, false)
          variants[`${name}_events_per_s`] = r.events_per_s
          if (!r.ok) {
            result.ok = false
            result.reason = `${name}: ${r.reason}`
          }
        }
        return { ...result, ...variants }
      }
      case "W4": {
        for (const b of importBatches(data.events)) await target.importBatch(b)
        const plan = readPlan(data.nStreams)
        const lat = new Float64Array(plan.length)
        let events = 0
        let ok = true
        await startTimed()
        const t0 = now()
        for (let i = 0; i < plan.length; i++) {
          const s = now()
          const evs = await target.readStream(plan[i])
          lat[i] = now() - s
          events += evs.length
          if (
            evs.length !== EVENTS_PER_STREAM ||
            Number(evs[evs.length - 1].version) !== EVENTS_PER_STREAM ||
            typeof evs[0].data.score !== "number"
          )
            ok = false
        }
        const secs = (now() - t0) / 1000
        await stopTimed()
        return { events_per_s: events / secs, reads_per_s: plan.length / secs, ...latencyStats(lat), ok }
      }
      case "W5":
        return await runW5(target)
      default:
        return { events_per_s: 0, ok: false, reason: `${workload} is training-ledger only` }
    }
  } finally {
    await target.teardown()
  }
}

/** W3's read: every event in global order, folded (count per stream, sum of a number field), checked. */
const timeReadAll = async (read, data, profiled) => {
  if (profiled) await startTimed()
  const t0 = now()
  const perStream = new Map()
  let sum = 0
  let count = 0
  let last = -Infinity
  let ordered = true
  await read((e) => {
    perStream.set(e.streamId, (perStream.get(e.streamId) ?? 0) + 1)
    sum += e.data.score
    count++
    const p = Number(e.position)
    if (p <= last) ordered = false
    last = p
  })
  const secs = (now() - t0) / 1000
  if (profiled) await stopTimed()
  let ok = ordered && count === data.total && sum === data.scoreSum && perStream.size === data.nStreams
  for (const c of perStream.values()) if (c !== EVENTS_PER_STREAM) ok = false
  return {
    events_per_s: count / secs,
    ok,
    ...(ok ? {} : { reason: `count ${count}/${data.total} sum ${sum}/${data.scoreSum} ordered ${ordered}` })
  }
}

const countAll = async (target) => {
  let c = 0
  await target.readAll(() => {
    c++
  })
  return c
}

const runW5 = async (target) => {
  const writers = await target.writers(W5.writers)
  const acked = new Set()
  let conflicts = 0
  let gaveUp = 0
  let errors = 0
  const errorSamples = []
  const lat = []
  await startTimed()
  const t0 = now()
  await Promise.all(
    writers.map(async (w, wi) => {
      const rand = prng(1000 + wi)
      const known = new Map() // streamId -> version from this writer's last read
      const reread = async (streamId) => {
        const evs = await w.readStream(streamId)
        known.set(streamId, evs.length === 0 ? 0 : Number(evs[evs.length - 1].version))
      }
      for (let i = 0; i < W5.commandsPerWriter; i++) {
        const cmd = w5Command(rand, wi, i)
        if (!known.has(cmd.streamId)) await reread(cmd.streamId)
        const s = now()
        let done = false
        for (let attempt = 0; attempt <= W5.maxRetries && !done; attempt++) {
          try {
            const v = await w.append(cmd.streamId, known.get(cmd.streamId), [cmd.event], cmd.metadata)
            known.set(cmd.streamId, v)
            acked.add(cmd.commandId)
            done = true
          } catch (e) {
            if (e?.conflict) {
              conflicts++
              await reread(cmd.streamId)
            } else {
              errors++
              if (errorSamples.length < 3) errorSamples.push(String(e?.message ?? e))
              // an unknown outcome: re-read and retry like a conflict (the event id guards nothing here)
              await reread(cmd.streamId).catch(() => {})
            }
          }
        }
        if (!done) gaveUp++
        lat.push(now() - s)
      }
    })
  )
  const secs = (now() - t0) / 1000
  await stopTimed()
  for (const w of writers) await w.close?.()
  const rows = []
  await (target.scanAll ?? target.readAll)((e) =>
    rows.push({ streamId: e.streamId, version: e.version, position: e.position, commandId: e.data.commandId })
  )
  const check = checkW5(rows, acked)
  return {
    events_per_s: acked.size / secs,
    appends_per_s: acked.size / secs,
    ...latencyStats(lat),
    ok: check.ok,
    acknowledged: acked.size,
    conflicts,
    gave_up: gaveUp,
    errors,
    ...(errorSamples.length ? { error_samples: errorSamples } : {}),
    ...(check.ok ? {} : { reason: check.problems.join("; "), problem_count: check.problemCount })
  }
}
