// Seeded workload data shared by every target (plain JS: no dependencies, no Math.random).

/** mulberry32: small, fast, seeded PRNG returning floats in [0, 1). */
export const prng = (seed) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const randInt = (rand, lo, hi) => lo + Math.floor(rand() * (hi - lo + 1))

const ALPHA = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 "
// flat strings (a loop of += leaves rope strings that take ~30 bytes per character)
const pick = (rand, n, alphabet) => {
  const codes = new Array(n)
  for (let i = 0; i < n; i++) codes[i] = alphabet.charCodeAt(Math.floor(rand() * alphabet.length))
  return String.fromCharCode.apply(null, codes)
}
const text = (rand, n) => pick(rand, n, ALPHA)
const hex = (rand, n) => pick(rand, n, "0123456789abcdef")
/** A UUID-shaped id (version 4 layout) drawn from the seeded PRNG. */
export const uuid = (rand) =>
  `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-${"89ab"[Math.floor(rand() * 4)]}${hex(rand, 3)}-${hex(rand, 12)}`

export const EVENTS_PER_STREAM = 100
export const TYPES = ["SessionHeld", "AttendanceMarked", "AssessmentRecorded", "NoteAdded"]
export const streamName = (i) => `program-${String(i).padStart(5, "0")}`

/** Metadata of about 110 bytes of JSON (the shape of training-ledger's EventMetadata). */
export const makeMetadata = (rand) => ({
  actor: { id: `u${randInt(rand, 100, 999)}`, role: "staff", facility: "LPCIP" },
  source: "user",
  commandId: uuid(rand)
})

/** Event data of about 300 bytes of JSON, with a number field `score` for the W3 checksum. */
export const makeData = (rand, streamId, version) => ({
  programId: streamId,
  participantId: `p-${hex(rand, 12)}`,
  sessionId: `s-${randInt(rand, 1, 20)}`,
  version,
  score: randInt(rand, 0, 100),
  present: rand() < 0.9,
  minutes: randInt(rand, 30, 240),
  note: text(rand, 170)
})

/**
 * The N events of W1..W4: N/100 streams of 100 events, grouped into appends of 1 to 3 events,
 * appends interleaved over the streams in a seeded order.
 * Returns { streams, appends: [{ streamId, expectedVersion, events: [{ eventId, type, data, version, occurredAt }], metadata }], events (flat, in append order), scoreSum }
 */
export const generate = (n, seed = 42) => {
  const rand = prng(seed)
  const nStreams = Math.max(1, Math.floor(n / EVENTS_PER_STREAM))
  const queues = []
  let scoreSum = 0
  const day0 = Date.UTC(2024, 0, 8)
  for (let s = 0; s < nStreams; s++) {
    const streamId = streamName(s)
    const chunks = []
    let version = 0
    while (version < EVENTS_PER_STREAM) {
      const size = Math.min(randInt(rand, 1, 3), EVENTS_PER_STREAM - version)
      const events = []
      for (let k = 0; k < size; k++) {
        version++
        const data = makeData(rand, streamId, version)
        scoreSum += data.score
        events.push({
          eventId: uuid(rand),
          type: TYPES[version % TYPES.length],
          schemaVersion: 1,
          data,
          version,
          occurredAt: new Date(day0 + version * 86_400_000)
        })
      }
      chunks.push({ streamId, expectedVersion: version - size, events, metadata: makeMetadata(rand) })
    }
    queues.push({ chunks, next: 0 })
  }
  // interleave: pick a random stream that still has appends
  const live = queues.slice()
  const appends = []
  while (live.length > 0) {
    const i = Math.floor(rand() * live.length)
    const q = live[i]
    appends.push(q.chunks[q.next++])
    if (q.next === q.chunks.length) {
      live[i] = live[live.length - 1]
      live.pop()
    }
  }
  const events = []
  for (const a of appends) for (const e of a.events) events.push({ ...e, streamId: a.streamId, metadata: a.metadata })
  return {
    nStreams,
    streams: queues.map((_, s) => streamName(s)),
    appends,
    events,
    scoreSum,
    total: nStreams * EVENTS_PER_STREAM
  }
}

/** The 1,000 stream ids W4 reads, seeded. */
export const readPlan = (nStreams, reads = 1000, seed = 7) => {
  const rand = prng(seed)
  return Array.from({ length: reads }, () => streamName(Math.floor(rand() * nStreams)))
}

export const W5 = { writers: 4, streams: 100, commandsPerWriter: 1000, maxRetries: 10 }

/** One W5 command: a single event carrying its command id. */
export const w5Command = (rand, writer, i) => {
  const streamId = `shared-${String(Math.floor(rand() * W5.streams)).padStart(3, "0")}`
  const commandId = `w${writer}-c${i}`
  return {
    streamId,
    commandId,
    event: {
      eventId: uuid(rand),
      type: "AttendanceMarked",
      schemaVersion: 1,
      data: { ...makeData(rand, streamId, 0), commandId },
      occurredAt: new Date(Date.UTC(2024, 0, 8))
    },
    metadata: { ...makeMetadata(rand), commandId }
  }
}

export const percentile = (sorted, p) => {
  if (sorted.length === 0) return undefined
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[idx]
}

export const latencyStats = (samplesMs) => {
  const s = Float64Array.from(samplesMs).sort()
  return { p50_ms: percentile(s, 50), p99_ms: percentile(s, 99) }
}

/**
 * W5 integrity check over the rows a target read back: [{ streamId, version, position, commandId }].
 * acked: Set of acknowledged command ids. Returns { ok, problems[] }.
 */
export const checkW5 = (rows, acked, { gapFree = false } = {}) => {
  const problems = []
  const seen = new Map()
  const positions = new Set()
  const byStream = new Map()
  for (const r of rows) {
    seen.set(r.commandId, (seen.get(r.commandId) ?? 0) + 1)
    if (positions.has(String(r.position))) problems.push(`duplicate position ${r.position}`)
    positions.add(String(r.position))
    let vs = byStream.get(r.streamId)
    if (!vs) byStream.set(r.streamId, (vs = []))
    vs.push(Number(r.version))
  }
  for (const id of acked) {
    const c = seen.get(id) ?? 0
    if (c !== 1) problems.push(`acknowledged command ${id} stored ${c} times`)
  }
  for (const [id, c] of seen) if (!acked.has(id)) problems.push(`unacknowledged command ${id} stored ${c} times`)
  for (const [s, vs] of byStream) {
    vs.sort((a, b) => a - b)
    for (let i = 0; i < vs.length; i++)
      if (vs[i] !== i + 1) {
        problems.push(`stream ${s}: versions not contiguous at ${i + 1} (found ${vs[i]})`)
        break
      }
  }
  if (gapFree) {
    const ps = [...positions].map(Number).sort((a, b) => a - b)
    for (let i = 0; i < ps.length; i++)
      if (ps[i] !== i + 1) {
        problems.push(`positions not gap-free at ${i + 1} (found ${ps[i]})`)
        break
      }
  }
  return { ok: problems.length === 0, problems: problems.slice(0, 10), problemCount: problems.length }
}
