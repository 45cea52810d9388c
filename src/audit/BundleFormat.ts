/**
 * The export bundle's format: one JSON Lines file an auditor carries away and checks offline
 * (`VerifyBundle.ts`), written by `Bundle.ts`, loaded into another store by `Import.ts`.
 *
 * ```text
 * line 1      the header   { format, scope, program?, logId, count, keyFingerprint, checkpoint }
 * lines 2..   one event    { position, streamId, version, eventId, type, schemaVersion, data, metadata,
 *             per line       occurredAt, recordedAt, contentHash, prevHash, hash, proof? }
 * last line   the manifest { end, count, digest, signature }
 * ```
 *
 * - `checkpoint` is the facility's signed checkpoint of the log at export time (`Checkpoint.ts`):
 *   every event of the bundle is at a position up to its `size`, and `proof` is its inclusion
 *   proof against the checkpoint's `root` (RFC 9162, hex, leaf = the event's content hash).
 * - `scope` is `"log"` (every event from position 1 to the checkpoint's size, in order: the chain
 *   re-links from the genesis hash and the whole tree is recomputed, so per-event proofs are
 *   optional) or `"program"` (the program's stream from its first version, and the
 *   certificate-numbering events that allocated its certificates' numbers; each with its proof).
 * - Events are as stored: data and metadata the JSON that was hashed, times ISO-8601 UTC with
 *   milliseconds, the content hash, the chain's `prevHash` and `hash`.
 * - The manifest closes the file: the number of events, the SHA-256 `digest` over one line
 *   `<position> <contentHash>\n` per event in file order, and the facility's Ed25519 signature
 *   over {@link manifestText} (the scope, the checkpoint's size and root, the count and the
 *   digest). The header is not signed by itself; the manifest binds what it claims, so no event
 *   can be dropped, added or moved, and no checkpoint swapped, without the signature failing.
 *
 * Only `effect` and `node:crypto`: no driver, no database code.
 *
 * @since 0.2.0
 */
import * as Crypto from "node:crypto"
import * as Schema from "effect/Schema"
import * as Checkpoint from "./Checkpoint.js"

/**
 * @since 0.2.0
 * @category constants
 */
export const format = "training-ledger/bundle/v1"

const PositiveInt = Schema.Number.pipe(
  Schema.filter((n) => Number.isSafeInteger(n) && n >= 1, { message: () => "a positive integer" })
)

/**
 * What a bundle holds: the whole log, or one program.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Scope = Schema.Literal("log", "program")

/**
 * The first line.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Header = Schema.Struct({
  format: Schema.Literal(format),
  scope: Scope,
  /** The program's id (scope "program"). */
  program: Schema.optional(Schema.String.pipe(Schema.minLength(1))),
  logId: Checkpoint.LogId,
  /** The number of event lines. */
  count: Checkpoint.Count,
  /** The fingerprint of the key that signed the checkpoint and the manifest (`Keys.fingerprint`). */
  keyFingerprint: Checkpoint.KeyFingerprint,
  /** The signed checkpoint, as its file holds it. */
  checkpoint: Schema.Unknown
}).pipe(
  Schema.filter((header) =>
    header.scope === "program"
      ? header.program !== undefined || { path: ["program"], message: "required when the scope is program" }
      : header.program === undefined || { path: ["program"], message: "only with the scope program" }
  )
)

/**
 * @since 0.2.0
 * @category models
 */
export type Header = typeof Header.Type

/**
 * One event line.
 *
 * @since 0.2.0
 * @category schemas
 */
export const EventLine = Schema.Struct({
  position: PositiveInt,
  streamId: Schema.String.pipe(Schema.minLength(1)),
  version: PositiveInt,
  eventId: Schema.String.pipe(Schema.minLength(1)),
  type: Schema.String.pipe(Schema.minLength(1)),
  schemaVersion: PositiveInt,
  data: Schema.Unknown,
  metadata: Schema.Unknown,
  occurredAt: Checkpoint.UtcTime,
  recordedAt: Checkpoint.UtcTime,
  contentHash: Checkpoint.HashHex,
  prevHash: Checkpoint.HashHex,
  hash: Checkpoint.HashHex,
  /** The inclusion proof against the checkpoint (always in a program bundle). */
  proof: Schema.optional(Schema.Array(Checkpoint.HashHex))
})

/**
 * @since 0.2.0
 * @category models
 */
export type EventLine = typeof EventLine.Type

/**
 * The last line.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Manifest = Schema.Struct({
  end: Schema.Literal(format),
  count: Checkpoint.Count,
  digest: Checkpoint.HashHex,
  signature: Checkpoint.SignatureBase64
})

/**
 * @since 0.2.0
 * @category models
 */
export type Manifest = typeof Manifest.Type

/**
 * The text the manifest's signature covers. Its first line has spaces, so it can never be read
 * as a checkpoint note (whose first line is a log id without spaces) signed by the same key.
 *
 * @since 0.2.0
 * @category encoding
 */
export const manifestText = (fields: {
  readonly logId: string
  readonly scope: "log" | "program"
  readonly program?: string | undefined
  readonly size: number
  readonly root: string
  readonly count: number
  readonly digest: string
}): string =>
  `training-ledger bundle manifest v1\n${fields.logId}\n` +
  `${fields.scope === "log" ? "log" : `program ${JSON.stringify(fields.program ?? "")}`}\n` +
  `${fields.size}\n${fields.root}\n${fields.count}\n${fields.digest}\n`

/**
 * The running digest of the events of a bundle: one line `<position> <contentHash>\n` per event,
 * in file order, hashed with SHA-256.
 *
 * @since 0.2.0
 * @category encoding
 */
export const makeDigest = (): {
  readonly add: (position: number, contentHash: string) => void
  readonly hex: () => string
} => {
  const hash = Crypto.createHash("sha256")
  return {
    add: (position, contentHash) => void hash.update(`${position} ${contentHash}\n`, "utf8"),
    hex: () => hash.digest("hex")
  }
}
