/**
 * The append decision, shared by the memory store and the SQL store's statement path: input
 * validation, then, for a batch of appends against the log's state, each append's outcome
 * (appended, already appended, conflict, mismatch) and the rows to write. Pure: the caller
 * supplies the state it read under the head lock.
 *
 * The PostgreSQL append function (`sql/pg/event_log_append.sql`) implements the same decision in plpgsql;
 * the contract suite holds both to the same answers.
 *
 * @since 0.1.0
 * @internal
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import { EventMetadata } from "../../domain/Envelope.js"
import {
  type AppendRequest,
  type AppendResult,
  AnyVersion,
  type ExpectedVersion,
  IdempotencyMismatch,
  InvalidAppend,
  type LogHead,
  NoStream,
  StreamVersionConflict
} from "../../ports/EventStore.js"
import * as Hashing from "../../ports/Hashing.js"
import type { StoredRow } from "./Rows.js"

/** @internal */
export interface ValidEvent {
  readonly eventId: string
  readonly type: string
  readonly schemaVersion: number
  readonly dataJson: string
  readonly occurredAt: string
}

/** @internal */
export interface ValidRequest {
  readonly streamId: string
  readonly expectedVersion: ExpectedVersion
  readonly events: ReadonlyArray<ValidEvent>
  readonly metadataJson: string
}

/**
 * The canonical content of one of a request's events without its version (`Hashing.contentPrefix`):
 * the version is known only under the head lock, here or in PostgreSQL's append function.
 *
 * @internal
 */
export const contentPrefix = (request: ValidRequest, event: ValidEvent, recordedAt: string): string =>
  Hashing.contentPrefixOf({
    streamId: request.streamId,
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    dataJson: event.dataJson,
    metadataJson: request.metadataJson,
    occurredAt: event.occurredAt,
    recordedAt
  })

/** One append (or appendMany): all of its requests commit or none. @internal */
export type Job = ReadonlyArray<ValidRequest>

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const isMetadata = Schema.is(EventMetadata)

const json = (value: unknown, field: string): string => {
  try {
    return Hashing.canonicalJson(value)
  } catch (error) {
    if (error instanceof Hashing.NotJson) {
      throw new InvalidAppend({ field: `${field}${error.path.slice(1)}`, rule: error.rule })
    }
    throw new InvalidAppend({ field, rule: "a plain JSON value" })
  }
}

const validateRequest = (request: AppendRequest, at: string): ValidRequest => {
  if (typeof request.streamId !== "string" || request.streamId.length === 0) {
    throw new InvalidAppend({ field: `${at}streamId`, rule: "a non-empty string" })
  }
  json(request.streamId, `${at}streamId`)
  const expected = request.expectedVersion
  if (expected !== NoStream && expected !== AnyVersion && !(Number.isSafeInteger(expected) && expected >= 0)) {
    throw new InvalidAppend({
      field: `${at}expectedVersion`,
      rule: `a non-negative integer, "${NoStream}" or "${AnyVersion}"`
    })
  }
  if (!isMetadata(request.metadata)) {
    throw new InvalidAppend({ field: `${at}metadata`, rule: "an EventMetadata (actor, source...)" })
  }
  const metadataJson = json(request.metadata, `${at}metadata`)
  if (!Array.isArray(request.events)) {
    throw new InvalidAppend({ field: `${at}events`, rule: "an array" })
  }
  const events = request.events.map((event, i): ValidEvent => {
    const field = `${at}events[${i}].`
    if (event === null || typeof event !== "object") {
      throw new InvalidAppend({ field: `${at}events[${i}]`, rule: "an event" })
    }
    if (typeof event.eventId !== "string" || !uuid.test(event.eventId)) {
      throw new InvalidAppend({ field: `${field}eventId`, rule: "a UUID (8-4-4-4-12 hex digits)" })
    }
    if (typeof event.type !== "string" || event.type.length === 0) {
      throw new InvalidAppend({ field: `${field}type`, rule: "a non-empty string" })
    }
    json(event.type, `${field}type`)
    if (!Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1) {
      throw new InvalidAppend({ field: `${field}schemaVersion`, rule: "a positive integer" })
    }
    const occurredAt = event.occurredAt
    if (!(occurredAt instanceof Date) || Number.isNaN(occurredAt.getTime())) {
      throw new InvalidAppend({ field: `${field}occurredAt`, rule: "a valid Date" })
    }
    const year = occurredAt.getUTCFullYear()
    if (year < 1 || year > 9999) {
      throw new InvalidAppend({ field: `${field}occurredAt`, rule: "a Date between the years 1 and 9999" })
    }
    if (event.data === undefined) {
      throw new InvalidAppend({ field: `${field}data`, rule: "a JSON value (not undefined)" })
    }
    return {
      eventId: event.eventId.toLowerCase(),
      type: event.type,
      schemaVersion: event.schemaVersion,
      dataJson: json(event.data, `${field}data`),
      occurredAt: occurredAt.toISOString()
    }
  })
  return { streamId: request.streamId, expectedVersion: expected, events, metadataJson }
}

/**
 * Checks every field a caller controls. Event ids are lowercased (the store keys on them).
 *
 * @internal
 */
export const validate = (requests: ReadonlyArray<AppendRequest>, many: boolean): Either.Either<Job, InvalidAppend> => {
  try {
    if (!Array.isArray(requests)) {
      return Either.left(new InvalidAppend({ field: "requests", rule: "an array" }))
    }
    return Either.right(requests.map((request, i) => validateRequest(request, many ? `requests[${i}].` : "")))
  } catch (error) {
    if (error instanceof InvalidAppend) return Either.left(error)
    return Either.left(new InvalidAppend({ field: "requests", rule: `well-formed (${String(error)})` }))
  }
}

/** What the store knows about a stored event, for the idempotency check. @internal */
export interface StoredSummary {
  readonly eventId: string
  readonly streamId: string
  readonly version: number
  readonly position: number
  readonly type: string
  readonly schemaVersion: number
  readonly dataJson: string
}

/** A row to insert: the stored form of an event. @internal */
export type PlannedRow = StoredRow

/** The log's state as read under the head lock. @internal */
export interface PlanState {
  readonly head: LogHead
  readonly streamVersion: (streamId: string) => number
  readonly storedEvent: (eventId: string) => StoredSummary | undefined
}

/**
 * The state of {@link plan} from what an append read under the lock: the head, the versions of
 * the batch's streams (absent: no event yet) and its already stored events.
 *
 * @internal
 */
export const stateOf = (
  head: LogHead,
  versions: ReadonlyMap<string, number>,
  stored: ReadonlyMap<string, StoredSummary>
): PlanState => ({
  head,
  streamVersion: (streamId) => versions.get(streamId) ?? 0,
  storedEvent: (eventId) => stored.get(eventId)
})

/** @internal */
export type JobFailure = StreamVersionConflict | IdempotencyMismatch

/** @internal */
export interface Plan {
  readonly outcomes: ReadonlyArray<Either.Either<ReadonlyArray<AppendResult>, JobFailure>>
  readonly rows: ReadonlyArray<PlannedRow>
  /** The final version of every stream the batch appended to. */
  readonly streams: ReadonlyMap<string, number>
  readonly head: LogHead
}

const sameContent = (stored: StoredSummary, streamId: string, event: ValidEvent): string | undefined => {
  if (stored.streamId !== streamId) return `stored on stream ${stored.streamId}`
  if (stored.type !== event.type) return `stored with type ${stored.type}`
  if (stored.schemaVersion !== event.schemaVersion) return `stored with schema version ${stored.schemaVersion}`
  if (stored.dataJson !== event.dataJson) return "stored with other data"
  return undefined
}

/**
 * The first event id that appears twice in one append (over all its requests), as the error the
 * append fails with.
 *
 * @internal
 */
export const repeatedId = (job: Job): IdempotencyMismatch | undefined => {
  const seen = new Set<string>()
  for (const request of job) {
    for (const event of request.events) {
      if (seen.has(event.eventId)) {
        return new IdempotencyMismatch({
          streamId: request.streamId,
          eventId: event.eventId,
          reason: "the same event id appears twice in one append"
        })
      }
      seen.add(event.eventId)
    }
  }
  return undefined
}

/**
 * Decides a batch of jobs in order. Each job sees the effects of the jobs before it; a job that
 * fails leaves no row and does not move the head.
 *
 * @internal
 */
export const plan = (jobs: ReadonlyArray<Job>, state: PlanState, recordedAt: string): Plan => {
  const rows: Array<PlannedRow> = []
  const streams = new Map<string, number>()
  const written = new Map<string, StoredSummary>()
  let head = state.head
  const outcomes = jobs.map((job): Either.Either<ReadonlyArray<AppendResult>, JobFailure> => {
    const jobRows: Array<PlannedRow> = []
    const jobStreams = new Map<string, number>()
    const jobWritten = new Map<string, StoredSummary>()
    let jobHead = head
    const versionOf = (streamId: string) =>
      jobStreams.get(streamId) ?? streams.get(streamId) ?? state.streamVersion(streamId)
    const lookup = (eventId: string) => jobWritten.get(eventId) ?? written.get(eventId) ?? state.storedEvent(eventId)
    const results: Array<AppendResult> = []
    const repeated = repeatedId(job)
    if (repeated !== undefined) return Either.left(repeated)
    for (const request of job) {
      const stored = request.events.map((event) => lookup(event.eventId))
      const storedCount = stored.filter((s) => s !== undefined).length
      if (storedCount > 0) {
        for (let i = 0; i < request.events.length; i++) {
          const s = stored[i]
          if (s === undefined) {
            return Either.left(
              new IdempotencyMismatch({
                streamId: request.streamId,
                eventId: request.events[i].eventId,
                reason: `only ${storedCount} of the ${request.events.length} events of this append are stored`
              })
            )
          }
          const differs = sameContent(s, request.streamId, request.events[i])
          if (differs !== undefined) {
            return Either.left(
              new IdempotencyMismatch({ streamId: request.streamId, eventId: s.eventId, reason: differs })
            )
          }
        }
        const summaries = stored as ReadonlyArray<StoredSummary>
        results.push({
          streamId: request.streamId,
          version: Math.max(...summaries.map((s) => s.version)),
          positions: summaries.map((s) => s.position),
          alreadyAppended: true
        })
        continue
      }
      const actual = versionOf(request.streamId)
      const expected = request.expectedVersion
      const ok = expected === AnyVersion || (expected === NoStream ? actual === 0 : actual === expected)
      if (!ok) {
        return Either.left(new StreamVersionConflict({ streamId: request.streamId, expected, actual }))
      }
      const positions: Array<number> = []
      let version = actual
      for (const event of request.events) {
        version += 1
        const position = jobHead.position + 1
        const contentHash = Hashing.sha256Hex(contentPrefix(request, event, recordedAt) + String(version) + "}")
        const hash = Hashing.link(jobHead.hash, contentHash)
        const row: PlannedRow = {
          position,
          streamId: request.streamId,
          version,
          eventId: event.eventId,
          type: event.type,
          schemaVersion: event.schemaVersion,
          dataJson: event.dataJson,
          metadataJson: request.metadataJson,
          occurredAt: event.occurredAt,
          recordedAt,
          contentHash,
          prevHash: jobHead.hash,
          hash
        }
        jobRows.push(row)
        jobWritten.set(event.eventId, { ...row })
        positions.push(position)
        jobHead = { position, hash }
      }
      if (request.events.length > 0) jobStreams.set(request.streamId, version)
      results.push({ streamId: request.streamId, version, positions, alreadyAppended: false })
    }
    // The whole job holds: make its effects visible to the jobs after it.
    for (const row of jobRows) rows.push(row)
    for (const [streamId, version] of jobStreams) streams.set(streamId, version)
    for (const [eventId, summary] of jobWritten) written.set(eventId, summary)
    head = jobHead
    return Either.right(results)
  })
  return { outcomes, rows, streams, head }
}

/**
 * The distinct stream ids and event ids of a batch (what the statement path preloads).
 *
 * @internal
 */
export const keysOf = (jobs: ReadonlyArray<Job>) => {
  const streamIds = new Set<string>()
  const eventIds = new Set<string>()
  for (const job of jobs) {
    for (const request of job) {
      streamIds.add(request.streamId)
      for (const event of request.events) eventIds.add(event.eventId)
    }
  }
  return { streamIds: [...streamIds], eventIds: [...eventIds] }
}
