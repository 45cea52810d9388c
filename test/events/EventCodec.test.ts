/**
 * The unchecked decoding the projection engine folds with gives the values the Schema decoding
 * gives, for every event the domain emits.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Either, FastCheck as fc } from "effect"
import * as Program from "../../src/domain/Program.js"
import * as EventCodec from "../../src/events/EventCodec.js"
import type { StoredEvent } from "../../src/ports/EventStore.js"
import { commandSequenceArb } from "../domain/arbitraries.js"

/** Stored as the store would: the encoded data, read back as JSON. */
const stored = (event: Program.Event, version: number): StoredEvent => {
  const encoded = EventCodec.program.encode(event, "00000000-0000-4000-8000-000000000001", new Date(0))
  return {
    position: version,
    streamId: "program-PRG-1",
    version,
    eventId: encoded.eventId,
    type: encoded.type,
    schemaVersion: encoded.schemaVersion,
    data: JSON.parse(JSON.stringify(encoded.data)),
    metadata: { actor: { id: "a", role: "r", facility: "LPCIP" as never }, source: "user" },
    occurredAt: new Date(0),
    recordedAt: new Date(0),
    prevHash: "0".repeat(64),
    hash: "1".repeat(64)
  }
}

// values compared as JSON: instants as their ISO text, class instances as their fields
const plain = (x: unknown) => JSON.parse(JSON.stringify(x))

describe("EventCodec.decodeUnchecked", () => {
  it("gives the Schema decoding's values for every event the domain emits", () =>
    fc.assert(
      fc.property(commandSequenceArb, (commands) => {
        let state = Program.decider.initialState
        let version = 0
        for (const command of commands) {
          const decided = Program.decide(command, state)
          if (Either.isLeft(decided)) continue
          for (const event of decided.right) {
            state = Program.evolve(state, event)
            const s = stored(event, ++version)
            const checked = Effect.runSync(EventCodec.decode(s))
            const unchecked = Either.getOrThrow(EventCodec.decodeUnchecked(s))
            expect(plain(unchecked)).toEqual(plain(checked))
            // instants are DateTimes, as the Schema makes them
            if (event._tag === "ProgramClosed")
              expect((unchecked.event as Program.ProgramClosed).closedAt.epochMillis).toBe(event.closedAt.epochMillis)
          }
        }
      }),
      { numRuns: 60 }
    ))

  it("refuses an event type the ledger does not know, as decode does", () => {
    const s = { ...stored(new Program.ProgramPublished({ programId: "PRG-1" as never }), 1), type: "Unknown" }
    expect(Either.getLeft(EventCodec.decodeUnchecked(s))).toMatchObject({
      _tag: "Some",
      value: { _tag: "UndecodableEvent", type: "Unknown" }
    })
  })
})
