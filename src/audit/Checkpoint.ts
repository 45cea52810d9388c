/**
 * Signed checkpoints: the facility's Ed25519 signature over the state of its log at one size, an
 * auditor keeps outside the database and later checks the log against.
 *
 * A checkpoint is `{ logId, size, root, time, head }`: the log's stable id, the number of events
 * (positions `1..size`), the Merkle root of those events (`Merkle.ts`), when it was taken (ISO-8601
 * UTC with milliseconds, given by the caller) and the hash chain's head at that size
 * (`{ position: size, hash }`, so `verify --seal` checks the chain and the tree alike).
 *
 * **Signed bytes.** The signature is Ed25519 (RFC 8032, pure, `node:crypto`) over the UTF-8 text of
 * a C2SP `tlog-checkpoint` note body (https://c2sp.org/tlog-checkpoint), two extension lines after
 * the three standard ones, each line ending in `\n`:
 *
 * ```text
 * <logId>
 * <size, decimal, no leading zeros>
 * <root, standard base64 with padding of the 32 bytes>
 * time <time>
 * chain <head hash, 64 lowercase hex digits>
 * ```
 *
 * The log id is therefore restricted to what a signed-note key name allows: 1 to 255 printable
 * ASCII characters, no space, no `+`. With {@link signedNote} and {@link noteVerifierKey} the same
 * signature is a C2SP signed note that existing tools (Go's `golang.org/x/mod/sumdb/note`, the
 * transparency-dev witnesses) verify.
 *
 * **File.** A signed checkpoint is kept as JSON (written by {@link encodeSignedCheckpoint}):
 *
 * ```json
 * { "format": "training-ledger/checkpoint/v1", "logId": "...", "size": 297, "root": "<hex>",
 *   "time": "2024-05-01T08:00:00.000Z", "head": { "position": 297, "hash": "<hex>" },
 *   "keyFingerprint": "SHA256:...", "signature": "<base64 of the 64 signature bytes>" }
 * ```
 *
 * {@link decodeSealFile} reads it, and also the unsigned seal `{ position, hash, sealedAt }` that
 * `seal()` wrote before checkpoints were signed; anything else is refused with the field and the
 * rule it breaks.
 *
 * @since 0.2.0
 */
import * as Crypto from "node:crypto"
import * as Effect from "effect/Effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Keys from "./Keys.js"
import { isHexDigest } from "./Sha256.js"

// ---------------------------------------------------------------------------------------------
// Field schemas
// ---------------------------------------------------------------------------------------------

/**
 * A SHA-256 digest as 64 lowercase hex digits.
 *
 * @since 0.2.0
 * @category schemas
 */
export const HashHex = Schema.String.pipe(
  Schema.filter(isHexDigest, { message: () => "64 lowercase hexadecimal digits (a SHA-256 digest)" })
)

/**
 * The id of a log: a C2SP origin / signed-note key name.
 *
 * @since 0.2.0
 * @category schemas
 */
export const LogId = Schema.String.pipe(
  Schema.pattern(/^[\x21-\x2a\x2c-\x7e]{1,255}$/, {
    message: () => "1 to 255 printable ASCII characters without spaces or '+' (a signed-note key name)"
  })
)

/**
 * A tree size or a log position: an integer from 0 to 2^52.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Count = Schema.Number.pipe(
  Schema.filter((n) => Number.isInteger(n) && n >= 0 && n <= 2 ** 52, {
    message: () => "an integer from 0 to 2^52"
  })
)

const isoUtc = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** The date exists (no 30 February, no hour 25) and prints back as the same text. */
const isCanonicalTime = (text: string): boolean => {
  const time = new Date(text)
  return !Number.isNaN(time.getTime()) && time.toISOString() === text
}

/**
 * A time as `Date.prototype.toISOString` writes it (UTC, milliseconds), so its text is canonical.
 *
 * @since 0.2.0
 * @category schemas
 */
export const UtcTime = Schema.String.pipe(
  Schema.filter((text) => isoUtc.test(text) && isCanonicalTime(text), {
    message: () => "an ISO-8601 UTC time with milliseconds, e.g. 2024-05-01T08:00:00.000Z"
  })
)

/**
 * The fingerprint of a public key (`Keys.fingerprint`).
 *
 * @since 0.2.0
 * @category schemas
 */
export const KeyFingerprint = Schema.String.pipe(
  Schema.pattern(/^SHA256:[A-Za-z0-9_-]{43}$/, {
    message: () => "SHA256: followed by 43 base64url characters (a key fingerprint)"
  })
)

/**
 * An Ed25519 signature: the standard base64 (padded, canonical) of its 64 bytes.
 *
 * @since 0.2.0
 * @category schemas
 */
export const SignatureBase64 = Schema.String.pipe(
  Schema.filter(
    (text) => /^[A-Za-z0-9+/]{86}==$/.test(text) && Buffer.from(text, "base64").toString("base64") === text,
    { message: () => "the standard base64 of 64 bytes (an Ed25519 signature)" }
  )
)

/**
 * The hash chain's head: the last position and its chain hash.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ChainHead = Schema.Struct({ position: Count, hash: HashHex })

const checkpointFields = {
  logId: LogId,
  size: Count,
  root: HashHex,
  time: UtcTime,
  head: ChainHead
}

const headAtSize = <A extends { readonly size: number; readonly head: { readonly position: number } }>(value: A) =>
  value.head.position === value.size || {
    path: ["head", "position"],
    message: `equals size (${value.size}): the chain head of a checkpoint is the event at its last position`
  }

/**
 * What is signed.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Checkpoint = Schema.Struct(checkpointFields).pipe(Schema.filter(headAtSize))

/**
 * @since 0.2.0
 * @category models
 */
export type Checkpoint = typeof Checkpoint.Type

/**
 * The `format` of a signed checkpoint file.
 *
 * @since 0.2.0
 * @category constants
 */
export const format = "training-ledger/checkpoint/v1"

/**
 * A signed checkpoint as its file holds it; decoded, it carries `_tag: "SignedCheckpoint"`.
 *
 * @since 0.2.0
 * @category schemas
 */
export const SignedCheckpoint = Schema.Struct({
  format: Schema.Literal(format),
  ...checkpointFields,
  keyFingerprint: KeyFingerprint,
  signature: SignatureBase64
}).pipe(Schema.filter(headAtSize), Schema.attachPropertySignature("_tag", "SignedCheckpoint"))

/**
 * @since 0.2.0
 * @category models
 */
export type SignedCheckpoint = typeof SignedCheckpoint.Type

/**
 * The unsigned seal `seal()` wrote before checkpoints were signed: `{ position, hash, sealedAt }`.
 * It proves the chain only (no root, no signature); decoded, it carries `_tag: "UnsignedSeal"`.
 *
 * @since 0.2.0
 * @category schemas
 */
export const UnsignedSeal = Schema.Struct({
  position: Count,
  hash: HashHex,
  sealedAt: Schema.compose(UtcTime, Schema.DateFromString)
}).pipe(Schema.attachPropertySignature("_tag", "UnsignedSeal"))

/**
 * @since 0.2.0
 * @category models
 */
export type UnsignedSeal = typeof UnsignedSeal.Type

/**
 * What a seal file holds.
 *
 * @since 0.2.0
 * @category models
 */
export type SealFile = SignedCheckpoint | UnsignedSeal

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * A checkpoint (file or value) that breaks a rule of its format.
 *
 * @since 0.2.0
 * @category errors
 */
export class MalformedCheckpoint extends Schema.TaggedError<MalformedCheckpoint>()("MalformedCheckpoint", {
  field: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `Checkpoint field "${this.field}" is invalid: ${this.rule}`
  }
}

/**
 * The checkpoint names another key than the one it is checked with.
 *
 * @since 0.2.0
 * @category errors
 */
export class SignedByOtherKey extends Schema.TaggedError<SignedByOtherKey>()("SignedByOtherKey", {
  expected: Schema.String,
  found: Schema.String
}) {
  override get message() {
    return `The checkpoint was signed by key ${this.found}, not by the given key ${this.expected}`
  }
}

/**
 * The signature does not match the checkpoint under the given key: a field was changed after
 * signing, or another key signed it.
 *
 * @since 0.2.0
 * @category errors
 */
export class BadSignature extends Schema.TaggedError<BadSignature>()("BadSignature", {
  logId: Schema.String,
  size: Schema.Number,
  keyFingerprint: Schema.String
}) {
  override get message() {
    return `The signature of the checkpoint of ${this.logId} at size ${this.size} does not verify under key ${this.keyFingerprint}: the checkpoint was changed after it was signed, or another key signed it`
  }
}

// ---------------------------------------------------------------------------------------------
// Encoding, signing, verifying
// ---------------------------------------------------------------------------------------------

/**
 * The exact bytes (as text) that are signed: a C2SP checkpoint note body (see the module doc).
 *
 * @since 0.2.0
 * @category encoding
 */
export const signedBody = (checkpoint: Checkpoint): string =>
  `${checkpoint.logId}\n${checkpoint.size}\n${Buffer.from(checkpoint.root, "hex").toString("base64")}\n` +
  `time ${checkpoint.time}\nchain ${checkpoint.head.hash}\n`

const firstIssue = (error: ParseResult.ParseError): MalformedCheckpoint => {
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
  if (issue === undefined) return new MalformedCheckpoint({ field: "(top level)", rule: error.message })
  return new MalformedCheckpoint({
    field: issue.path.length === 0 ? "(top level)" : issue.path.map(String).join("."),
    rule:
      issue._tag === "Missing"
        ? "required"
        : issue._tag === "Unexpected"
          ? `not a field of this format (${issue.message})`
          : issue.message
  })
}

const strict = { onExcessProperty: "error", errors: "first" } as const

const validCheckpoint = Schema.validate(Checkpoint, strict)
const validSigned = Schema.validate(SignedCheckpoint, strict)

/**
 * Checks an unsigned checkpoint against the rules of its fields (a log id a signed-note key name
 * may be, hashes of 64 lowercase hex digits, a canonical UTC time, the head at the size).
 *
 * @since 0.2.0
 * @category validating
 */
export const validate = (checkpoint: Checkpoint): Effect.Effect<Checkpoint, MalformedCheckpoint> =>
  validCheckpoint(checkpoint).pipe(Effect.mapError(firstIssue))

/**
 * Signs a checkpoint with the facility's Ed25519 private key. The checkpoint is checked first (a
 * log id with a newline would sign another text than the one the fields describe).
 *
 * @since 0.2.0
 * @category signing
 */
export const sign = (
  checkpoint: Checkpoint,
  privateKey: Crypto.KeyObject
): Effect.Effect<SignedCheckpoint, MalformedCheckpoint | Keys.WrongKeyType> =>
  Effect.gen(function* () {
    const valid = yield* validCheckpoint(checkpoint).pipe(Effect.mapError(firstIssue))
    const key = yield* Keys.requireEd25519(privateKey, "private")
    const signature = Crypto.sign(null, Buffer.from(signedBody(valid), "utf8"), key)
    return {
      _tag: "SignedCheckpoint" as const,
      format,
      logId: valid.logId,
      size: valid.size,
      root: valid.root,
      time: valid.time,
      head: { position: valid.head.position, hash: valid.head.hash },
      keyFingerprint: Keys.fingerprint(key),
      signature: signature.toString("base64")
    }
  })

/**
 * Verifies a signed checkpoint against the facility's public key and returns what it states.
 * Refused: a malformed value, a checkpoint naming another key's fingerprint, a signature that
 * does not match the fields.
 *
 * @since 0.2.0
 * @category verifying
 */
export const verify = (
  signed: SignedCheckpoint,
  publicKey: Crypto.KeyObject
): Effect.Effect<Checkpoint, MalformedCheckpoint | Keys.WrongKeyType | SignedByOtherKey | BadSignature> =>
  Effect.gen(function* () {
    const valid = yield* validSigned(signed).pipe(Effect.mapError(firstIssue))
    const key = yield* Keys.requireEd25519(publicKey, "public")
    const expected = Keys.fingerprint(key)
    if (valid.keyFingerprint !== expected) {
      return yield* new SignedByOtherKey({ expected, found: valid.keyFingerprint })
    }
    const ok = Crypto.verify(null, Buffer.from(signedBody(valid), "utf8"), key, Buffer.from(valid.signature, "base64"))
    if (!ok) return yield* new BadSignature({ logId: valid.logId, size: valid.size, keyFingerprint: expected })
    return { logId: valid.logId, size: valid.size, root: valid.root, time: valid.time, head: valid.head }
  })

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

const encodeSigned = Schema.encodeSync(SignedCheckpoint)

/**
 * The JSON text of a signed checkpoint file (2-space indented, trailing newline).
 *
 * @since 0.2.0
 * @category files
 */
export const encodeSignedCheckpoint = (signed: SignedCheckpoint): string =>
  JSON.stringify(encodeSigned(signed), null, 2) + "\n"

const decodeSigned = Schema.decodeUnknown(SignedCheckpoint, strict)
const decodeUnsigned = Schema.decodeUnknown(UnsignedSeal, strict)

/**
 * Reads a seal file: a signed checkpoint (it has a `format` field) or a legacy unsigned seal.
 * Malformed input is refused with the first field that breaks a rule, and the rule.
 *
 * @since 0.2.0
 * @category files
 */
export const decodeSealFile = (text: string): Effect.Effect<SealFile, MalformedCheckpoint> =>
  Effect.gen(function* () {
    const json: unknown = yield* Effect.try({
      try: () => JSON.parse(text),
      catch: (error) =>
        new MalformedCheckpoint({
          field: "(file)",
          rule: `a JSON document (${error instanceof Error ? error.message : String(error)})`
        })
    })
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      return yield* new MalformedCheckpoint({ field: "(top level)", rule: "a JSON object" })
    }
    // A signed checkpoint is told apart by its `format`; a file without one is read as the legacy
    // seal, so an error names the fields of the format the file claims to be.
    const decoded: SealFile = yield* "format" in json
      ? decodeSigned(json).pipe(Effect.mapError(firstIssue))
      : decodeUnsigned(json).pipe(Effect.mapError(firstIssue))
    return decoded
  })

// ---------------------------------------------------------------------------------------------
// C2SP signed note
// ---------------------------------------------------------------------------------------------

const rawPublicKey = (key: Crypto.KeyObject): Buffer => {
  const publicKey = key.type === "private" ? Crypto.createPublicKey(key) : key
  const jwk = publicKey.export({ format: "jwk" })
  return Buffer.from(jwk.x ?? "", "base64url")
}

/** The signed-note key hash: the first 4 bytes of SHA-256(name || "\n" || 0x01 || public key). */
const noteKeyHash = (name: string, key: Crypto.KeyObject): Buffer =>
  Crypto.createHash("sha256")
    .update(Buffer.concat([Buffer.from(`${name}\n`, "utf8"), Buffer.from([1]), rawPublicKey(key)]))
    .digest()
    .subarray(0, 4)

/**
 * The C2SP signed-note verifier key of an Ed25519 public key under `name` (for a checkpoint, the
 * log id): `<name>+<hex key hash>+<base64(0x01 || 32-byte key)>`, what `note.NewVerifier` reads.
 *
 * @since 0.2.0
 * @category c2sp
 */
export const noteVerifierKey = (name: string, publicKey: Crypto.KeyObject): string =>
  `${name}+${noteKeyHash(name, publicKey).toString("hex")}+${Buffer.concat([Buffer.from([1]), rawPublicKey(publicKey)]).toString("base64")}`

/**
 * A C2SP signature line for a signature made by `publicKey`'s private key over a note's text:
 * `— <name> <base64(key hash || signature)>\n`.
 *
 * @since 0.2.0
 * @category c2sp
 */
export const noteSignatureLine = (name: string, publicKey: Crypto.KeyObject, signature: Uint8Array): string =>
  `\u2014 ${name} ${Buffer.concat([noteKeyHash(name, publicKey), signature]).toString("base64")}\n`

/**
 * The signed checkpoint as a C2SP signed note (body, blank line, signature line), verifiable by
 * any signed-note implementation with {@link noteVerifierKey}.
 *
 * @since 0.2.0
 * @category c2sp
 */
export const signedNote = (signed: SignedCheckpoint, publicKey: Crypto.KeyObject): string =>
  `${signedBody(signed)}\n${noteSignatureLine(signed.logId, publicKey, Buffer.from(signed.signature, "base64"))}`
