/**
 * The key-encryption key (KEK): the one secret the operator keeps outside the database. It wraps
 * (encrypts) every person's data key; the database stores only wrapped data keys.
 *
 * Two local implementations: a key from a file the operator names, and a key from an environment
 * variable. A KMS or HSM plugs in by implementing {@link KeyEncryptionKey} itself:
 * - `id`: the key's id at the provider (an AWS KMS key ARN, a GCP `cryptoKeyVersions/N` name, a
 *   Vault transit key and version, a PKCS#11 label). It is stored next to each wrapped key, so
 *   it must name one fixed key version: after a rotation at the provider, old wrapped keys must
 *   still find the version that wrapped them.
 * - `wrap(dataKey, context)`: the provider's Encrypt (AWS `Encrypt` with `EncryptionContext`,
 *   GCP `encrypt` with `additionalAuthenticatedData`, Vault `transit/encrypt` with `context`,
 *   PKCS#11 `C_WrapKey`/`CKM_AES_GCM` with AAD), binding `context` (the person's id) so that a
 *   wrapped key moved to another person does not unwrap; the returned blob goes in `ciphertext`.
 * - `unwrap(wrapped, context)`: the provider's Decrypt with the same context; a provider that
 *   refuses (wrong context, altered blob) answers `KeyUnwrapFailed`, an unreachable one
 *   `KekUnavailable`.
 * The data keys themselves are never sent anywhere else, and destroying a retired KEK version at
 * the provider (AWS `ScheduleKeyDeletion`, GCP `destroy`, Vault `min_decryption_version`) is the
 * step that makes every old copy of the wrapped keys useless (docs/privacy.md).
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import * as AesGcm from "./internal/aesGcm.js"
import * as KeyMaterial from "./KeyMaterial.js"

/**
 * A KEK's id: stored next to every wrapped key. Letters, digits and `._:/@-` (room for a KMS ARN).
 *
 * @since 0.2.0
 * @category models
 */
export const KekId = Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,255}$/))

/**
 * A data key encrypted under a KEK: the KEK's id, and the opaque ciphertext (base64url) that only
 * that KEK opens. JSON-safe; the SQL key table stores it as two columns.
 *
 * @since 0.2.0
 * @category models
 */
export const WrappedKey = Schema.Struct({
  kekId: KekId,
  ciphertext: Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9_-]+$/))
})

/**
 * @since 0.2.0
 * @category models
 */
export interface WrappedKey extends Schema.Schema.Type<typeof WrappedKey> {}

/**
 * The wrapped key names a KEK that the keyring does not hold. Either the operator has not
 * configured it (add it as a previous key) or it was retired and destroyed, and then this data key
 * is gone for good, which is what retiring a KEK is for.
 *
 * @since 0.2.0
 * @category errors
 */
export class UnknownKek extends Schema.TaggedError<UnknownKek>()("UnknownKek", {
  kekId: Schema.String,
  known: Schema.Array(Schema.String)
}) {
  override get message() {
    return `The data key was wrapped by KEK ${this.kekId}, which is not in the keyring (${this.known.join(", ")}): configure it as a previous key, or, if it was retired and destroyed, the data key is unrecoverable by design`
  }
}

/**
 * The KEK refused to unwrap: the wrapped key was altered, was moved from another person, or its
 * recorded KEK id names another key than the one that wrapped it.
 *
 * @since 0.2.0
 * @category errors
 */
export class KeyUnwrapFailed extends Schema.TaggedError<KeyUnwrapFailed>()("KeyUnwrapFailed", {
  kekId: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `KEK ${this.kekId} cannot unwrap this data key (${this.reason}): the stored key was altered, belongs to another person, or was wrapped by another KEK`
  }
}

/**
 * A remote KEK (KMS, HSM) did not answer. Local keys never fail this way.
 *
 * @since 0.2.0
 * @category errors
 */
export class KekUnavailable extends Schema.TaggedError<KekUnavailable>()("KekUnavailable", {
  kekId: Schema.String,
  cause: Schema.Defect
}) {
  override get message() {
    const cause = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return `KEK ${this.kekId} is unavailable: ${cause}`
  }
}

/**
 * A keyring that cannot work: no current key, or two keys with one id.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidKeyring extends Schema.TaggedError<InvalidKeyring>()("InvalidKeyring", { rule: Schema.String }) {
  override get message() {
    return `The key-encryption keyring is invalid: ${this.rule}`
  }
}

/**
 * The KEK port. `context` is bound into the wrapping (the person's id): a wrapped key unwraps only
 * with the context it was wrapped with.
 *
 * @since 0.2.0
 * @category models
 */
export interface KeyEncryptionKey {
  readonly id: string
  readonly wrap: (dataKey: Uint8Array, context: string) => Effect.Effect<WrappedKey, KekUnavailable>
  readonly unwrap: (wrapped: WrappedKey, context: string) => Effect.Effect<Uint8Array, KeyUnwrapFailed | KekUnavailable>
}

const aad = (kekId: string, context: string) => AesGcm.associatedData("training-ledger/data-key", 1, kekId, context)

/**
 * A KEK held in this process (AES-256-GCM key wrap with the context as associated data). Its id is
 * the key's fingerprint unless one is given, so two different keys never share an id by mistake.
 *
 * @since 0.2.0
 * @category constructors
 */
export const local = (key: KeyMaterial.KeyMaterial, id?: string): KeyEncryptionKey => {
  const kekId = id ?? `kek-${KeyMaterial.fingerprint("kek-id", key)}`
  return {
    id: kekId,
    wrap: (dataKey, context) =>
      Effect.sync(() => ({
        kekId,
        ciphertext: Buffer.from(AesGcm.seal(Redacted.value(key.bytes), dataKey, aad(kekId, context))).toString(
          "base64url"
        )
      })),
    unwrap: (wrapped, context) =>
      wrapped.kekId !== kekId
        ? Effect.fail(new KeyUnwrapFailed({ kekId, reason: `the key names KEK ${wrapped.kekId}` }))
        : Either.match(
            AesGcm.open(Redacted.value(key.bytes), Buffer.from(wrapped.ciphertext, "base64url"), aad(kekId, context)),
            {
              onLeft: (reason) => Effect.fail(new KeyUnwrapFailed({ kekId, reason })),
              onRight: Effect.succeed
            }
          )
  }
}

/**
 * A local KEK from the file the operator names (base64 or hex, mode 0600).
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromFile = (
  path: string,
  options: KeyMaterial.FileOptions & { readonly id?: string } = {}
): Effect.Effect<KeyEncryptionKey, KeyMaterial.InvalidKeyMaterial> =>
  Effect.map(KeyMaterial.fromFile(path, options), (key) => local(key, options.id))

/**
 * A local KEK from an environment variable (base64 or hex).
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromEnv = (
  name: string,
  options: { readonly id?: string } = {}
): Effect.Effect<KeyEncryptionKey, KeyMaterial.InvalidKeyMaterial> =>
  Effect.map(KeyMaterial.fromEnv(name), (key) => local(key, options.id))

/**
 * Writes a new random KEK to a file with mode 0600; refuses to overwrite an existing file.
 *
 * @since 0.2.0
 * @category constructors
 */
export const generateKekFile = (
  path: string
): Effect.Effect<void, KeyMaterial.KeyFileExists | KeyMaterial.InvalidKeyMaterial> => KeyMaterial.generateFile(path)

/**
 * The KEKs in use: the current one wraps, every one (current and previous) unwraps the keys it
 * wrapped, found by the id stored next to each wrapped key. Rotation without downtime: make the
 * new key current and keep the old one as previous; re-wrap the live data keys
 * (`DataKeys.rewrapAll`); when none is left under the old key, remove it from the keyring and
 * destroy it.
 *
 * @since 0.2.0
 * @category models
 */
export interface Keyring {
  readonly current: KeyEncryptionKey
  /** Every id the keyring holds, the current one first. */
  readonly ids: ReadonlyArray<string>
  readonly wrap: (dataKey: Uint8Array, context: string) => Effect.Effect<WrappedKey, KekUnavailable>
  readonly unwrap: (
    wrapped: WrappedKey,
    context: string
  ) => Effect.Effect<Uint8Array, UnknownKek | KeyUnwrapFailed | KekUnavailable>
}

/**
 * @since 0.2.0
 * @category constructors
 */
export const makeKeyring = (
  current: KeyEncryptionKey,
  previous: ReadonlyArray<KeyEncryptionKey> = []
): Either.Either<Keyring, InvalidKeyring> => {
  const byId = new Map<string, KeyEncryptionKey>()
  for (const kek of [current, ...previous]) {
    if (byId.has(kek.id)) return Either.left(new InvalidKeyring({ rule: `two keys have the id ${kek.id}` }))
    byId.set(kek.id, kek)
  }
  const ids = Array.from(byId.keys())
  return Either.right({
    current,
    ids,
    wrap: current.wrap,
    unwrap: (wrapped, context) => {
      const kek = byId.get(wrapped.kekId)
      return kek === undefined
        ? Effect.fail(new UnknownKek({ kekId: wrapped.kekId, known: ids }))
        : kek.unwrap(wrapped, context)
    }
  })
}

/**
 * @since 0.2.0
 * @category tags
 */
export class KeyringService extends Context.Tag("training-ledger/privacy/Keyring")<KeyringService, Keyring>() {}

/**
 * Where a KEK comes from: a file, an environment variable, or a ready implementation (KMS, HSM).
 *
 * @since 0.2.0
 * @category models
 */
export type KekSource =
  | ({ readonly file: string; readonly id?: string } & KeyMaterial.FileOptions)
  | { readonly env: string; readonly id?: string }
  | { readonly kek: KeyEncryptionKey }

/**
 * The KEK a source names, loaded.
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromSource = (source: KekSource): Effect.Effect<KeyEncryptionKey, KeyMaterial.InvalidKeyMaterial> =>
  "kek" in source
    ? Effect.succeed(source.kek)
    : "file" in source
      ? fromFile(source.file, source)
      : fromEnv(source.env, source.id !== undefined ? { id: source.id } : {})

/**
 * The keyring from the operator's configuration: the current KEK and the previous ones still
 * needed to unwrap keys not yet re-wrapped.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (config: {
  readonly current: KekSource
  readonly previous?: ReadonlyArray<KekSource>
}): Layer.Layer<KeyringService, KeyMaterial.InvalidKeyMaterial | InvalidKeyring> =>
  Layer.effect(
    KeyringService,
    Effect.gen(function* () {
      const current = yield* fromSource(config.current)
      const previous = yield* Effect.forEach(config.previous ?? [], fromSource)
      return yield* makeKeyring(current, previous)
    })
  )
