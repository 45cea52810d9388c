/**
 * The chain walk of `verify()`, shared by the memory and SQL stores: fed the stored rows in
 * position order, it names the first position that does not match (a gap, a changed row, a
 * broken link, a stream version that jumps) or a head that disagrees with the last row.
 *
 * @since 0.1.0
 * @internal
 */
import { GenesisHash, type LogHead, type StoredEvent } from "../../ports/EventStore.js"
import * as Hashing from "../../ports/Hashing.js"
import type { VerifyReport } from "../../ports/LogAudit.js"

/** A stored row as the log keeps it (data and metadata decoded from JSON, not upcast). @internal */
export interface RawEvent extends StoredEvent {
  readonly contentHash: string
}

/** The `verify()` walk, fed rows in position order. @internal */
export interface Verifier {
  /** Returns the report when the chain breaks at this row. */
  readonly step: (row: RawEvent) => VerifyReport | undefined
  /** The row at `position` cannot be decoded (JSON or a time no longer parses): the chain breaks here. */
  readonly unreadable: (position: number, reason: string) => VerifyReport
  readonly finish: (head: LogHead) => VerifyReport
}

/** @internal */
export const makeVerifier = (): Verifier => {
  let last: LogHead = { position: 0, hash: GenesisHash }
  let checked = 0
  const versions = new Map<string, number>()
  const broken = (position: number, reason: string): VerifyReport => ({ _tag: "Broken", position, reason, checked })
  return {
    unreadable: (position, reason) =>
      position !== last.position + 1
        ? broken(last.position + 1, `position ${last.position + 1} is missing (the next row is at ${position})`)
        : broken(position, `the row cannot be read (it was changed): ${reason}`),
    step: (row) => {
      const expected = last.position + 1
      if (row.position !== expected) {
        return broken(expected, `position ${expected} is missing (the next row is at ${row.position})`)
      }
      if (row.prevHash !== last.hash) {
        return broken(row.position, "prev_hash does not match the hash of the previous event")
      }
      let content: string
      try {
        content = Hashing.contentHash(row)
      } catch (error) {
        return broken(row.position, `the row cannot be encoded: ${String(error)}`)
      }
      if (content !== row.contentHash) {
        return broken(row.position, "the content does not match its content hash (the row was changed)")
      }
      if (Hashing.link(row.prevHash, content) !== row.hash) {
        return broken(row.position, "the hash does not match sha256(prev_hash || content_hash)")
      }
      const previous = versions.get(row.streamId) ?? 0
      if (row.version !== previous + 1) {
        return broken(row.position, `stream ${row.streamId} jumps from version ${previous} to ${row.version}`)
      }
      versions.set(row.streamId, row.version)
      last = { position: row.position, hash: row.hash }
      checked += 1
      return undefined
    },
    finish: (head) => {
      if (head.position > last.position) {
        return broken(last.position + 1, `the head is at ${head.position} but the last event is at ${last.position}`)
      }
      if (head.position < last.position) {
        return broken(head.position + 1, `an event at ${head.position + 1} lies beyond the head`)
      }
      if (head.hash !== last.hash) {
        return broken(head.position, "the head's hash does not match the last event's hash")
      }
      return { _tag: "Intact", head, checked }
    }
  }
}
