/**
 * A trivial event log in memory, written independently of the stores, for the model-based test:
 * the store and this model must give the same answers and the same reads.
 */
import type { AppendRequest, AppendResult } from "../../../src/ports/EventStore.js"

export interface ModelEvent {
  readonly position: number
  readonly streamId: string
  readonly version: number
  readonly eventId: string
  readonly type: string
  readonly schemaVersion: number
  readonly data: string // JSON.stringify of the data (the generators use key-ordered data)
}

export type ModelAnswer =
  | { readonly _tag: "Ok"; readonly results: ReadonlyArray<AppendResult> }
  | {
      readonly _tag: "StreamVersionConflict"
      readonly streamId: string
      readonly expected: unknown
      readonly actual: number
    }
  | { readonly _tag: "IdempotencyMismatch"; readonly streamId: string; readonly eventId: string }

export class Model {
  readonly log: Array<ModelEvent> = []
  constructor(readonly base: number) {}

  version(streamId: string): number {
    return this.log.filter((e) => e.streamId === streamId).length
  }

  find(eventId: string): ModelEvent | undefined {
    return this.log.find((e) => e.eventId === eventId)
  }

  stream(streamId: string): ReadonlyArray<ModelEvent> {
    return this.log.filter((e) => e.streamId === streamId)
  }

  /** One append (or appendMany): every request or none. */
  append(requests: ReadonlyArray<AppendRequest>): ModelAnswer {
    const staged: Array<ModelEvent> = []
    const results: Array<AppendResult> = []
    const seen = new Set<string>()
    const lookup = (id: string) => staged.find((e) => e.eventId === id) ?? this.find(id)
    // An id repeated anywhere in one append is refused before anything else is looked at.
    for (const request of requests) {
      for (const event of request.events) {
        if (seen.has(event.eventId)) {
          return { _tag: "IdempotencyMismatch", streamId: request.streamId, eventId: event.eventId }
        }
        seen.add(event.eventId)
      }
    }
    for (const request of requests) {
      const stored = request.events.map((e) => lookup(e.eventId))
      if (stored.some((s) => s !== undefined)) {
        for (let i = 0; i < request.events.length; i++) {
          const s = stored[i]
          const e = request.events[i]
          if (
            s === undefined ||
            s.streamId !== request.streamId ||
            s.type !== e.type ||
            s.schemaVersion !== e.schemaVersion ||
            s.data !== JSON.stringify(e.data)
          ) {
            return { _tag: "IdempotencyMismatch", streamId: request.streamId, eventId: e.eventId }
          }
        }
        results.push({
          streamId: request.streamId,
          version: Math.max(...stored.map((s) => s!.version)),
          positions: stored.map((s) => s!.position),
          alreadyAppended: true
        })
        continue
      }
      const actual = this.version(request.streamId) + staged.filter((e) => e.streamId === request.streamId).length
      const expected = request.expectedVersion
      if (expected !== "any" && (expected === "no-stream" ? actual !== 0 : actual !== expected)) {
        return { _tag: "StreamVersionConflict", streamId: request.streamId, expected, actual }
      }
      const positions: Array<number> = []
      let version = actual
      for (const e of request.events) {
        version += 1
        const position = this.base + this.log.length + staged.length + 1
        staged.push({
          position,
          streamId: request.streamId,
          version,
          eventId: e.eventId,
          type: e.type,
          schemaVersion: e.schemaVersion,
          data: JSON.stringify(e.data)
        })
        positions.push(position)
      }
      results.push({ streamId: request.streamId, version, positions, alreadyAppended: false })
    }
    this.log.push(...staged)
    return { _tag: "Ok", results }
  }
}
