/**
 * The data-key store port: each person's data key, wrapped by a KEK, by person id. The SQL
 * implementation keeps them in their own table (`participant_keys`, see docs/privacy.md), in the
 * same database as the registry so that a registration and its key commit together.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { WrappedKey } from "./KeyEncryptionKey.js"

/**
 * A person's key as stored: live (wrapped), or destroyed (the key is gone; only the fact and the
 * time remain).
 *
 * @since 0.2.0
 * @category models
 */
export type KeyEntry =
  | { readonly _tag: "Live"; readonly wrapped: WrappedKey }
  | { readonly _tag: "Destroyed"; readonly destroyedAt: Date }

/**
 * @since 0.2.0
 * @category errors
 */
export class DataKeyExists extends Schema.TaggedError<DataKeyExists>()("DataKeyExists", {
  personId: Schema.String
}) {
  override get message() {
    return `Person ${this.personId} already has a data key (or had one that was destroyed): a person has one key for life`
  }
}

/**
 * @since 0.2.0
 * @category errors
 */
export class DataKeyStoreError extends Schema.TaggedError<DataKeyStoreError>()("DataKeyStoreError", {
  method: Schema.String,
  cause: Schema.Defect
}) {
  override get message() {
    const cause = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return `Data key store ${this.method} failed: ${cause}`
  }
}

/**
 * @since 0.2.0
 * @category models
 */
export interface DataKeyStoreService {
  /** Stores a new person's wrapped key; refused when the person has or had one. */
  readonly insert: (personId: string, wrapped: WrappedKey) => Effect.Effect<void, DataKeyExists | DataKeyStoreError>
  readonly get: (personId: string) => Effect.Effect<Option.Option<KeyEntry>, DataKeyStoreError>
  /**
   * Replaces a live wrapped key only if it is still `expected` (compare and set): a re-wrap never
   * brings back a key destroyed meanwhile. True when replaced.
   */
  readonly replace: (
    personId: string,
    expected: WrappedKey,
    next: WrappedKey
  ) => Effect.Effect<boolean, DataKeyStoreError>
  /**
   * Deletes the wrapped key for good and keeps only the time it was destroyed. True when a live key
   * was destroyed, false when there was none (never created, or destroyed before).
   */
  readonly destroy: (personId: string, at: Date) => Effect.Effect<boolean, DataKeyStoreError>
  /** Up to `limit` live keys wrapped by another KEK than `kekId`: the next batch of a re-wrap. */
  readonly notWrappedBy: (
    kekId: string,
    limit: number
  ) => Effect.Effect<ReadonlyArray<{ readonly personId: string; readonly wrapped: WrappedKey }>, DataKeyStoreError>
  /** Live keys per KEK id: a KEK with none left can be retired. */
  readonly countByKek: () => Effect.Effect<ReadonlyMap<string, number>, DataKeyStoreError>
}

/**
 * @since 0.2.0
 * @category tags
 */
export class DataKeyStore extends Context.Tag("training-ledger/privacy/DataKeyStore")<
  DataKeyStore,
  DataKeyStoreService
>() {}
