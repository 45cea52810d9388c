/**
 * 256-bit secret keys that the operator supplies: from a file the operator names or from an
 * environment variable, as base64 (standard or url-safe) or hex. Used for key-encryption keys
 * (`KeyEncryptionKey.ts`) and the blind-index key (`BlindIndex.ts`), which must be different keys.
 *
 * The key bytes travel as `Redacted` so that they never show up in logs, errors or inspections;
 * errors name the source and the rule, never the value.
 *
 * @since 0.2.0
 */
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { createHash, randomBytes } from "node:crypto"
import * as Fs from "node:fs"

/**
 * The length of every key in this folder: AES-256 and HMAC-SHA-256 keys of 32 bytes.
 *
 * @since 0.2.0
 * @category constants
 */
export const KeyLength = 32

/**
 * A key the operator supplied that cannot be used: missing, unreadable, readable by others, or not
 * 32 bytes. `source` says where it was looked for (`file:/etc/...` or `env:NAME`).
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidKeyMaterial extends Schema.TaggedError<InvalidKeyMaterial>()("InvalidKeyMaterial", {
  source: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `Key from ${this.source} cannot be used: ${this.rule}`
  }
}

/**
 * A key file already exists where a new one was to be written. Overwriting a key destroys it, and
 * with it every data key it wraps: that is never done by accident.
 *
 * @since 0.2.0
 * @category errors
 */
export class KeyFileExists extends Schema.TaggedError<KeyFileExists>()("KeyFileExists", { path: Schema.String }) {
  override get message() {
    return `A key file already exists at ${this.path}: it was not overwritten (choose another path, or retire the old key first)`
  }
}

/**
 * @since 0.2.0
 * @category models
 */
export interface KeyMaterial {
  /** Where the key came from (`file:<path>`, `env:<NAME>` or `memory`): for messages, never secret. */
  readonly source: string
  readonly bytes: Redacted.Redacted<Uint8Array>
}

const hex = /^[0-9a-fA-F]{64}$/
const base64 = /^[A-Za-z0-9+/_-]{43}=?$/

/**
 * Parses a key written as 64 hex digits or as base64 (standard or url-safe, padding optional) of
 * exactly 32 bytes. Surrounding whitespace (a trailing newline in a file) is ignored.
 *
 * @since 0.2.0
 * @category constructors
 */
export const parse = (text: string, source: string): Effect.Effect<KeyMaterial, InvalidKeyMaterial> => {
  const trimmed = text.trim()
  const bytes = hex.test(trimmed)
    ? Buffer.from(trimmed, "hex")
    : base64.test(trimmed)
      ? Buffer.from(trimmed.replace(/\+/g, "-").replace(/\//g, "_").replace(/=$/, ""), "base64url")
      : undefined
  if (bytes === undefined || bytes.length !== KeyLength) {
    return Effect.fail(
      new InvalidKeyMaterial({
        source,
        rule: `a key is ${KeyLength} random bytes written as 64 hex digits or 44 base64 characters (got ${trimmed.length} characters)`
      })
    )
  }
  return Effect.succeed({ source, bytes: Redacted.make(new Uint8Array(bytes)) })
}

/**
 * @since 0.2.0
 * @category models
 */
export interface FileOptions {
  /**
   * Accept a key file that its group or others may read (mode other than 0600/0400). Off by
   * default; container secrets are often mounted 0444 in a private mount, which is the case this
   * option exists for.
   */
  readonly allowGroupOrWorldReadable?: boolean
}

/**
 * Reads a key from the file the operator names. On POSIX systems a file that its group or others
 * may read is refused unless {@link FileOptions.allowGroupOrWorldReadable} is set.
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromFile = (path: string, options: FileOptions = {}): Effect.Effect<KeyMaterial, InvalidKeyMaterial> =>
  Effect.gen(function* () {
    const source = `file:${path}`
    const unreadable = (cause: unknown) =>
      new InvalidKeyMaterial({
        source,
        rule: `the file cannot be read (${(cause as NodeJS.ErrnoException).code ?? cause})`
      })
    const stat = yield* Effect.try({ try: () => Fs.statSync(path), catch: unreadable })
    if (process.platform !== "win32" && (stat.mode & 0o077) !== 0 && options.allowGroupOrWorldReadable !== true) {
      return yield* new InvalidKeyMaterial({
        source,
        rule: `the file's mode is ${(stat.mode & 0o777).toString(8)}: a key file must be readable by its owner only (chmod 600)`
      })
    }
    const text = yield* Effect.try({ try: () => Fs.readFileSync(path, "utf8"), catch: unreadable })
    return yield* parse(text, source)
  })

/**
 * Reads a key from an environment variable (through Effect's `Config`, so a test or a secret
 * manager can supply its own `ConfigProvider`).
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromEnv = (name: string): Effect.Effect<KeyMaterial, InvalidKeyMaterial> =>
  Config.redacted(name).pipe(
    Effect.mapError(() => new InvalidKeyMaterial({ source: `env:${name}`, rule: "the variable is not set" })),
    Effect.flatMap((value) => parse(Redacted.value(value), `env:${name}`))
  )

/**
 * A key held in memory (tests, or a key obtained by the caller some other way).
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromBytes = (bytes: Uint8Array, source = "memory"): Effect.Effect<KeyMaterial, InvalidKeyMaterial> =>
  bytes.length === KeyLength
    ? Effect.succeed({ source, bytes: Redacted.make(new Uint8Array(bytes)) })
    : Effect.fail(new InvalidKeyMaterial({ source, rule: `a key is ${KeyLength} bytes (got ${bytes.length})` }))

/**
 * Writes a new random key (base64, one line) to a file created with mode 0600. Refuses to
 * overwrite an existing file: the check and the creation are one system call (`O_EXCL`).
 *
 * @since 0.2.0
 * @category constructors
 */
export const generateFile = (path: string): Effect.Effect<void, KeyFileExists | InvalidKeyMaterial> =>
  Effect.try({
    try: () => {
      const fd = Fs.openSync(path, "wx", 0o600)
      try {
        // The creation mode is filtered by the umask; set it explicitly so it is exactly 0600.
        Fs.fchmodSync(fd, 0o600)
        Fs.writeSync(fd, `${randomBytes(KeyLength).toString("base64")}\n`)
        Fs.fsyncSync(fd)
      } finally {
        Fs.closeSync(fd)
      }
    },
    catch: (cause) =>
      (cause as NodeJS.ErrnoException).code === "EEXIST"
        ? new KeyFileExists({ path })
        : new InvalidKeyMaterial({
            source: `file:${path}`,
            rule: `the file cannot be written (${(cause as NodeJS.ErrnoException).code ?? cause})`
          })
  })

/**
 * A public fingerprint of a key: the first 16 hex digits of SHA-256 over a label and the key.
 * It names a key in stored rows and in messages (so that a wrong key is recognised before it is
 * used) and reveals nothing about a random 256-bit key.
 *
 * @since 0.2.0
 * @category accessors
 */
export const fingerprint = (label: string, key: KeyMaterial): string =>
  createHash("sha256")
    .update(`training-ledger/${label}/v1\0`)
    .update(Redacted.value(key.bytes))
    .digest("hex")
    .slice(0, 16)
