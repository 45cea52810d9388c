/**
 * The chain walk of `verify()`, shared by the memory and SQL stores: fed the stored rows in
 * position order, a page at a time, it names the first position that does not match and what
 * kind of damage it is (see `Damage` in `ports/LogAudit.ts`), or a head that disagrees with the
 * last row.
 *
 * How the kind is told apart, at the first row `r` that does not fit after the last good row `g`:
 * - a position gap: `missing`;
 * - the row after `r` links to `g` (the chain goes around `r`): `inserted` at `r`;
 * - `r` links to a row later in the page: `reordered` at `r`;
 * - `r` links to a row before `g` (its `prev_hash` skips back): the rows after that one up to `g`
 *   were `inserted`;
 * - `r` links to no row we know and its stream skips a version: `missing`;
 * - anything else (content, hash or link edited): `changed`.
 * The look-back keeps the hashes of the last {@link recentWindow} rows only, so memory stays flat
 * for any log size; the look-ahead is the rest of the page being checked.
 *
 * @since 0.1.0
 * @internal
 */
import * as Either from "effect/Either"
import { GenesisHash, type LogHead, type StoredEvent } from "../../ports/EventStore.js"
import * as Hashing from "../../ports/Hashing.js"
import type { Damage, VerifyReport } from "../../ports/LogAudit.js"

/** A stored row as the log keeps it (data and metadata decoded from JSON, not upcast). @internal */
export interface RawEvent extends StoredEvent {
  readonly contentHash: string
}

/** A row that cannot be decoded (JSON or a time no longer parses). @internal */
export interface Unreadable {
  readonly position: number
  readonly reason: string
}

/** A row of a page: decoded, or why it cannot be. @internal */
export type PageRow = Either.Either<RawEvent, Unreadable>

/** The `verify()` walk, fed pages of rows in position order. @internal */
export interface Verifier {
  /** Checks a page; returns the report when the chain breaks in it. */
  readonly page: (rows: ReadonlyArray<PageRow>) => VerifyReport | undefined
  /** Events checked so far. */
  readonly checked: () => number
  readonly finish: (head: LogHead) => VerifyReport
}

/** How many of the last rows' hashes are kept to recognise a `prev_hash` that skips back. @internal */
export const recentWindow = 1024

/** What is wrong with a row on its own (undefined: its content, hash and link agree). */
const ownProblem = (row: RawEvent): string | undefined => {
  let content: string
  try {
    content = Hashing.contentHash(row)
  } catch (error) {
    return `the row cannot be encoded: ${String(error)}`
  }
  if (content !== row.contentHash) return "the content does not match its content hash (the row was changed)"
  if (Hashing.link(row.prevHash, content) !== row.hash) {
    return "the hash does not match sha256(prev_hash || content_hash) (the hash was changed)"
  }
  return undefined
}

/** @internal */
export const makeVerifier = (): Verifier => {
  let last: LogHead = { position: 0, hash: GenesisHash }
  let checked = 0
  const versions = new Map<string, number>()
  // hash -> position of the last rows checked, oldest first (a Map keeps insertion order)
  const recent = new Map<string, number>([[GenesisHash, 0]])
  const broken = (position: number, damage: Damage, reason: string): VerifyReport => ({
    _tag: "Broken",
    position,
    damage,
    reason,
    checked
  })

  const accept = (row: RawEvent) => {
    versions.set(row.streamId, row.version)
    last = { position: row.position, hash: row.hash }
    recent.set(row.hash, row.position)
    if (recent.size > recentWindow) recent.delete(recent.keys().next().value!)
    checked += 1
  }

  /** The row after `i` links to the last good row: the chain goes around row `i`. */
  const goneAround = (rows: ReadonlyArray<PageRow>, i: number): boolean => {
    const next = rows[i + 1]
    return next !== undefined && Either.isRight(next) && next.right.prevHash === last.hash
  }

  const insertedAt = (position: number) =>
    broken(
      position,
      "inserted",
      `the event at ${position} does not belong to the chain: the next row links to the event at ${last.position} (a row was inserted)`
    )

  /** Why row `i` (at the expected position) breaks the chain, or undefined when it fits. */
  const check = (rows: ReadonlyArray<PageRow>, i: number, row: RawEvent): VerifyReport | undefined => {
    if (row.prevHash !== last.hash) {
      // Swapped rows: the row links to one that comes later. Checked first, since after a swap the
      // next row links to the last good one too.
      for (let j = i + 1; j < rows.length; j++) {
        const later = rows[j]
        if (Either.isRight(later) && later.right.hash === row.prevHash) {
          return broken(
            row.position,
            "reordered",
            `the event at ${row.position} links to the event now at ${later.right.position}, which comes after it (rows were reordered)`
          )
        }
      }
      if (goneAround(rows, i)) return insertedAt(row.position)
      const earlier = recent.get(row.prevHash)
      if (earlier !== undefined && earlier < last.position) {
        const count = last.position - earlier
        return broken(
          earlier + 1,
          "inserted",
          `the event at ${row.position} links to the event at ${earlier}: the ${count === 1 ? "row" : `${count} rows`} at ` +
            `${count === 1 ? earlier + 1 : `${earlier + 1}..${last.position}`} ${count === 1 ? "was" : "were"} inserted`
        )
      }
      const previous = versions.get(row.streamId) ?? 0
      if (ownProblem(row) === undefined && row.version > previous + 1) {
        return broken(
          row.position,
          "missing",
          `the event at ${row.position} links to no event of the log and stream ${row.streamId} jumps from version ` +
            `${previous} to ${row.version}: an event before it was removed and the positions closed up`
        )
      }
      return broken(
        row.position,
        "changed",
        `prev_hash does not match the hash of the event at ${last.position}: this row, or the one before it, was changed`
      )
    }
    const problem = ownProblem(row)
    if (problem !== undefined) {
      return goneAround(rows, i) ? insertedAt(row.position) : broken(row.position, "changed", problem)
    }
    const previous = versions.get(row.streamId) ?? 0
    if (row.version > previous + 1) {
      return broken(
        row.position,
        "missing",
        `stream ${row.streamId} jumps from version ${previous} to ${row.version}: an event of it is missing`
      )
    }
    if (row.version === previous) {
      return broken(
        row.position,
        "inserted",
        `stream ${row.streamId} has version ${row.version} twice: a row was inserted`
      )
    }
    if (row.version < previous) {
      return broken(
        row.position,
        "reordered",
        `stream ${row.streamId} goes back from version ${previous} to ${row.version}: rows were reordered`
      )
    }
    return undefined
  }

  return {
    checked: () => checked,
    page: (rows) => {
      for (let i = 0; i < rows.length; i++) {
        const entry = rows[i]
        const position = Either.isRight(entry) ? entry.right.position : entry.left.position
        const expected = last.position + 1
        if (position !== expected) {
          return broken(expected, "missing", `position ${expected} is missing (the next row is at ${position})`)
        }
        if (Either.isLeft(entry)) {
          return broken(position, "changed", `the row cannot be read (it was changed): ${entry.left.reason}`)
        }
        const report = check(rows, i, entry.right)
        if (report !== undefined) return report
        accept(entry.right)
      }
      return undefined
    },
    finish: (head) => {
      if (head.position > last.position) {
        return broken(
          last.position + 1,
          "missing",
          `the head is at ${head.position} but the last event is at ${last.position}: events were removed`
        )
      }
      if (head.position < last.position) {
        return broken(head.position + 1, "inserted", `an event at ${head.position + 1} lies beyond the head`)
      }
      if (head.hash !== last.hash) {
        return broken(head.position, "changed", "the head's hash does not match the last event's hash")
      }
      return { _tag: "Intact", head, checked }
    }
  }
}
