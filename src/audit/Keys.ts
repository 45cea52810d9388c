/**
 * The facility's Ed25519 signing key, in two files the operator keeps (never in the database).
 *
 * - `<dir>/ledger-signing.key`: the private key, PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), file
 *   mode 0600 (readable by its owner only).
 * - `<dir>/ledger-signing.pub`: the public key, SPKI PEM (`-----BEGIN PUBLIC KEY-----`), mode 0644:
 *   what auditors and ministries receive.
 * - The fingerprint names a public key in one short line: `SHA256:` followed by the unpadded
 *   base64url encoding of the SHA-256 of the key's SPKI DER encoding (the bytes inside the PEM).
 *   Anyone can recompute it: `openssl pkey -pubin -in ledger-signing.pub -outform DER | openssl
 *   dgst -sha256 -binary | basenc --base64url` (then drop the trailing `=`).
 *
 * Only `node:crypto` and `node:fs`; no new dependency.
 *
 * @since 0.2.0
 */
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"

/**
 * @since 0.2.0
 * @category constants
 */
export const privateKeyFileName = "ledger-signing.key"

/**
 * @since 0.2.0
 * @category constants
 */
export const publicKeyFileName = "ledger-signing.pub"

/**
 * A key file does not exist.
 *
 * @since 0.2.0
 * @category errors
 */
export class KeyFileMissing extends Schema.TaggedError<KeyFileMissing>()("KeyFileMissing", {
  path: Schema.String
}) {
  override get message() {
    return `No key file at ${this.path}`
  }
}

/**
 * `generateKeyPair` refuses to replace a key: a replaced private key cannot sign for the
 * checkpoints already handed out.
 *
 * @since 0.2.0
 * @category errors
 */
export class KeyFileExists extends Schema.TaggedError<KeyFileExists>()("KeyFileExists", {
  path: Schema.String
}) {
  override get message() {
    return `A key file already exists at ${this.path}: it is never overwritten (move it away first if you mean to replace the key)`
  }
}

/**
 * The file is not a PEM key that `node:crypto` can read.
 *
 * @since 0.2.0
 * @category errors
 */
export class NotAKey extends Schema.TaggedError<NotAKey>()("NotAKey", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `${this.path} is not a readable PEM key: ${this.reason}`
  }
}

/**
 * A key of the wrong kind: not Ed25519, or a private key where the public one belongs (or the
 * reverse). `path` is absent for a key given in memory.
 *
 * @since 0.2.0
 * @category errors
 */
export class WrongKeyType extends Schema.TaggedError<WrongKeyType>()("WrongKeyType", {
  path: Schema.optional(Schema.String),
  expected: Schema.String,
  found: Schema.String
}) {
  override get message() {
    return `${this.path === undefined ? "The key" : this.path} is ${this.found}, expected ${this.expected}`
  }
}

/**
 * Reading or writing a key file failed for another reason (permissions, a full disk...).
 *
 * @since 0.2.0
 * @category errors
 */
export class KeyFileError extends Schema.TaggedError<KeyFileError>()("KeyFileError", {
  path: Schema.String,
  operation: Schema.Literal("read", "write"),
  reason: Schema.String
}) {
  override get message() {
    return `Cannot ${this.operation} the key file ${this.path}: ${this.reason}`
  }
}

/**
 * What `generateKeyPair` wrote.
 *
 * @since 0.2.0
 * @category models
 */
export interface GeneratedKeyPair {
  readonly privateKeyPath: string
  readonly publicKeyPath: string
  readonly publicKeyPem: string
  readonly fingerprint: string
}

const errorCode = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Creates `path` with `mode`, failing if it exists (O_EXCL: no window where another writer wins). */
const writeNew = (path: string, contents: string, mode: number) =>
  Effect.try({
    try: () => {
      const fd = Fs.openSync(path, "wx", mode)
      try {
        // The umask may have removed bits from `mode`; set it exactly.
        Fs.fchmodSync(fd, mode)
        Fs.writeFileSync(fd, contents)
      } finally {
        Fs.closeSync(fd)
      }
    },
    catch: (error) =>
      errorCode(error) === "EEXIST"
        ? new KeyFileExists({ path })
        : new KeyFileError({ path, operation: "write", reason: reasonOf(error) })
  })

/**
 * The fingerprint of a public key (or of the public half of a private key): `SHA256:` and the
 * unpadded base64url SHA-256 of its SPKI DER encoding, 50 characters.
 *
 * @since 0.2.0
 * @category keys
 */
export const fingerprint = (key: Crypto.KeyObject): string => {
  const publicKey = key.type === "private" ? Crypto.createPublicKey(key) : key
  const der = publicKey.export({ type: "spki", format: "der" })
  return "SHA256:" + Crypto.createHash("sha256").update(der).digest("base64url")
}

/**
 * The SPKI PEM of a public key (or of the public half of a private key), as written to the `.pub`
 * file.
 *
 * @since 0.2.0
 * @category keys
 */
export const publicKeyPem = (key: Crypto.KeyObject): string => {
  const publicKey = key.type === "private" ? Crypto.createPublicKey(key) : key
  return publicKey.export({ type: "spki", format: "pem" }).toString()
}

/**
 * Generates an Ed25519 key pair into `dir` (created, mode 0700, when missing): `ledger-signing.key`
 * (PKCS#8 PEM, 0600) and `ledger-signing.pub` (SPKI PEM, 0644). Refuses to overwrite either file;
 * when the public file cannot be written, the private one just written is removed again.
 *
 * @since 0.2.0
 * @category keys
 */
export const generateKeyPair = (dir: string): Effect.Effect<GeneratedKeyPair, KeyFileExists | KeyFileError> =>
  Effect.gen(function* () {
    const privateKeyPath = Path.join(dir, privateKeyFileName)
    const publicKeyPath = Path.join(dir, publicKeyFileName)
    for (const path of [privateKeyPath, publicKeyPath]) {
      if (Fs.existsSync(path)) return yield* new KeyFileExists({ path })
    }
    yield* Effect.try({
      try: () => Fs.mkdirSync(dir, { recursive: true, mode: 0o700 }),
      catch: (error) => new KeyFileError({ path: dir, operation: "write", reason: reasonOf(error) })
    })
    const { privateKey, publicKey } = Crypto.generateKeyPairSync("ed25519")
    const privatePem = privateKey.export({ type: "pkcs8", format: "pem" }).toString()
    const publicPem = publicKeyPem(publicKey)
    yield* writeNew(privateKeyPath, privatePem, 0o600)
    yield* writeNew(publicKeyPath, publicPem, 0o644).pipe(
      Effect.tapError(() => Effect.sync(() => Fs.rmSync(privateKeyPath, { force: true })))
    )
    return { privateKeyPath, publicKeyPath, publicKeyPem: publicPem, fingerprint: fingerprint(publicKey) }
  })

const readKeyFile = (path: string) =>
  Effect.try({
    try: () => Fs.readFileSync(path, "utf8"),
    catch: (error) =>
      errorCode(error) === "ENOENT"
        ? new KeyFileMissing({ path })
        : new KeyFileError({ path, operation: "read", reason: reasonOf(error) })
  })

const describeKey = (key: Crypto.KeyObject): string =>
  `${key.type === "public" ? "a public" : "a private"} ${key.asymmetricKeyType ?? "unknown"} key`

/**
 * Checks that an in-memory key is an Ed25519 key of the wanted kind.
 *
 * @since 0.2.0
 * @category keys
 */
export const requireEd25519 = (
  key: Crypto.KeyObject,
  kind: "private" | "public",
  path?: string
): Effect.Effect<Crypto.KeyObject, WrongKeyType> =>
  key.type === kind && key.asymmetricKeyType === "ed25519"
    ? Effect.succeed(key)
    : Effect.fail(
        new WrongKeyType({
          ...(path === undefined ? {} : { path }),
          expected: `an Ed25519 ${kind} key`,
          found: describeKey(key)
        })
      )

const privatePemLabel = /-----BEGIN [A-Z ]*PRIVATE KEY-----/

/**
 * Reads the Ed25519 private key of a PKCS#8 PEM file.
 *
 * @since 0.2.0
 * @category keys
 */
export const loadPrivateKey = (
  path: string
): Effect.Effect<Crypto.KeyObject, KeyFileMissing | NotAKey | WrongKeyType | KeyFileError> =>
  Effect.gen(function* () {
    const pem = yield* readKeyFile(path)
    if (!privatePemLabel.test(pem)) {
      return yield* pem.includes("-----BEGIN PUBLIC KEY-----")
        ? new WrongKeyType({ path, expected: "an Ed25519 private key", found: "a public key" })
        : new NotAKey({ path, reason: "no -----BEGIN PRIVATE KEY----- block" })
    }
    const key = yield* Effect.try({
      try: () => Crypto.createPrivateKey({ key: pem, format: "pem" }),
      catch: (error) => new NotAKey({ path, reason: reasonOf(error) })
    })
    return yield* requireEd25519(key, "private", path)
  })

/**
 * Reads the Ed25519 public key of an SPKI PEM file. A private key file is refused (it must not be
 * handed to whoever verifies).
 *
 * @since 0.2.0
 * @category keys
 */
export const loadPublicKey = (
  path: string
): Effect.Effect<Crypto.KeyObject, KeyFileMissing | NotAKey | WrongKeyType | KeyFileError> =>
  Effect.gen(function* () {
    const pem = yield* readKeyFile(path)
    if (privatePemLabel.test(pem)) {
      return yield* new WrongKeyType({ path, expected: "an Ed25519 public key", found: "a private key" })
    }
    if (!pem.includes("-----BEGIN PUBLIC KEY-----")) {
      return yield* new NotAKey({ path, reason: "no -----BEGIN PUBLIC KEY----- block" })
    }
    const key = yield* Effect.try({
      try: () => Crypto.createPublicKey({ key: pem, format: "pem" }),
      catch: (error) => new NotAKey({ path, reason: reasonOf(error) })
    })
    return yield* requireEd25519(key, "public", path)
  })
