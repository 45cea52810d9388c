/**
 * The operator's privacy keys, as one configuration: the key-encryption key (KEK) that wraps every
 * person's data key, the previous KEKs still needed during a rotation, and the blind-index key
 * (BIK) that indexes NIK and NIP. See docs/privacy.md for the key hierarchy and the rotation
 * procedure.
 *
 * Where the keys come from, in order:
 * 1. the `privacy` option (files, environment variables, key material, or a KMS-backed KEK);
 * 2. the environment: `TRAINING_LEDGER_KEK_FILE` or `TRAINING_LEDGER_KEK`,
 *    `TRAINING_LEDGER_BLIND_INDEX_KEY_FILE` or `TRAINING_LEDGER_BLIND_INDEX_KEY`, and during a
 *    rotation `TRAINING_LEDGER_PREVIOUS_KEK_FILES` (comma-separated paths) and/or
 *    `TRAINING_LEDGER_PREVIOUS_KEK` (one key);
 * 3. for `memory:` stores only, random keys that live as long as the store (nothing survives it).
 * Otherwise the keys are *not configured*: the event log works (an auditor verifies it without
 * any key), and every operation on personal data fails with {@link PrivacyKeysNotConfigured},
 * which says how to configure them. Personal data is never stored in plain text instead.
 *
 * @since 0.2.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import { randomBytes } from "node:crypto"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as BlindIndex from "./BlindIndex.js"
import * as Kek from "./KeyEncryptionKey.js"
import * as KeyMaterial from "./KeyMaterial.js"

/**
 * The environment variables read when no `privacy` option is given.
 *
 * @since 0.2.0
 * @category constants
 */
export const Env = {
  kekFile: "TRAINING_LEDGER_KEK_FILE",
  kek: "TRAINING_LEDGER_KEK",
  blindIndexKeyFile: "TRAINING_LEDGER_BLIND_INDEX_KEY_FILE",
  blindIndexKey: "TRAINING_LEDGER_BLIND_INDEX_KEY",
  previousKekFiles: "TRAINING_LEDGER_PREVIOUS_KEK_FILES",
  previousKek: "TRAINING_LEDGER_PREVIOUS_KEK"
} as const

/**
 * Where the blind-index key comes from: a file, an environment variable, or key material the
 * caller holds.
 *
 * @since 0.2.0
 * @category models
 */
export type BlindIndexKeySource =
  | ({ readonly file: string } & KeyMaterial.FileOptions)
  | { readonly env: string }
  | { readonly key: KeyMaterial.KeyMaterial }

/**
 * The privacy keys of a store. `kek` wraps new data keys; `previousKeks` only unwrap (during a
 * rotation, until `rotateKek` reports none left under them); `blindIndexKey` must be another key
 * than any KEK.
 *
 * @since 0.2.0
 * @category models
 */
export interface Options {
  readonly kek: Kek.KekSource
  readonly previousKeks?: ReadonlyArray<Kek.KekSource> | undefined
  readonly blindIndexKey: BlindIndexKeySource
}

/**
 * What loading configured keys may fail with: a key that cannot be read or used, or a keyring
 * that cannot work.
 *
 * @since 0.2.0
 * @category errors
 */
export type LoadError = KeyMaterial.InvalidKeyMaterial | Kek.InvalidKeyring

/**
 * The keys, loaded.
 *
 * @since 0.2.0
 * @category models
 */
export interface Keys {
  readonly keyring: Kek.Keyring
  readonly blindIndex: BlindIndex.BlindIndex
}

/**
 * An operation on personal data was asked of a store without privacy keys. Nothing was stored:
 * personal data is only ever stored encrypted.
 *
 * @since 0.2.0
 * @category errors
 */
export class PrivacyKeysNotConfigured extends Schema.TaggedError<PrivacyKeysNotConfigured>()(
  "PrivacyKeysNotConfigured",
  { operation: Schema.String, detail: Schema.optional(Schema.String) }
) {
  override get message() {
    return (
      `${this.operation} needs the privacy keys, which are not configured${this.detail === undefined ? "" : ` (${this.detail})`}: ` +
      `set ${Env.kekFile} (or ${Env.kek}) and ${Env.blindIndexKeyFile} (or ${Env.blindIndexKey}), ` +
      `or pass { privacy: { kek, blindIndexKey } } when opening the store. Create key files with ` +
      `PrivacyKeys.generateFiles(dir) (two 32-byte random keys, mode 0600); keep them outside the database ` +
      `and its backups (docs/privacy.md). Personal data is never stored unencrypted.`
    )
  }
}

/**
 * The store's blind index was made with another key than the one configured: with this key a
 * duplicate NIK would not match its twin and would be let through silently, so the store refuses
 * to open. Configure the key the store was created with (the ids are fingerprints, not keys).
 *
 * @since 0.2.0
 * @category errors
 */
export class BlindIndexKeyMismatch extends Schema.TaggedError<BlindIndexKeyMismatch>()("BlindIndexKeyMismatch", {
  stored: Schema.String,
  configured: Schema.String
}) {
  override get message() {
    return `The store's blind index was made with key ${this.stored}, but key ${this.configured} is configured: configure the blind-index key this store was created with (a different key would let a duplicate NIK through)`
  }
}

/**
 * Some data keys in the store are wrapped by KEKs the configured keyring does not hold: those
 * persons' data could not be read, so the store refuses to open rather than fail on each of them
 * later. Configure the missing KEKs as previous keys.
 *
 * @since 0.2.0
 * @category errors
 */
export class KeyringIncomplete extends Schema.TaggedError<KeyringIncomplete>()("KeyringIncomplete", {
  missing: Schema.Array(Schema.Struct({ kekId: Schema.String, keys: Schema.Number })),
  configured: Schema.Array(Schema.String)
}) {
  override get message() {
    const list = this.missing.map((m) => `${m.kekId} (${m.keys} data key${m.keys === 1 ? "" : "s"})`).join(", ")
    return `Data keys in this store are wrapped by KEKs that are not configured: ${list}; configured: ${this.configured.join(", ")}. add them as previous KEKs (${Env.previousKekFiles}, ${Env.previousKek} or the previousKeks option), then run rotateKek. If such a KEK was destroyed on purpose, those persons' data is unreadable for good: erase them`
  }
}

/**
 * @since 0.2.0
 * @category models
 */
export interface PrivacyKeysService {
  /** The loaded keys, or none when the operator configured none. */
  readonly keys: Option.Option<Keys>
  /** Where they came from: `options`, `environment`, `ephemeral` (memory stores) or `none`. */
  readonly source: "options" | "environment" | "ephemeral" | "none"
}

/**
 * @since 0.2.0
 * @category tags
 */
export class PrivacyKeys extends Context.Tag("training-ledger/privacy/PrivacyKeys")<
  PrivacyKeys,
  PrivacyKeysService
>() {}

/**
 * The keys, or {@link PrivacyKeysNotConfigured} naming the operation that needed them.
 *
 * @since 0.2.0
 * @category accessors
 */
export const require = (
  service: PrivacyKeysService,
  operation: string
): Effect.Effect<Keys, PrivacyKeysNotConfigured> =>
  Option.match(service.keys, {
    onNone: () => Effect.fail(new PrivacyKeysNotConfigured({ operation })),
    onSome: Effect.succeed
  })

const loadBlindIndex = (source: BlindIndexKeySource) =>
  "key" in source
    ? Effect.succeed(source.key)
    : "file" in source
      ? KeyMaterial.fromFile(source.file, source)
      : KeyMaterial.fromEnv(source.env)

const sourceName = (source: Kek.KekSource | BlindIndexKeySource): string | undefined =>
  "file" in source ? `file:${Path.resolve(source.file)}` : "env" in source ? `env:${source.env}` : undefined

/**
 * Loads the keys of `options`. A KEK and the blind-index key read from the same file or variable
 * are refused: they must be different keys.
 *
 * @since 0.2.0
 * @category constructors
 */
export const load = (options: Options): Effect.Effect<Keys, KeyMaterial.InvalidKeyMaterial | Kek.InvalidKeyring> =>
  Effect.gen(function* () {
    const bik = sourceName(options.blindIndexKey)
    for (const kek of [options.kek, ...(options.previousKeks ?? [])]) {
      if (bik !== undefined && sourceName(kek) === bik) {
        return yield* new Kek.InvalidKeyring({
          rule: `the blind-index key and a KEK are both read from ${bik}: they must be different keys`
        })
      }
    }
    const keyring = yield* Effect.flatMap(
      Effect.all([Kek.fromSource(options.kek), Effect.forEach(options.previousKeks ?? [], Kek.fromSource)]),
      ([current, previous]) => Kek.makeKeyring(current, previous)
    )
    const blindIndex = BlindIndex.make(yield* loadBlindIndex(options.blindIndexKey))
    return { keyring, blindIndex }
  })

// A variable set to an empty string counts as not set.
const optional = (name: string) =>
  Config.string(name).pipe(Config.option, Config.map(Option.filter((value) => value.trim() !== "")))

/**
 * The keys' configuration from the environment (read through Effect's `Config`, so a test or a
 * secret manager can supply its own `ConfigProvider`): none when no key variable is set. Half a
 * configuration (a KEK without a blind-index key, or a variable and its `_FILE` twin both set) is
 * refused rather than guessed.
 *
 * @since 0.2.0
 * @category constructors
 */
export const fromEnv: Effect.Effect<Option.Option<Options>, PrivacyKeysNotConfigured> = Effect.gen(function* () {
  // Only whether a variable is set is read here; the keys themselves are read by `load`.
  const env = yield* Effect.orDie(
    Effect.all({
      kekFile: optional(Env.kekFile),
      kek: optional(Env.kek),
      bikFile: optional(Env.blindIndexKeyFile),
      bik: optional(Env.blindIndexKey),
      previousFiles: optional(Env.previousKekFiles),
      previous: optional(Env.previousKek)
    })
  )
  const refuse = (detail: string) => new PrivacyKeysNotConfigured({ operation: "Opening the store", detail })
  for (const [file, value, a, b] of [
    [env.kekFile, env.kek, Env.kekFile, Env.kek],
    [env.bikFile, env.bik, Env.blindIndexKeyFile, Env.blindIndexKey]
  ] as const) {
    if (Option.isSome(file) && Option.isSome(value)) return yield* refuse(`both ${a} and ${b} are set: set one`)
  }
  const hasKek = Option.isSome(env.kekFile) || Option.isSome(env.kek)
  const hasBik = Option.isSome(env.bikFile) || Option.isSome(env.bik)
  if (!hasKek && !hasBik) {
    return Option.isSome(env.previousFiles) || Option.isSome(env.previous)
      ? yield* refuse("previous KEKs are set, but no current KEK")
      : Option.none()
  }
  if (!hasKek) return yield* refuse(`${Env.blindIndexKeyFile} or ${Env.blindIndexKey} is set, but no KEK`)
  if (!hasBik) return yield* refuse(`a KEK is set, but neither ${Env.blindIndexKeyFile} nor ${Env.blindIndexKey}`)
  const files = Option.match(env.previousFiles, {
    onNone: () => [],
    onSome: (list) =>
      list
        .split(",")
        .map((path) => path.trim())
        .filter((path) => path !== "")
  })
  const previousKeks: Array<Kek.KekSource> = [
    ...files.map((file) => ({ file })),
    ...(Option.isSome(env.previous) ? [{ env: Env.previousKek }] : [])
  ]
  return Option.some({
    kek: Option.isSome(env.kekFile) ? { file: env.kekFile.value } : { env: Env.kek },
    previousKeks,
    blindIndexKey: Option.isSome(env.bikFile) ? { file: env.bikFile.value } : { env: Env.blindIndexKey }
  })
})

/**
 * Fresh random keys held in memory only: for `memory:` stores and tests. Whatever they encrypt
 * is unreadable once they are gone, so never use them for a store that outlives the process.
 *
 * @since 0.2.0
 * @category constructors
 */
export const random = (): Options => {
  const key = (source: string) => Effect.runSync(KeyMaterial.fromBytes(new Uint8Array(randomBytes(32)), source))
  return { kek: { kek: Kek.local(key("memory:kek")) }, blindIndexKey: { key: key("memory:blind-index") } }
}

/**
 * Key files in `directory` (created with mode 0700 when missing): `kek.key` and
 * `blind-index.key`, each 32 random bytes in base64, mode 0600. Existing files are kept and
 * reused, never overwritten: this is how the demo gets its keys on a fresh machine.
 *
 * @since 0.2.0
 * @category constructors
 */
export const generateFiles = (
  directory: string
): Effect.Effect<Options & { readonly created: ReadonlyArray<string> }, KeyMaterial.InvalidKeyMaterial> =>
  Effect.gen(function* () {
    yield* Effect.try({
      try: () => Fs.mkdirSync(directory, { recursive: true, mode: 0o700 }),
      catch: (cause) =>
        new KeyMaterial.InvalidKeyMaterial({
          source: `file:${directory}`,
          rule: `the directory cannot be created (${(cause as NodeJS.ErrnoException).code ?? cause})`
        })
    })
    const kek = Path.join(directory, "kek.key")
    const bik = Path.join(directory, "blind-index.key")
    const created: Array<string> = []
    for (const path of [kek, bik]) {
      yield* KeyMaterial.generateFile(path).pipe(
        Effect.tap(() => created.push(path)),
        Effect.catchTag("KeyFileExists", () => Effect.void)
      )
    }
    return { kek: { file: kek }, blindIndexKey: { file: bik }, created }
  })

/**
 * @since 0.2.0
 * @category constructors
 */
export const make = (
  options: Options,
  source: PrivacyKeysService["source"] = "options"
): Effect.Effect<PrivacyKeysService, KeyMaterial.InvalidKeyMaterial | Kek.InvalidKeyring> =>
  Effect.map(load(options), (keys) => ({ keys: Option.some(keys), source }))

/**
 * The keys of `options`.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer = (
  options: Options
): Layer.Layer<PrivacyKeys, KeyMaterial.InvalidKeyMaterial | Kek.InvalidKeyring> =>
  Layer.effect(PrivacyKeys, make(options))

/**
 * No keys: the event log works, personal data operations fail with {@link PrivacyKeysNotConfigured}.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerNone: Layer.Layer<PrivacyKeys> = Layer.succeed(PrivacyKeys, { keys: Option.none(), source: "none" })

/**
 * The keys from the `privacy` option when given, else from the environment, else (with
 * `ephemeral`, for `memory:` stores) random keys, else none.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerResolved = (
  options: Options | undefined,
  fallback: { readonly ephemeral: boolean }
): Layer.Layer<PrivacyKeys, KeyMaterial.InvalidKeyMaterial | Kek.InvalidKeyring | PrivacyKeysNotConfigured> =>
  Layer.effect(
    PrivacyKeys,
    Effect.gen(function* () {
      if (options !== undefined) return yield* make(options, "options")
      const env = yield* fromEnv
      if (Option.isSome(env)) return yield* make(env.value, "environment")
      if (fallback.ephemeral) return yield* make(random(), "ephemeral")
      return { keys: Option.none(), source: "none" as const }
    })
  )
