/**
 * The offline verifier of an export bundle (`BundleFormat.ts`): what an auditor runs on the file
 * they carried away, with the facility's public key obtained out of band. It needs nothing but the
 * file and the key: it imports no driver and no database code (a test holds it to that), only the
 * audit modules, the canonical encoding (`ports/Hashing.ts`), the event codec and the read models.
 *
 * Checks, in the order the file is read (the first that fails refuses the bundle, with its reason):
 *
 * 1. header     the first line is a bundle header;
 * 2. key        the bundle names the key the auditor supplied (its fingerprint);
 * 3. checkpoint the checkpoint's Ed25519 signature verifies under that key, for the bundle's log;
 * 4. content    every event's content hash, recomputed from its fields, is the one it carries;
 * 5. chain      every event's hash is `sha256(prev_hash || content_hash)`, and links to the event
 *               before it where that one is in the bundle (a whole log: from the genesis hash to
 *               the checkpoint's chain head);
 * 6. order      positions increase and stay within the checkpoint; a whole log misses none; every
 *               stream (a program bundle: the program's) has each version once, from 1;
 * 7. proofs     every inclusion proof leads to the checkpoint's root;
 * 8. tree       a whole log: the Merkle root of all its events is the checkpoint's;
 * 9. manifest   the last line counts the events, digests them in file order, and its signature
 *               (over the scope, the checkpoint and the digest) verifies under the key;
 * 10. replay    the program summary read model, folded from the bundle's events alone.
 *
 * The file is read line by line: memory stays flat whatever the number of events (but for the
 * read models' states, one per program).
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Readline from "node:readline"
import * as Numbering from "../domain/CertificateNumbering.js"
import * as Program from "../domain/Program.js"
import type { Projected } from "../domain/Envelope.js"
import * as EventCodec from "../events/EventCodec.js"
import * as Hashing from "../ports/Hashing.js"
import type { StoredEvent } from "../ports/EventStore.js"
import * as ProgramSummary from "../projections/ProgramSummary.js"
import { fold } from "../projections/Projection.js"
import * as BundleFormat from "./BundleFormat.js"
import * as Checkpoint from "./Checkpoint.js"
import * as Keys from "./Keys.js"
import * as Merkle from "./Merkle.js"

/**
 * @since 0.2.0
 * @category models
 */
export type CheckName =
  | "header"
  | "key"
  | "checkpoint"
  | "content"
  | "chain"
  | "order"
  | "proofs"
  | "tree"
  | "manifest"
  | "replay"

/**
 * One check: `passed`, `failed` (the reason), `skipped` (does not apply to this bundle) or
 * `not run` (an earlier check failed).
 *
 * @since 0.2.0
 * @category models
 */
export interface Check {
  readonly name: CheckName
  readonly status: "passed" | "failed" | "skipped" | "not run"
  readonly detail: string
}

/**
 * A program's summary, replayed from the bundle.
 *
 * @since 0.2.0
 * @category models
 */
export interface ReplayedProgram {
  readonly programId: string
  readonly summary: ProgramSummary.Summary
}

/**
 * What the verifier found. `Refused` carries the first failed check's reason (and the position
 * or line it concerns).
 *
 * @since 0.2.0
 * @category models
 */
export interface BundleReport {
  readonly _tag: "Verified" | "Refused"
  readonly file: string
  readonly scope: "log" | "program" | undefined
  readonly program: string | undefined
  readonly logId: string | undefined
  /** The fingerprint of the key the auditor supplied. */
  readonly keyFingerprint: string
  /** What the checkpoint states, once its signature verified. */
  readonly checkpoint: Checkpoint.Checkpoint | undefined
  /** Event lines read. */
  readonly events: number
  readonly checks: ReadonlyArray<Check>
  readonly reason: string | undefined
  /** The position of the event the reason concerns, if one. */
  readonly position: number | undefined
  /** The line of the file the reason concerns, if one. */
  readonly line: number | undefined
  readonly programs: ReadonlyArray<ReplayedProgram>
}

/**
 * The bundle file cannot be read at all (missing, a directory, no permission).
 *
 * @since 0.2.0
 * @category errors
 */
export class BundleReadError extends Schema.TaggedError<BundleReadError>()("BundleReadError", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `Cannot read the bundle ${this.path}: ${this.reason}`
  }
}

/**
 * The lines of a file, streamed.
 *
 * @since 0.2.0
 * @category reading
 */
export const fileLines = (path: string): Stream.Stream<string, BundleReadError> =>
  Stream.unwrapScoped(
    Effect.gen(function* () {
      const input = yield* Effect.acquireRelease(
        Effect.async<Fs.ReadStream, BundleReadError>((resume) => {
          const stream = Fs.createReadStream(path, { encoding: "utf8" })
          stream.once("error", (error) => resume(Effect.fail(new BundleReadError({ path, reason: error.message }))))
          stream.once("readable", () => resume(Effect.succeed(stream)))
        }),
        (stream) => Effect.sync(() => stream.destroy())
      )
      const lines = Readline.createInterface({ input, crlfDelay: Infinity })
      return Stream.fromAsyncIterable(lines, (error) => new BundleReadError({ path, reason: String(error) }))
    })
  )

// ---------------------------------------------------------------------------------------------
// The checker
// ---------------------------------------------------------------------------------------------

const strict = { onExcessProperty: "error", errors: "first" } as const
const decodeHeader = Schema.decodeUnknownEither(BundleFormat.Header, strict)
const decodeEvent = Schema.decodeUnknownEither(BundleFormat.EventLine, strict)
const decodeManifest = Schema.decodeUnknownEither(BundleFormat.Manifest, strict)

const firstIssue = (error: ParseResult.ParseError): string => {
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
  if (issue === undefined) return error.message
  const field = issue.path.length === 0 ? "(the line)" : issue.path.map(String).join(".")
  return `field ${field}: ${issue._tag === "Missing" ? "required" : issue._tag === "Unexpected" ? "not a field of this format" : issue.message}`
}

const ledgerTypes: ReadonlySet<string> = new Set([
  ...Object.keys(Program.eventSchemaVersion),
  ...Object.keys(Numbering.eventSchemaVersion)
])
const numberingTypes: ReadonlySet<string> = new Set(Object.keys(Numbering.eventSchemaVersion))

/** A Merkle root built leaf by leaf, in O(log n) memory (the RFC 6962 stack of perfect subtrees). */
const rootBuilder = () => {
  const stack: Array<{ readonly size: number; readonly hash: string }> = []
  return {
    push: (leafHash: string) => {
      let node = { size: 1, hash: leafHash }
      while (stack.length > 0 && stack[stack.length - 1].size === node.size) {
        const left = stack.pop()!
        node = { size: left.size * 2, hash: Merkle.nodeHash(left.hash, node.hash) }
      }
      stack.push(node)
    },
    root: (): string => {
      if (stack.length === 0) return Merkle.emptyRoot
      let hash = stack[stack.length - 1].hash
      for (let i = stack.length - 2; i >= 0; i--) hash = Merkle.nodeHash(stack[i].hash, hash)
      return hash
    }
  }
}

class Refusal {
  constructor(
    readonly check: CheckName,
    readonly reason: string,
    readonly position?: number
  ) {}
}

const refuse = (check: CheckName, reason: string, position?: number): never => {
  throw new Refusal(check, reason, position)
}

const shortHash = (hex: string) => `${hex.slice(0, 12)}…`

/**
 * The verifier's state over the lines of one bundle. Pure: fed lines, it answers the report.
 *
 * @since 0.2.0
 * @category verifying
 */
export const makeChecker = (file: string, publicKey: Crypto.KeyObject) => {
  const suppliedFingerprint = Keys.fingerprint(publicKey)
  const passed = new Map<CheckName, string>()
  let lineNo = 0
  let header: BundleFormat.Header | undefined
  let checkpoint: Checkpoint.Checkpoint | undefined
  let manifest: BundleFormat.Manifest | undefined
  let events = 0
  let last: { readonly position: number; readonly hash: string } | undefined
  let links = 0
  let proofs = 0
  const versions = new Map<string, number>()
  const digest = BundleFormat.makeDigest()
  const tree = rootBuilder()
  const summaries = new Map<string, ProgramSummary.State>()
  let replayed = 0
  let notReplayed = 0
  let failure: Refusal | undefined
  let gap: { readonly position: number; readonly expected: number; readonly reason: string } | undefined

  const onHeader = (json: unknown) => {
    const decoded = decodeHeader(json)
    if (Either.isLeft(decoded)) return refuse("header", `line 1 is not a bundle header: ${firstIssue(decoded.left)}`)
    header = decoded.right
    passed.set(
      "header",
      `${header.format}, ${header.scope === "log" ? "the whole log" : `program ${header.program}`}, ${header.count} events`
    )
    if (header.keyFingerprint !== suppliedFingerprint) {
      return refuse(
        "key",
        `the bundle was signed by key ${header.keyFingerprint}, not by the key supplied (${suppliedFingerprint})`
      )
    }
    passed.set("key", `the bundle names the supplied key ${suppliedFingerprint}`)
    const signed = Checkpoint.decodeSealFile(JSON.stringify(header.checkpoint)).pipe(
      Effect.flatMap((seal) =>
        seal._tag === "SignedCheckpoint"
          ? Checkpoint.verify(seal, publicKey)
          : Effect.fail(new Checkpoint.MalformedCheckpoint({ field: "checkpoint", rule: "a signed checkpoint" }))
      ),
      Effect.either,
      Effect.runSync
    )
    if (Either.isLeft(signed)) return refuse("checkpoint", `the checkpoint is refused: ${signed.left.message}`)
    checkpoint = signed.right
    if (checkpoint.logId !== header.logId) {
      return refuse("checkpoint", `the checkpoint is of log ${checkpoint.logId}, the bundle says ${header.logId}`)
    }
    passed.set(
      "checkpoint",
      `signed by ${suppliedFingerprint}: log ${checkpoint.logId}, ${checkpoint.size} events, root ${shortHash(checkpoint.root)}, taken ${checkpoint.time}`
    )
  }

  const onEvent = (json: unknown) => {
    const h = header!
    const cp = checkpoint!
    const decoded = decodeEvent(json)
    if (Either.isLeft(decoded)) return refuse("content", `line ${lineNo} is not an event: ${firstIssue(decoded.left)}`)
    const e = decoded.right
    events++
    // A gap seen on the line before: a later event that comes now tells a reordering from a drop.
    if (gap !== undefined) {
      if (e.position < gap.position) {
        return refuse(
          "order",
          `position ${e.position} comes after position ${gap.position}: the events were reordered`,
          e.position
        )
      }
      return refuse("order", gap.reason, gap.expected)
    }
    // order
    if (last !== undefined && e.position <= last.position) {
      return refuse(
        "order",
        `position ${e.position} comes after position ${last.position}: the events were reordered or repeated`,
        e.position
      )
    }
    if (e.position > cp.size) {
      return refuse("order", `position ${e.position} lies beyond the checkpoint (size ${cp.size})`, e.position)
    }
    const expected = (last?.position ?? 0) + 1
    if (h.scope === "log" && e.position !== expected) {
      gap = { position: e.position, expected, reason: `position ${expected} is missing: an event was dropped` }
      return
    }
    // content
    let content: string
    try {
      content = Hashing.sha256Hex(
        Hashing.contentPrefixOf({
          streamId: e.streamId,
          eventId: e.eventId,
          type: e.type,
          schemaVersion: e.schemaVersion,
          dataJson: Hashing.canonicalJson(e.data),
          metadataJson: Hashing.canonicalJson(e.metadata),
          occurredAt: e.occurredAt,
          recordedAt: e.recordedAt
        }) +
          String(e.version) +
          "}"
      )
    } catch (error) {
      return refuse("content", `the event at position ${e.position} cannot be encoded: ${String(error)}`, e.position)
    }
    if (content !== e.contentHash) {
      return refuse(
        "content",
        `the event at position ${e.position} does not match its content hash: it was changed`,
        e.position
      )
    }
    // chain
    if (Hashing.link(e.prevHash, e.contentHash) !== e.hash) {
      return refuse(
        "chain",
        `the hash of the event at position ${e.position} is not sha256(prev_hash || content_hash): it was changed`,
        e.position
      )
    }
    const before = e.position === 1 ? "0".repeat(64) : last?.position === e.position - 1 ? last.hash : undefined
    if (before !== undefined) {
      if (e.prevHash !== before) {
        return refuse(
          "chain",
          `the event at position ${e.position} does not link to ${e.position === 1 ? "the genesis hash" : `position ${e.position - 1}`}`,
          e.position
        )
      }
      links++
    }
    // stream versions: every stream of a whole log; the program's own stream in a program bundle
    const programStream = h.scope === "program" ? `program-${h.program}` : undefined
    if (h.scope === "log" || e.streamId === programStream) {
      const previous = versions.get(e.streamId) ?? 0
      if (e.version !== previous + 1) {
        gap = {
          position: e.position,
          expected: e.position,
          reason: `stream ${e.streamId} jumps from version ${previous} to ${e.version} at position ${e.position}: an event was dropped`
        }
        return
      }
      versions.set(e.streamId, e.version)
    } else if (!numberingTypes.has(e.type) || (e.data as { programId?: unknown } | null)?.programId !== h.program) {
      return refuse(
        "order",
        `the event at position ${e.position} (${e.type} on ${e.streamId}) is neither of program ${h.program} nor one of its certificate numbers`,
        e.position
      )
    }
    // proofs
    const leaf = Merkle.eventLeafHash(e.contentHash)
    if (e.proof !== undefined) {
      const verdict = Merkle.verifyInclusion(leaf, e.position - 1, cp.size, e.proof, cp.root)
      if (verdict._tag === "Rejected") {
        return refuse(
          "proofs",
          `the inclusion proof of position ${e.position} fails against the checkpoint: ${verdict.reason}`,
          e.position
        )
      }
      proofs++
    } else if (h.scope === "program") {
      return refuse("proofs", `the event at position ${e.position} carries no inclusion proof`, e.position)
    }
    if (h.scope === "log") tree.push(leaf)
    digest.add(e.position, e.contentHash)
    last = { position: e.position, hash: e.hash }
    // replay
    if (!ledgerTypes.has(e.type)) {
      notReplayed++
      return
    }
    const envelope = {
      position: e.position,
      streamId: e.streamId,
      version: e.version,
      eventId: e.eventId,
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: e.data,
      metadata: e.metadata,
      occurredAt: new Date(e.occurredAt),
      recordedAt: new Date(e.recordedAt),
      prevHash: e.prevHash,
      hash: e.hash
    } as StoredEvent
    const read = Effect.runSync(Effect.either(EventCodec.decode(envelope)))
    if (Either.isLeft(read)) {
      return refuse("replay", `the event at position ${e.position} cannot be read: ${read.left.message}`, e.position)
    }
    replayed++
    if (numberingTypes.has(e.type)) return
    fold(ProgramSummary.projection, [read.right as Projected<Program.Event>], summaries)
  }

  const onManifest = (json: unknown) => {
    const decoded = decodeManifest(json)
    if (Either.isLeft(decoded))
      return refuse("manifest", `the last line is not a manifest: ${firstIssue(decoded.left)}`)
    manifest = decoded.right
  }

  const finish = () => {
    const h = header!
    const cp = checkpoint!
    if (gap !== undefined) return refuse("order", gap.reason, gap.expected)
    if (manifest === undefined) {
      return refuse("manifest", "the bundle ends without its manifest: it was cut short, or events were dropped")
    }
    // end of stream checks (before the manifest, whose failure says less)
    if (h.scope === "log") {
      if (events !== cp.size) {
        return refuse(
          "order",
          `the bundle holds ${events} events, the checkpoint ${cp.size}: events after ${last?.position ?? 0} were dropped`,
          (last?.position ?? 0) + 1
        )
      }
      if ((last?.hash ?? "0".repeat(64)) !== cp.head.hash) {
        return refuse("chain", `the chain does not end at the checkpoint's head ${shortHash(cp.head.hash)}`, cp.size)
      }
      const root = tree.root()
      if (root !== cp.root) {
        return refuse("tree", `the Merkle root of the bundle's events ${shortHash(root)} is not the checkpoint's`)
      }
    } else if (!versions.has(`program-${h.program}`)) {
      return refuse("order", `the bundle holds no event of program ${h.program}`)
    }
    passed.set("content", `${events} content hashes recomputed from the events' fields (ports/Hashing canonical JSON)`)
    passed.set(
      "chain",
      h.scope === "log"
        ? `${links} links from the genesis hash to the checkpoint's head ${shortHash(cp.head.hash)}`
        : `${events} hashes recomputed, ${links} links between consecutive events checked`
    )
    passed.set(
      "order",
      h.scope === "log"
        ? `positions 1 to ${cp.size}, none missing; ${versions.size} streams with gap-free versions`
        : `positions increasing up to ${cp.size}; program-${h.program} versions 1 to ${versions.get(`program-${h.program}`)}, ${events - (versions.get(`program-${h.program}`) ?? 0)} certificate-number events of the program`
    )
    passed.set(
      "proofs",
      proofs === 0 ? "" : `${proofs} inclusion proofs lead to the checkpoint's root ${shortHash(cp.root)}`
    )
    if (h.scope === "log")
      passed.set("tree", `the Merkle root of ${events} events is the checkpoint's ${shortHash(cp.root)}`)
    const digestHex = digest.hex()
    if (manifest.count !== events || h.count !== events) {
      return refuse(
        "manifest",
        `the bundle holds ${events} events, the manifest counts ${manifest.count} and the header ${h.count}: events were dropped or added`
      )
    }
    if (manifest.digest !== digestHex) {
      return refuse("manifest", "the digest of the events is not the manifest's: events were dropped, added or moved")
    }
    const text = BundleFormat.manifestText({
      logId: h.logId,
      scope: h.scope,
      program: h.program,
      size: cp.size,
      root: cp.root,
      count: manifest.count,
      digest: manifest.digest
    })
    if (!Crypto.verify(null, Buffer.from(text, "utf8"), publicKey, Buffer.from(manifest.signature, "base64"))) {
      return refuse(
        "manifest",
        "the manifest's signature does not verify under the supplied key: the checkpoint, the scope or the events are not the ones the facility signed"
      )
    }
    passed.set("manifest", `${events} events, digest ${shortHash(digestHex)}, signed by ${suppliedFingerprint}`)
    passed.set(
      "replay",
      `${replayed} events decoded${notReplayed > 0 ? ` (${notReplayed} of types outside the ledger skipped)` : ""}; program summaries of ${summaries.size} program${summaries.size === 1 ? "" : "s"} folded from the bundle alone`
    )
  }

  const order: ReadonlyArray<CheckName> = [
    "header",
    "key",
    "checkpoint",
    "content",
    "chain",
    "order",
    "proofs",
    "tree",
    "manifest",
    "replay"
  ]

  const report = (): BundleReport => {
    const checks = order.map((name): Check => {
      if (failure?.check === name) return { name, status: "failed", detail: failure.reason }
      const detail = passed.get(name)
      if (detail !== undefined && detail !== "") return { name, status: "passed", detail }
      if (failure === undefined) {
        return {
          name,
          status: "skipped",
          detail:
            name === "tree"
              ? "a program bundle proves each event by its inclusion proof"
              : "the bundle carries no inclusion proofs: the whole tree is recomputed instead"
        }
      }
      return { name, status: "not run", detail: "an earlier check failed" }
    })
    return {
      _tag: failure === undefined ? "Verified" : "Refused",
      file,
      scope: header?.scope,
      program: header?.program,
      logId: header?.logId,
      keyFingerprint: suppliedFingerprint,
      checkpoint,
      events,
      checks,
      reason: failure?.reason,
      position: failure?.position,
      line: failure === undefined ? undefined : lineNo,
      programs:
        failure === undefined
          ? [...summaries].map(([programId, state]) => ({ programId, summary: ProgramSummary.view(state) }))
          : []
    }
  }

  const guard = (f: () => void): boolean => {
    if (failure !== undefined) return false
    try {
      f()
      return true
    } catch (error) {
      if (error instanceof Refusal) {
        failure = error
        return false
      }
      throw error
    }
  }

  return {
    /** Feeds the next line; false once the bundle is refused (the rest need not be read). */
    line: (text: string): boolean =>
      guard(() => {
        lineNo++
        if (text.trim() === "") return refuse(lineNo === 1 ? "header" : "content", `line ${lineNo} is empty`)
        let json: unknown
        try {
          json = JSON.parse(text)
        } catch (error) {
          return refuse(
            lineNo === 1 ? "header" : "content",
            `line ${lineNo} is not JSON (${error instanceof Error ? error.message : String(error)}): the file was changed`
          )
        }
        if (lineNo === 1) return onHeader(json)
        if (manifest !== undefined) return refuse("manifest", `line ${lineNo} follows the manifest: lines were added`)
        if (typeof json === "object" && json !== null && "end" in json) return onManifest(json)
        return onEvent(json)
      }),
    /** The report, once every line was fed. */
    finish: (): BundleReport => {
      if (lineNo === 0) guard(() => refuse("header", "the file is empty"))
      else guard(finish)
      return report()
    }
  }
}

/**
 * Verifies a bundle read as lines.
 *
 * @since 0.2.0
 * @category verifying
 */
export const verifyLines = <E>(
  file: string,
  lines: Stream.Stream<string, E>,
  publicKey: Crypto.KeyObject
): Effect.Effect<BundleReport, E> =>
  Effect.suspend(() => {
    const checker = makeChecker(file, publicKey)
    return Effect.map(Stream.runDrain(Stream.takeWhile(lines, (text) => checker.line(text))), () => checker.finish())
  })

/**
 * Verifies a bundle file against the facility's public key.
 *
 * @since 0.2.0
 * @category verifying
 */
export const verifyFile = (path: string, publicKey: Crypto.KeyObject): Effect.Effect<BundleReport, BundleReadError> =>
  verifyLines(path, fileLines(path), publicKey)

/**
 * The report as an auditor reads it: one line per check, then the verdict and, for a verified
 * bundle, each program's summary in brief.
 *
 * @since 0.2.0
 * @category rendering
 */
export const render = (report: BundleReport): string => {
  const lines: Array<string> = []
  lines.push(
    `bundle ${report.file}: ${report.scope === undefined ? "?" : report.scope === "log" ? "the whole log" : `program ${report.program}`}, ${report.events} events read`
  )
  lines.push(`key    ${report.keyFingerprint} (supplied)`)
  for (const check of report.checks) {
    const mark =
      check.status === "passed"
        ? "ok  "
        : check.status === "failed"
          ? "FAIL"
          : check.status === "skipped"
            ? "--  "
            : "..  "
    lines.push(`${mark} ${check.name.padEnd(10)} ${check.status === "not run" ? "not run" : check.detail}`)
  }
  for (const { summary } of report.programs) {
    const kinds = (c: ProgramSummary.ByKind) =>
      `${c.total} (officer ${c.officer}, inmate ${c.inmate}, detainee ${c.detainee})`
    lines.push(
      `program ${summary.programId}: ${summary.title}, ${summary.status}; enrolled ${kinds(summary.enrolled)}, ` +
        `completed ${kinds(summary.completed)}, certified ${kinds(summary.certified)}; sessions held ${summary.sessionsHeld}` +
        `${summary.attendanceRate === undefined ? "" : `, attendance ${(summary.attendanceRate * 100).toFixed(1)} %`}; ` +
        `${summary.certificates.length} certificates`
    )
  }
  lines.push(
    report._tag === "Verified"
      ? "VERIFIED: every hash, proof and signature checks, and the read models were replayed from the bundle alone"
      : `REFUSED: ${report.reason}`
  )
  return lines.join("\n")
}
