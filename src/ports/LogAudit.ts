/**
 * The audit port: what an auditor asks of the log, apart from appending and reading. Walk the
 * hash chain and the Merkle tree and name the first position that does not match; take a seal
 * or a signed checkpoint (the head and the tree's root, stamped) to keep outside the database;
 * prove that an event is in the log (inclusion proof) and that the log only grew between two
 * sizes (consistency proof), each from O(log n) stored subtree hashes read in one query.
 *
 * The tree is RFC 6962's over the events' content hashes (leaf index = position - 1); see
 * `audit/Merkle.ts` and docs/audit-proofs.md. Every event store implementation provides this port
 * over the same log (memory, SQLite, PostgreSQL).
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type { KeyObject } from "node:crypto"
import type * as Checkpoint from "../audit/Checkpoint.js"
import type * as Keys from "../audit/Keys.js"
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
 * The Merkle tree of the first `size` events: its root (64 lowercase hex digits).
 *
 * @since 0.2.0
 * @category models
 */
export interface TreeHead {
  readonly size: number
  readonly root: string
}

/**
 * The proof that the event at `position` is in the tree of `size` events (RFC 9162
 * `PATH(position - 1, D[size])`, sibling hashes from the leaf up).
 *
 * @since 0.2.0
 * @category models
 */
export interface InclusionProof {
  readonly position: number
  readonly size: number
  readonly proof: ReadonlyArray<string>
}

/**
 * The proof that the tree of `toSize` events extends the tree of `fromSize` events (RFC 9162
 * `PROOF(fromSize, D[toSize])`).
 *
 * @since 0.2.0
 * @category models
 */
export interface ConsistencyProof {
  readonly fromSize: number
  readonly toSize: number
  readonly proof: ReadonlyArray<string>
}

/**
 * A proof asked for sizes or positions the log does not have (a size beyond the head, a position
 * outside `1..size`, `fromSize` above `toSize`). Names the argument and the rule.
 *
 * @since 0.2.0
 * @category errors
 */
export class InvalidProofRequest extends Schema.TaggedError<InvalidProofRequest>()("InvalidProofRequest", {
  field: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `Invalid proof request: ${this.field} must be ${this.rule}`
  }
}

/**
 * @since 0.2.0
 * @category models
 */
export interface CheckpointOptions {
  /** The log id the checkpoint states (default: the store's own, see `logId()`). */
  readonly logId?: string | undefined
  /** The facility's Ed25519 private key: the checkpoint comes back signed. */
  readonly signWith?: KeyObject | undefined
}

/**
 * Why a checkpoint could not be made: the store failed, or the log id or the key is not
 * acceptable.
 *
 * @since 0.2.0
 * @category errors
 */
export type CheckpointError = EventStoreError | Checkpoint.MalformedCheckpoint | Keys.WrongKeyType

/**
 * @since 0.2.0
 * @category models
 */
export interface LogAuditService {
  /**
   * Walks the chain from position 1 and the Merkle tree with it, and reports the first position
   * that does not match (a changed or missing row, a broken link, a stored tree node that the
   * events do not give), with the kind of damage.
   */
  readonly verify: (options?: VerifyOptions) => Effect.Effect<VerifyReport, EventStoreError>
  /** The current head, stamped: keep it to check later that the log only grew. */
  readonly seal: () => Effect.Effect<Seal, EventStoreError>
  /**
   * True when the event at the seal's position still has the seal's hash. This alone does not
   * prove the rows before it intact: recompute the chain with `verify()` as well.
   */
  readonly checkSeal: (seal: LogHead) => Effect.Effect<boolean, EventStoreError>
  /** The log's stable id: written when the store was created, never changed, kept by an import. */
  readonly logId: () => Effect.Effect<string, EventStoreError>
  /** The Merkle root of the first `size` events (default: the whole log). */
  readonly root: (size?: number) => Effect.Effect<TreeHead, InvalidProofRequest | EventStoreError>
  /** The inclusion proof of the event at `position` in the tree of `size` events. */
  readonly inclusionProof: (
    position: number,
    size: number
  ) => Effect.Effect<InclusionProof, InvalidProofRequest | EventStoreError>
  /** The inclusion proofs of several events in the tree of `size` events, from one query. */
  readonly inclusionProofs: (
    positions: ReadonlyArray<number>,
    size: number
  ) => Effect.Effect<ReadonlyArray<InclusionProof>, InvalidProofRequest | EventStoreError>
  /** The consistency proof that the tree of `toSize` events extends the tree of `fromSize` events. */
  readonly consistencyProof: (
    fromSize: number,
    toSize: number
  ) => Effect.Effect<ConsistencyProof, InvalidProofRequest | EventStoreError>
  /**
   * A checkpoint of the current head: `{ logId, size, root, time, head }`, signed when
   * `signWith` is given (see `audit/Checkpoint.ts`).
   */
  readonly checkpoint: {
    (
      options: CheckpointOptions & { readonly signWith: KeyObject }
    ): Effect.Effect<Checkpoint.SignedCheckpoint, CheckpointError>
    (options?: CheckpointOptions): Effect.Effect<Checkpoint.Checkpoint | Checkpoint.SignedCheckpoint, CheckpointError>
  }
}

/**
 * @since 0.2.0
 * @category tags
 */
export class LogAudit extends Context.Tag("training-ledger/LogAudit")<LogAudit, LogAuditService>() {}
