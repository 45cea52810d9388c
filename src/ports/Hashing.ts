/**
 * The canonical encoding of an event envelope and the SHA-256 hash chain over it.
 *
 * - canonical JSON: object keys sorted by UTF-16 code units, no whitespace, `undefined` members
 *   omitted (as `JSON.stringify` does), strings and numbers as `JSON.stringify` writes them;
 *   hashed as UTF-8.
 * - `contentHash` = hex SHA-256 of the canonical encoding of
 *   `{ streamId, version, eventId, type, schemaVersion, data, metadata, occurredAt, recordedAt }`
 *   (dates as ISO-8601 UTC with milliseconds). The position is not part of it.
 * - `hash` = hex SHA-256 of the 32 bytes of `prev_hash` followed by the 32 bytes of `content_hash`,
 *   so PostgreSQL links the chain with `sha256(decode(prev, 'hex') || decode(content, 'hex'))`.
 *
 * `version` sorts last among the content keys, so the encoding is `prefix + version + "}"`: the
 * PostgreSQL append function receives the prefix and completes it once the version is known
 * under the head lock (see {@link contentPrefix}).
 *
 * @since 0.1.0
 */
import * as Crypto from "node:crypto"
import type * as Envelope from "../domain/Envelope.js"

/**
 * The hashed content of a stored event: the envelope without its place in the chain
 * (`Envelope.Content`), with the metadata as plain JSON.
 *
 * @since 0.1.0
 * @category models
 */
export interface Content extends Omit<Envelope.Content, "metadata"> {
  readonly metadata: Envelope.EventMetadataInput
}

/**
 * Thrown by {@link canonicalJson} for a value that has no JSON encoding (callers turn it into a
 * typed error before it reaches the store).
 *
 * @since 0.1.0
 * @category errors
 */
export class NotJson extends Error {
  constructor(
    readonly path: string,
    readonly rule: string
  ) {
    super(`${path}: ${rule}`)
  }
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
/** U+0000 or any surrogate: a string without these needs no further check (the common case). */
const suspect = /[\u0000\uD800-\uDFFF]/

/** Where a value failed, collected while the recursion unwinds (no path is built on success). */
class Failure {
  readonly segments: Array<string> = []
  constructor(readonly rule: string) {}
}

const checkString = (value: string, rule: string): void => {
  if (suspect.test(value) && (value.includes("\u0000") || loneSurrogate.test(value))) throw new Failure(rule)
}

const encode = (value: unknown): string => {
  switch (typeof value) {
    case "string":
      // PostgreSQL's jsonb (and text) cannot hold U+0000: refuse it everywhere, so every store agrees.
      if (suspect.test(value)) {
        if (value.includes("\u0000")) throw new Failure("a string without U+0000")
        if (loneSurrogate.test(value)) throw new Failure("well-formed Unicode (no lone surrogate)")
      }
      return JSON.stringify(value)
    case "number":
      if (!Number.isFinite(value)) throw new Failure("a finite number")
      return JSON.stringify(value)
    case "boolean":
      return value ? "true" : "false"
    case "object": {
      if (value === null) return "null"
      if (Array.isArray(value)) {
        let out = "["
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out += ","
          const item = value[i]
          try {
            if (item === undefined) throw new Failure("a JSON value (not undefined)")
            out += encode(item)
          } catch (error) {
            if (error instanceof Failure) error.segments.push(`[${i}]`)
            throw error
          }
        }
        return out + "]"
      }
      const proto = Object.getPrototypeOf(value)
      if (proto !== Object.prototype && proto !== null) {
        throw new Failure("a plain JSON object (not a Date, Map, class instance...)")
      }
      const keys = Object.keys(value).sort()
      let out = "{"
      let first = true
      for (const key of keys) {
        const member = (value as Record<string, unknown>)[key]
        if (member === undefined) continue
        checkString(key, "keys without U+0000 or lone surrogates")
        if (!first) out += ","
        first = false
        out += JSON.stringify(key) + ":"
        try {
          out += encode(member)
        } catch (error) {
          if (error instanceof Failure) error.segments.push(`.${key}`)
          throw error
        }
      }
      return out + "}"
    }
    default:
      throw new Failure(`a JSON value (not ${typeof value})`)
  }
}

/**
 * Deterministic JSON: sorted keys, no whitespace. Throws {@link NotJson} for values JSON cannot
 * carry faithfully (undefined, functions, bigint, non-finite numbers, class instances, U+0000).
 *
 * @since 0.1.0
 * @category encoding
 */
export const canonicalJson = (value: unknown): string => {
  try {
    return encode(value)
  } catch (error) {
    if (error instanceof Failure) throw new NotJson("$" + error.segments.reverse().join(""), error.rule)
    throw error
  }
}

/**
 * The canonical encoding of an envelope's content, without its closing `,"version":N}`: the
 * full encoding is `contentPrefix(content) + version + "}"`.
 *
 * @since 0.1.0
 * @category encoding
 */
export const contentPrefix = (content: Omit<Content, "version">): string =>
  contentPrefixOf({
    streamId: content.streamId,
    eventId: content.eventId,
    type: content.type,
    schemaVersion: content.schemaVersion,
    dataJson: canonicalJson(content.data),
    metadataJson: canonicalJson(content.metadata),
    occurredAt: content.occurredAt.toISOString(),
    recordedAt: content.recordedAt.toISOString()
  })

/**
 * {@link contentPrefix} from parts already encoded (`dataJson` and `metadataJson` canonical, dates
 * ISO): canonical encoding is compositional, so this is the same string without re-encoding.
 *
 * @since 0.1.0
 * @category encoding
 */
export const contentPrefixOf = (parts: {
  readonly streamId: string
  readonly eventId: string
  readonly type: string
  readonly schemaVersion: number
  readonly dataJson: string
  readonly metadataJson: string
  readonly occurredAt: string
  readonly recordedAt: string
}): string =>
  `{"data":${parts.dataJson},"eventId":${JSON.stringify(parts.eventId)},"metadata":${parts.metadataJson},` +
  `"occurredAt":${JSON.stringify(parts.occurredAt)},"recordedAt":${JSON.stringify(parts.recordedAt)},` +
  `"schemaVersion":${JSON.stringify(parts.schemaVersion)},"streamId":${JSON.stringify(parts.streamId)},` +
  `"type":${JSON.stringify(parts.type)},"version":`

/**
 * @since 0.1.0
 * @category encoding
 */
export const canonicalContent = (content: Content): string => contentPrefix(content) + String(content.version) + "}"

/** Hex SHA-256; the one-shot `crypto.hash` where the runtime has it (Node >= 20.12), it is faster. */
const digest: (data: string | Buffer) => string =
  typeof Crypto.hash === "function"
    ? (data) => Crypto.hash("sha256", data, "hex")
    : (data) => Crypto.createHash("sha256").update(data).digest("hex")

/**
 * Hex SHA-256 of a UTF-8 string.
 *
 * @since 0.1.0
 * @category hashing
 */
export const sha256Hex = (text: string): string => digest(text)

/**
 * @since 0.1.0
 * @category hashing
 */
export const contentHash = (content: Content): string => sha256Hex(canonicalContent(content))

/**
 * The chain link: hex SHA-256 of the bytes of `prevHash` followed by the bytes of `contentHash`.
 *
 * @since 0.1.0
 * @category hashing
 */
export const link = (prevHash: string, contentHashHex: string): string =>
  digest(Buffer.concat([Buffer.from(prevHash, "hex"), Buffer.from(contentHashHex, "hex")]))
