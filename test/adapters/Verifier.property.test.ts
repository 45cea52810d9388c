/**
 * The chain walk's diagnosis, as a law over generated logs: whatever the log and wherever the
 * tamper, `verify()` names the first bad position and the kind of damage (changed, missing,
 * inserted, reordered), and the page size the store reads in does not change the answer (except
 * that a swap is recognised within a page).
 */
import { describe, expect, it } from "@effect/vitest"
import { Either, FastCheck as fc } from "effect"
import * as Verifier from "../../src/adapters/log/Verifier.js"
import { GenesisHash, type LogHead } from "../../src/ports/EventStore.js"
import * as Hashing from "../../src/ports/Hashing.js"

const metadata = {
  actor: { id: "officer-1", role: "program-officer", facility: "LPCIP" },
  source: "user"
} as Verifier.RawEvent["metadata"]

/** A valid log of `streams[i]`-stream events. */
const chain = (streams: ReadonlyArray<number>): Array<Verifier.RawEvent> => {
  const versions = new Map<number, number>()
  let prevHash = GenesisHash
  return streams.map((s, i) => {
    const version = (versions.get(s) ?? 0) + 1
    versions.set(s, version)
    const content = {
      streamId: `stream-${s}`,
      version,
      eventId: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      type: "Recorded",
      schemaVersion: 1,
      data: { i },
      metadata,
      occurredAt: new Date(Date.UTC(2024, 8, 3, 1, i)),
      recordedAt: new Date(Date.UTC(2024, 8, 3, 2, i))
    }
    const contentHash = Hashing.contentHash(content)
    const hash = Hashing.link(prevHash, contentHash)
    const row = { ...content, position: i + 1, contentHash, prevHash, hash }
    prevHash = hash
    return row
  })
}

const walk = (rows: ReadonlyArray<Verifier.RawEvent>, head: LogHead, pageSize: number) => {
  const verifier = Verifier.makeVerifier()
  for (let i = 0; i < rows.length; i += pageSize) {
    const report = verifier.page(rows.slice(i, i + pageSize).map((row) => Either.right(row)))
    if (report !== undefined) return report
  }
  return verifier.finish(head)
}

const headOf = (rows: ReadonlyArray<Verifier.RawEvent>): LogHead => ({
  position: rows.length,
  hash: rows[rows.length - 1]!.hash
})

const renumber = (rows: ReadonlyArray<Verifier.RawEvent>) => rows.map((row, i) => ({ ...row, position: i + 1 }))

/** A forged event linked after `before`, with correct hashes. */
const forged = (before: Verifier.RawEvent): Verifier.RawEvent => {
  const content = {
    streamId: "forged",
    version: 1,
    eventId: "ffffffff-0000-4000-8000-000000000000",
    type: "Forged",
    schemaVersion: 1,
    data: {},
    metadata,
    occurredAt: before.occurredAt,
    recordedAt: before.recordedAt
  }
  const contentHash = Hashing.contentHash(content)
  return { ...content, position: 0, contentHash, prevHash: before.hash, hash: Hashing.link(before.hash, contentHash) }
}

const log = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 40 }).chain((streams) =>
  fc.record({
    streams: fc.constant(streams),
    at: fc.integer({ min: 1, max: streams.length }),
    other: fc.integer({ min: 1, max: streams.length }),
    pageSize: fc.integer({ min: 1, max: streams.length + 1 })
  })
)

describe("Verifier", () => {
  it.prop("an untouched log is intact, whatever the page size", [log], ([{ pageSize, streams }]) => {
    const rows = chain(streams)
    expect(walk(rows, headOf(rows), pageSize)).toEqual({ _tag: "Intact", head: headOf(rows), checked: rows.length })
  })

  it.prop("a changed row is `changed` at its position", [log], ([{ at, pageSize, streams }]) => {
    const rows = chain(streams)
    const head = headOf(rows)
    rows[at - 1] = { ...rows[at - 1]!, data: { i: -1 } }
    expect(walk(rows, head, pageSize)).toMatchObject({
      _tag: "Broken",
      position: at,
      damage: "changed",
      checked: at - 1
    })
  })

  it.prop("a deleted row is `missing` at its position", [log], ([{ at, pageSize, streams }]) => {
    const rows = chain(streams)
    const head = headOf(rows)
    rows.splice(at - 1, 1)
    expect(walk(rows, head, pageSize)).toMatchObject({ _tag: "Broken", position: at, damage: "missing" })
  })

  it.prop(
    "a deleted row with the positions closed up is `missing` when its stream skips a version",
    [log],
    ([{ at, pageSize, streams }]) => {
      const rows = chain(streams)
      const head = headOf(rows)
      const [gone] = rows.splice(at - 1, 1)
      const next = rows[at - 1]
      fc.pre(next !== undefined && next.streamId === gone!.streamId)
      expect(walk(renumber(rows), head, pageSize)).toMatchObject({ _tag: "Broken", position: at, damage: "missing" })
    }
  )

  it.prop("a forged row linked into the chain is `inserted` at its position", [log], ([{ at, pageSize, streams }]) => {
    const rows = chain(streams)
    const head = headOf(rows)
    fc.pre(at >= 2)
    rows.splice(at - 1, 0, forged(rows[at - 2]!))
    expect(walk(renumber(rows), head, pageSize)).toMatchObject({ _tag: "Broken", position: at, damage: "inserted" })
  })

  it.prop("two swapped rows are `reordered` at the first of them", [log], ([{ at, other, streams }]) => {
    fc.pre(at !== other)
    const rows = chain(streams)
    const head = headOf(rows)
    const [a, b] = [Math.min(at, other), Math.max(at, other)]
    const first = rows[a - 1]!
    rows[a - 1] = { ...rows[b - 1]!, position: a }
    rows[b - 1] = { ...first, position: b }
    expect(walk(rows, head, rows.length)).toMatchObject({ _tag: "Broken", position: a, damage: "reordered" })
  })
})
