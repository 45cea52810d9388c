/**
 * The log only grew: an older checkpoint (a file the auditor kept) checked against the live log,
 * or against a newer checkpoint with a consistency proof. Names the first position where the log
 * did not only grow, when the evidence can tell it.
 *
 * Against the live log (`checkAgainstSeal`), in order:
 *
 * 1. the file: a signed checkpoint (or a legacy unsigned seal, which proves the chain only);
 * 2. the signature under the facility's public key, when one is given;
 * 3. the log id: the checkpoint is of this log;
 * 4. the size: the log still holds at least the checkpoint's events (else the first missing
 *    position is named);
 * 5. the log itself: `verify()` recomputes the chain and the Merkle tree from the events and
 *    names the first position that does not match (an event changed without its hashes, a hash
 *    or a node changed);
 * 6. the chain at the checkpoint: the event at the checkpoint's size still has its chain hash;
 * 7. the tree: the consistency proof from the checkpoint's size to the head, from the stored
 *    tree, leads from the checkpoint's root to today's root (RFC 9162 section 2.1.4.2).
 *
 * When 5 passes but 6 or 7 fails, the events, their hashes and the tree were all rewritten
 * consistently: the first changed position cannot be told from one root; it is at or before the
 * checkpoint's size (an older bundle of the log, with its events, can tell it).
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import type { EventStoreError } from "../ports/EventStore.js"
import { type ConsistencyProof, LogAudit } from "../ports/LogAudit.js"
import * as Checkpoint from "./Checkpoint.js"
import * as Keys from "./Keys.js"
import * as Merkle from "./Merkle.js"

/**
 * @since 0.2.0
 * @category models
 */
export interface SealCheck {
  readonly name: "file" | "signature" | "log id" | "size" | "log" | "chain" | "tree"
  readonly status: "passed" | "failed" | "skipped" | "not run"
  readonly detail: string
}

/**
 * `Grew`: the log at the checkpoint is a prefix of the log now. `Changed`: it is not; the first
 * position where it did not only grow is `position` when it can be told, and `atOrBefore` the
 * checkpoint's size otherwise.
 *
 * @since 0.2.0
 * @category models
 */
export interface SealReport {
  readonly _tag: "Grew" | "Changed"
  readonly file: string
  readonly kind: "signed checkpoint" | "unsigned seal"
  /** The size (position) the seal states. */
  readonly sealedSize: number
  readonly sealedAt: string
  readonly logId: string | undefined
  /** The live log's head and root now. */
  readonly now: { readonly size: number; readonly hash: string; readonly root: string }
  readonly checks: ReadonlyArray<SealCheck>
  readonly position: number | undefined
  readonly atOrBefore: number | undefined
  readonly reason: string | undefined
  /** The consistency proof from the checkpoint's size to now (signed checkpoints). */
  readonly proof: ConsistencyProof | undefined
}

/**
 * The seal file cannot be read, or is not a seal.
 *
 * @since 0.2.0
 * @category errors
 */
export class SealFileError extends Schema.TaggedError<SealFileError>()("SealFileError", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `Cannot use the seal file ${this.path}: ${this.reason}`
  }
}

const readSeal = (path: string) =>
  Effect.flatMap(
    Effect.try({
      try: () => Fs.readFileSync(path, "utf8"),
      catch: (error) => new SealFileError({ path, reason: error instanceof Error ? error.message : String(error) })
    }),
    (text) =>
      Effect.mapError(Checkpoint.decodeSealFile(text), (error) => new SealFileError({ path, reason: error.message }))
  )

/**
 * Checks the live log against an older checkpoint (or legacy seal) file. `publicKey` checks the
 * checkpoint's signature; without it the signature is reported unchecked.
 *
 * @since 0.2.0
 * @category checking
 */
export const checkAgainstSeal = (
  sealFile: string,
  publicKey?: Crypto.KeyObject
): Effect.Effect<SealReport, SealFileError | EventStoreError, LogAudit> =>
  Effect.flatMap(readSeal(sealFile), (seal) => checkSeal(seal, sealFile, publicKey))

/**
 * {@link checkAgainstSeal} for a seal already read (e.g. from standard input, with
 * `Checkpoint.decodeSealFile`); `label` names it in the report.
 *
 * @since 0.2.0
 * @category checking
 */
export const checkSeal = (
  seal: Checkpoint.SealFile,
  label: string,
  publicKey?: Crypto.KeyObject
): Effect.Effect<SealReport, EventStoreError, LogAudit> =>
  Effect.gen(function* () {
    const audit = yield* LogAudit
    const sealFile = label
    const signed = seal._tag === "SignedCheckpoint" ? seal : undefined
    const sealedSize = signed?.size ?? (seal._tag === "UnsignedSeal" ? seal.position : 0)
    const sealedHash = signed?.head.hash ?? (seal._tag === "UnsignedSeal" ? seal.hash : "")
    const checks: Array<SealCheck> = [
      {
        name: "file",
        status: "passed",
        detail: signed
          ? `a signed checkpoint of ${signed.logId} at size ${signed.size}, taken ${signed.time}`
          : `an unsigned seal at position ${sealedSize} (it proves the chain only: no root, no signature)`
      }
    ]
    const head = yield* Effect.orDie(audit.root())
    const verifyNow = yield* audit.verify()
    const nowHash = verifyNow._tag === "Intact" ? verifyNow.head.hash : ""
    const base = {
      file: sealFile,
      kind: signed ? ("signed checkpoint" as const) : ("unsigned seal" as const),
      sealedSize,
      sealedAt: signed?.time ?? (seal._tag === "UnsignedSeal" ? seal.sealedAt.toISOString() : ""),
      logId: signed?.logId,
      now: { size: head.size, hash: nowHash, root: head.root }
    }
    const done = (
      outcome:
        | { readonly _tag: "Grew" }
        | {
            readonly _tag: "Changed"
            readonly position?: number
            readonly atOrBefore?: number
            readonly reason: string
          },
      proof?: ConsistencyProof
    ): SealReport => {
      const names: ReadonlyArray<SealCheck["name"]> = ["file", "signature", "log id", "size", "log", "chain", "tree"]
      const all = names.map(
        (name): SealCheck =>
          checks.find((c) => c.name === name) ?? { name, status: "not run", detail: "an earlier check failed" }
      )
      return outcome._tag === "Grew"
        ? { ...base, _tag: "Grew", checks: all, position: undefined, atOrBefore: undefined, reason: undefined, proof }
        : {
            ...base,
            _tag: "Changed",
            checks: all,
            position: outcome.position,
            atOrBefore: outcome.atOrBefore,
            reason: outcome.reason,
            proof
          }
    }
    const fail = (name: SealCheck["name"], reason: string, where: { position?: number; atOrBefore?: number }) => {
      checks.push({ name, status: "failed", detail: reason })
      return done({ _tag: "Changed", reason, ...where })
    }

    // 2. signature
    if (signed === undefined) {
      checks.push({ name: "signature", status: "skipped", detail: "an unsigned seal carries no signature" })
    } else if (publicKey === undefined) {
      checks.push({ name: "signature", status: "skipped", detail: "not checked: no public key was given (--key)" })
    } else {
      const verified = yield* Effect.either(Checkpoint.verify(signed, publicKey))
      if (verified._tag === "Left") return fail("signature", verified.left.message, {})
      checks.push({ name: "signature", status: "passed", detail: `signed by ${Keys.fingerprint(publicKey)}` })
    }
    // 3. log id
    if (signed !== undefined) {
      const logId = yield* audit.logId()
      if (signed.logId !== logId) {
        return fail("log id", `the checkpoint is of log ${signed.logId}, this store keeps log ${logId}`, {})
      }
      checks.push({ name: "log id", status: "passed", detail: logId })
    } else {
      checks.push({ name: "log id", status: "skipped", detail: "an unsigned seal names no log" })
    }
    // 4. size
    if (head.size < sealedSize) {
      return fail(
        "size",
        `the log holds ${head.size} events, the seal ${sealedSize}: positions from ${head.size + 1} are gone`,
        { position: head.size + 1 }
      )
    }
    checks.push({ name: "size", status: "passed", detail: `${sealedSize} then, ${head.size} now` })
    // 5. the log itself
    if (verifyNow._tag === "Broken") {
      return fail("log", `the log does not verify at position ${verifyNow.position}: ${verifyNow.reason}`, {
        position: verifyNow.position
      })
    }
    checks.push({ name: "log", status: "passed", detail: `chain and tree recomputed from ${verifyNow.checked} events` })
    // 6. the chain at the seal
    if (!(yield* audit.checkSeal({ position: sealedSize, hash: sealedHash }))) {
      return fail(
        "chain",
        `the event at position ${sealedSize} no longer has the sealed chain hash: the log was rewritten at or before it (its hashes recomputed)`,
        { atOrBefore: sealedSize }
      )
    }
    checks.push({ name: "chain", status: "passed", detail: `position ${sealedSize} still has the sealed hash` })
    // 7. the tree
    if (signed === undefined) {
      checks.push({ name: "tree", status: "skipped", detail: "an unsigned seal carries no root" })
      return done({ _tag: "Grew" })
    }
    if (signed.size === 0) {
      checks.push({ name: "tree", status: "passed", detail: "every log extends the empty one" })
      return done({ _tag: "Grew" })
    }
    const proof = yield* Effect.orDie(audit.consistencyProof(signed.size, head.size))
    const verdict = Merkle.verifyConsistency(signed.size, head.size, signed.root, head.root, proof.proof)
    if (verdict._tag === "Rejected") {
      checks.push({ name: "tree", status: "failed", detail: verdict.reason })
      return done(
        {
          _tag: "Changed",
          atOrBefore: signed.size,
          reason: `the tree of the first ${signed.size} events no longer has the checkpoint's root (${verdict.reason}): the log was rewritten at or before position ${signed.size}`
        },
        proof
      )
    }
    checks.push({
      name: "tree",
      status: "passed",
      detail: `the consistency proof (${proof.proof.length} hashes) leads from the checkpoint's root to today's`
    })
    return done({ _tag: "Grew" }, proof)
  })

/**
 * Offline: a newer checkpoint extends an older one of the same log, by a consistency proof
 * (both signatures checked under the key).
 *
 * @since 0.2.0
 * @category checking
 */
export const checkConsistency = (
  older: Checkpoint.SignedCheckpoint,
  newer: Checkpoint.SignedCheckpoint,
  proof: ReadonlyArray<string>,
  publicKey: Crypto.KeyObject
): Effect.Effect<
  Merkle.Verdict,
  Checkpoint.MalformedCheckpoint | Keys.WrongKeyType | Checkpoint.SignedByOtherKey | Checkpoint.BadSignature
> =>
  Effect.gen(function* () {
    const a = yield* Checkpoint.verify(older, publicKey)
    const b = yield* Checkpoint.verify(newer, publicKey)
    if (a.logId !== b.logId) return { _tag: "Rejected", reason: `two logs: ${a.logId} and ${b.logId}` } as const
    if (a.size === 0) return { _tag: "Verified" } as const
    return Merkle.verifyConsistency(a.size, b.size, a.root, b.root, proof)
  })

/**
 * Renders a seal report for a person.
 *
 * @since 0.2.0
 * @category rendering
 */
export const render = (report: SealReport): string =>
  [
    `seal ${report.file}: ${report.kind}, size ${report.sealedSize}, ${report.sealedAt}`,
    ...report.checks.map(
      (check) =>
        `${check.status === "passed" ? "ok  " : check.status === "failed" ? "FAIL" : check.status === "skipped" ? "--  " : "..  "} ${check.name.padEnd(9)} ${check.detail}`
    ),
    report._tag === "Grew"
      ? `the log only grew: ${report.sealedSize} then, ${report.now.size} now (root ${report.now.root})`
      : `CHANGED: ${report.reason}${report.position !== undefined ? ` (first position: ${report.position})` : report.atOrBefore !== undefined ? ` (at or before position ${report.atOrBefore})` : ""}`
  ].join("\n")
