/** Events, metadata and ids for the adapter tests (no test-runner imports: the racer process uses them too). */
import type { EventMetadataInput, NewEvent } from "../../../src/ports/EventStore.js"

export const metadata: EventMetadataInput = {
  actor: { id: "officer-1", role: "registrar", facility: "LPCIP" },
  source: "user",
  commandId: "cmd-1"
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0").slice(-width)

/** A deterministic UUID from two numbers. */
export const uuid = (a: number, b: number): string => `${hex(a, 8)}-0000-4000-8000-${hex(b, 12)}`

export const event = (
  eventId: string,
  type = "SessionHeld",
  data: unknown = { n: 1 },
  schemaVersion = 1
): NewEvent => ({
  eventId,
  type,
  schemaVersion,
  data,
  occurredAt: new Date("2024-03-04T00:00:00.000Z")
})
