/**
 * A program's events as a person reads them (the audit timeline of DOMAIN.md): when it happened,
 * when it was recorded, who in which role from which source, what, and why where the event
 * carries a reason code or a note. Also the full envelope for `--json`, enough to recompute the
 * hash chain from the export (`ports/Hashing.ts`).
 *
 * @since 0.2.0
 */
import { type Envelope, toJson } from "../domain/Envelope.js"
import { labels, type Lang } from "./Labels.js"
import { formatInstant } from "./Output.js"

/** Fields that say why something happened. */
const whyFields = ["reasonCode", "reason", "cause", "correctionReason", "overbookingReason", "note"] as const

/** Fields not worth a timeline line (the program is the heading; hashes are for machines). */
const skipped = new Set<string>(["programId", "verificationCodeHash", "signatories", ...whyFields])

/** The fields a reader looks for first; the others follow in the event's order. */
const first = [
  "title",
  "participantId",
  "kind",
  "sessionId",
  "slot",
  "to",
  "outcome",
  "assessmentId",
  "attempt",
  "value",
  "number",
  "type",
  "letterNumber",
  "organisation",
  "role",
  "startDate",
  "lastDay",
  "from",
  "closedAt",
  "issuedAt",
  "recommendation",
  "documentId"
]

const rank = (key: string) => {
  const i = first.indexOf(key)
  return i === -1 ? first.length : i
}

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/

const scalar = (value: unknown, timeZone: string): string | undefined => {
  // instants in the data (closedAt, issuedAt) read in the facility's zone, like the envelope's
  if (typeof value === "string" && isoInstant.test(value)) return formatInstant(new Date(value), timeZone)
  if (typeof value === "string") return value.length > 60 ? `${value.slice(0, 57)}...` : value
  if (typeof value === "number" || typeof value === "boolean") return String(value)
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const v = value as Record<string, unknown>
    // a session slot, a result value
    if (typeof v.date === "string" && typeof v.start === "string") return `${v.date} ${v.start}-${v.end ?? ""}`
    if (typeof v._tag === "string" && "value" in v) return scalar(v.value, timeZone)
  }
  if (Array.isArray(value) && value.every((x) => typeof x === "string")) {
    return value.length === 0 ? undefined : scalar(value.join(", "), timeZone)
  }
  return undefined
}

/**
 * What happened, in a few `field=value` pairs from the event's data.
 *
 * @since 0.2.0
 * @category timeline
 */
export const what = (data: unknown, timeZone: string, limit = 6): string => {
  if (typeof data !== "object" || data === null) return ""
  const parts: Array<string> = []
  const entries = Object.entries(data).sort(([a], [b]) => rank(a) - rank(b))
  for (const [key, value] of entries) {
    if (skipped.has(key)) continue
    const shown = scalar(value, timeZone)
    if (shown !== undefined) parts.push(`${key}=${shown}`)
    if (parts.length === limit) break
  }
  return parts.join(" ")
}

/**
 * Why, when the event says: its reason code, reason, cause or note.
 *
 * @since 0.2.0
 * @category timeline
 */
export const why = (data: unknown): string | undefined => {
  if (typeof data !== "object" || data === null) return undefined
  const d = data as Record<string, unknown>
  const parts = whyFields.filter((k) => typeof d[k] === "string" && d[k] !== "").map((k) => `${k}=${String(d[k])}`)
  return parts.length === 0 ? undefined : parts.join(" ")
}

/**
 * One event as text lines.
 *
 * @since 0.2.0
 * @category timeline
 */
export const lines = (e: Envelope, timeZone: string, lang: Lang): ReadonlyArray<string> => {
  const l = labels(lang)
  const actor = e.metadata.actor
  const reason = why(e.data)
  const details = what(e.data, timeZone)
  return [
    `#${e.position} ${e.type} (v${e.version})${details === "" ? "" : `  ${details}`}`,
    `    ${l.happened} ${formatInstant(e.occurredAt, timeZone)}, ${l.recorded} ${formatInstant(e.recordedAt, timeZone)}`,
    `    ${l.by} ${actor.id} (${l.role} ${actor.role}, ${actor.facility}, ${l.source} ${e.metadata.source})`,
    ...(reason === undefined ? [] : [`    ${l.why}: ${reason}`])
  ]
}

/**
 * The full envelope as JSON (`Envelope.toJson`).
 *
 * @since 0.2.0
 * @category timeline
 */
export const envelopeJson = toJson
