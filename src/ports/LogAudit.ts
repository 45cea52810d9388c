/**
 * The audit port: what an auditor asks of the log, apart from appending and reading. Walk the
 * hash chain and name the first position that does not match; take a seal (the head, stamped)
 * to keep outside the database; check later that the log only grew since a seal.
 *
 * Every event store implementation provides it over the same log (memory, SQLite, PostgreSQL).
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type { EventStoreError, LogHead } from "./EventStore.js"

/**
 * A seal an auditor keeps (ideally outside the database) to prove later that the log only grew.
 *
 * @since 0.1.0
 * @category models
 */
export interface Seal extends LogHead {
  readonly sealedAt: Date
}

/**
 * What kind of damage a broken chain shows at its first bad position:
 *
 * - `changed`: a row's content, hash or link no longer match (an edited row, or a row whose
 *   predecessor was edited and re-hashed);
 * - `missing`: a position is absent (a deleted row), a stream skips a version, or the head lies
 *   beyond the last row;
 * - `inserted`: a row that the chain goes around (the next row links to the one before it), a row
 *   whose `prev_hash` skips back over rows, or a row beyond the head;
 * - `reordered`: a row links to a row that comes after it (rows swapped positions).
 *
 * @since 0.2.0
 * @category models
 */
export type Damage = "changed" | "missing" | "inserted" | "reordered"

/**
 * What `verify()` found.
 *
 * @since 0.1.0
 * @category models
 */
export type VerifyReport =
  | { readonly _tag: "Intact"; readonly head: LogHead; readonly checked: number }
  | {
      readonly _tag: "Broken"
      /** The first position whose row does not match (or where a gap or an extra row is). */
      readonly position: number
      /** What kind of damage it is (since 0.2.0). */
      readonly damage: Damage
      readonly reason: string
      readonly checked: number
    }

/**
 * Options of `verify()`.
 *
 * @since 0.2.0
 * @category models
 */
export interface VerifyOptions {
  /**
   * Called as the walk advances (after each page of rows): events checked so far, of the head's
   * position. For progress bars; it must not fail.
   */
  readonly onProgress?: ((checked: number, of: number) => Effect.Effect<void>) | undefined
}

/**
 * @since 0.2.0
 * @category models
 */
export interface LogAuditService {
  /** Walks the chain from position 1 and reports the first position that does not match. */
  readonly verify: (options?: VerifyOptions) => Effect.Effect<VerifyReport, EventStoreError>
  /** The current head, stamped: keep it to check later that the log only grew. */
  readonly seal: () => Effect.Effect<Seal, EventStoreError>
  /**
   * True when the event at the seal's position still has the seal's hash. This alone does not
   * prove the rows before it intact: recompute the chain with `verify()` as well.
   */
  readonly checkSeal: (seal: LogHead) => Effect.Effect<boolean, EventStoreError>
}

/**
 * @since 0.2.0
 * @category tags
 */
export class LogAudit extends Context.Tag("training-ledger/LogAudit")<LogAudit, LogAuditService>() {}
