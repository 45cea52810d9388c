/**
 * Loads a whole-log export bundle into an empty store, so that a facility's log moves to another
 * store (a SQLite file to the ministry's PostgreSQL) with the same positions, hashes and record
 * times, and every proof and checkpoint made before the move still holds.
 *
 * 1. The target must be empty (checked first, and again under the write lock).
 * 2. The bundle is verified in full (`VerifyBundle.ts`: signatures, hashes, chain, tree, replay)
 *    before anything is written; a bundle refused, or one of a single program, writes nothing.
 * 3. The file is read again and each event re-checked (its content hash and chain link: the file
 *    could have changed since), and loaded through the store's raw `LogTransfer.importLog`, in
 *    one transaction that checks the result against the checkpoint (count, chain head, the
 *    Merkle root of the stored tree) before it commits.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type * as Crypto from "node:crypto"
import type { EventStoreError } from "../ports/EventStore.js"
import * as Hashing from "../ports/Hashing.js"
import { LogAudit, type VerifyReport } from "../ports/LogAudit.js"
import { ImportMismatch, type LogRow, LogTransfer, TargetNotEmpty } from "../ports/LogTransfer.js"
import * as BundleFormat from "./BundleFormat.js"
import * as VerifyBundle from "./VerifyBundle.js"

/**
 * The bundle did not verify: nothing was written.
 *
 * @since 0.2.0
 * @category errors
 */
export class BundleRefused extends Schema.TaggedError<BundleRefused>()("BundleRefused", {
  check: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `The bundle is refused (${this.check}): ${this.reason}; nothing was written`
  }
}

/**
 * Only a whole-log bundle can be imported: a program's events are not a log.
 *
 * @since 0.2.0
 * @category errors
 */
export class NotAWholeLog extends Schema.TaggedError<NotAWholeLog>()("NotAWholeLog", {
  program: Schema.String
}) {
  override get message() {
    return `The bundle holds program ${this.program} only: import takes a whole-log bundle (export without --program)`
  }
}

/**
 * @since 0.2.0
 * @category errors
 */
export type ImportError =
  | VerifyBundle.BundleReadError
  | BundleRefused
  | NotAWholeLog
  | TargetNotEmpty
  | ImportMismatch
  | EventStoreError

/**
 * What was imported, and the target's own check afterwards.
 *
 * @since 0.2.0
 * @category models
 */
export interface ImportReport {
  readonly file: string
  readonly logId: string
  readonly count: number
  /** The verification of the bundle, before anything was written. */
  readonly bundle: VerifyBundle.BundleReport
  /** The target's `verify()` after the import. */
  readonly verify: VerifyReport
  /** The target's Merkle root at the imported size (the checkpoint's). */
  readonly root: string
}

const decodeEvent = Schema.decodeUnknownEither(BundleFormat.EventLine, { onExcessProperty: "error" })

/** The event lines of the file again, each re-checked, as the rows to store. */
const rowsOf = (path: string): Stream.Stream<LogRow, VerifyBundle.BundleReadError | ImportMismatch> =>
  VerifyBundle.fileLines(path).pipe(
    Stream.drop(1),
    Stream.takeWhile((text) => !text.startsWith(`{"end":`)),
    Stream.mapEffect((text) => {
      const parsed = Either.try(() => JSON.parse(text) as unknown)
      const line = Either.flatMap(parsed, (json) => decodeEvent(json))
      if (Either.isLeft(line)) {
        return Effect.fail(new ImportMismatch({ position: 0, reason: "the file changed since it was verified" }))
      }
      const e = line.right
      const dataJson = Hashing.canonicalJson(e.data)
      const metadataJson = Hashing.canonicalJson(e.metadata)
      const content = Hashing.sha256Hex(
        Hashing.contentPrefixOf({
          streamId: e.streamId,
          eventId: e.eventId,
          type: e.type,
          schemaVersion: e.schemaVersion,
          dataJson,
          metadataJson,
          occurredAt: e.occurredAt,
          recordedAt: e.recordedAt
        }) +
          String(e.version) +
          "}"
      )
      if (content !== e.contentHash || Hashing.link(e.prevHash, content) !== e.hash) {
        return Effect.fail(
          new ImportMismatch({ position: e.position, reason: "the event changed since the file was verified" })
        )
      }
      return Effect.succeed<LogRow>({
        position: e.position,
        streamId: e.streamId,
        version: e.version,
        eventId: e.eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        dataJson,
        metadataJson,
        occurredAt: e.occurredAt,
        recordedAt: e.recordedAt,
        contentHash: e.contentHash,
        prevHash: e.prevHash,
        hash: e.hash
      })
    })
  )

/**
 * Verifies the whole-log bundle at `path` with the facility's public key, then loads it into the
 * empty store in context.
 *
 * @since 0.2.0
 * @category importing
 */
export const importBundle = (
  path: string,
  publicKey: Crypto.KeyObject
): Effect.Effect<ImportReport, ImportError, LogTransfer | LogAudit> =>
  Effect.gen(function* () {
    const transfer = yield* LogTransfer
    const audit = yield* LogAudit
    if (!(yield* transfer.isEmpty())) {
      return yield* new TargetNotEmpty({ position: (yield* Effect.orDie(audit.root())).size })
    }
    const bundle = yield* VerifyBundle.verifyFile(path, publicKey)
    if (bundle._tag === "Refused") {
      const failed = bundle.checks.find((check) => check.status === "failed")
      return yield* new BundleRefused({ check: failed?.name ?? "bundle", reason: bundle.reason ?? "refused" })
    }
    if (bundle.scope !== "log") return yield* new NotAWholeLog({ program: bundle.program ?? "" })
    const checkpoint = bundle.checkpoint!
    const { count } = yield* transfer.importLog(
      { logId: checkpoint.logId, size: checkpoint.size, root: checkpoint.root, head: checkpoint.head },
      rowsOf(path)
    )
    const verify = yield* audit.verify()
    const { root } = yield* Effect.orDie(audit.root(count))
    return { file: path, logId: checkpoint.logId, count, bundle, verify, root }
  })
