/**
 * Writes an export bundle (`BundleFormat.ts`): the whole log, or one program, with a checkpoint
 * signed by the facility's key, each event's inclusion proof against it, and the signed manifest.
 *
 * Streamed: the rows are read in pages of 500 (their proofs in one read per page) and written as
 * they come, so a log of a million events is never held in memory. The file is written under a
 * temporary name beside the target and renamed when complete: a failed export leaves no partial
 * bundle. An existing file is never overwritten.
 *
 * A program bundle holds the program's stream (`program-<id>`, from version 1) and the
 * certificate-numbering events that allocated the numbers of its certificates: those of the
 * numbering streams `certificate-numbering-<issuer>-<year>` of its certificates' issuers (for the
 * UTC year of issue and the years beside it, as the local year may differ) whose `programId` is
 * the program. Events appended after the checkpoint are left out.
 *
 * @since 0.2.0
 */
import * as Chunk from "effect/Chunk"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Path from "node:path"
import * as Numbering from "../domain/CertificateNumbering.js"
import type { EventStoreError } from "../ports/EventStore.js"
import { type CheckpointError, type InvalidProofRequest, LogAudit } from "../ports/LogAudit.js"
import { type LogRow, LogTransfer } from "../ports/LogTransfer.js"
import * as BundleFormat from "./BundleFormat.js"
import * as Checkpoint from "./Checkpoint.js"
import * as Keys from "./Keys.js"

/**
 * @since 0.2.0
 * @category models
 */
export interface ExportOptions {
  /** The bundle file to write (must not exist). */
  readonly out: string
  /** The facility's Ed25519 private key: signs the checkpoint and the manifest. */
  readonly signWith: Crypto.KeyObject
  /** Export this program only (default: the whole log). */
  readonly program?: string | undefined
  /** A whole-log bundle: add each event's inclusion proof (default false: the verifier recomputes the whole tree). */
  readonly proofs?: boolean | undefined
}

/**
 * What was written.
 *
 * @since 0.2.0
 * @category models
 */
export interface ExportReport {
  readonly file: string
  readonly scope: "log" | "program"
  readonly program?: string | undefined
  readonly logId: string
  readonly count: number
  readonly keyFingerprint: string
  readonly checkpoint: Checkpoint.SignedCheckpoint
  readonly digest: string
  readonly bytes: number
}

/**
 * The bundle file cannot be written (it exists, the directory is missing, the disk is full).
 *
 * @since 0.2.0
 * @category errors
 */
export class BundleWriteError extends Schema.TaggedError<BundleWriteError>()("BundleWriteError", {
  path: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `Cannot write the bundle ${this.path}: ${this.reason}`
  }
}

/**
 * The log holds no event of the program (up to the checkpoint).
 *
 * @since 0.2.0
 * @category errors
 */
export class ProgramNotInLog extends Schema.TaggedError<ProgramNotInLog>()("ProgramNotInLog", {
  program: Schema.String
}) {
  override get message() {
    return `The log holds no event of program ${this.program}`
  }
}

/**
 * @since 0.2.0
 * @category errors
 */
export type ExportError = CheckpointError | InvalidProofRequest | EventStoreError | BundleWriteError | ProgramNotInLog

const reasonOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** A file written in order, flushed in blocks of about 256 KB, waiting for the disk when it lags. */
const openWriter = (path: string) =>
  Effect.acquireRelease(
    Effect.try({
      try: () => Fs.createWriteStream(path, { flags: "wx", mode: 0o644 }),
      catch: (error) => new BundleWriteError({ path, reason: reasonOf(error) })
    }),
    (stream) => Effect.async<void>((resume) => void stream.end(() => resume(Effect.void)))
  ).pipe(
    Effect.map((stream) => {
      let buffer = ""
      let bytes = 0
      let failure: unknown
      stream.on("error", (error) => (failure = error))
      const flush = Effect.async<void, BundleWriteError>((resume) => {
        if (failure !== undefined) return resume(Effect.fail(new BundleWriteError({ path, reason: reasonOf(failure) })))
        const text = buffer
        buffer = ""
        bytes += Buffer.byteLength(text)
        stream.write(text, (error) =>
          resume(error ? Effect.fail(new BundleWriteError({ path, reason: reasonOf(error) })) : Effect.void)
        )
      })
      return {
        line: (text: string) =>
          Effect.suspend(() => {
            buffer += text + "\n"
            return buffer.length >= 262_144 ? flush : Effect.void
          }),
        close: Effect.suspend(() =>
          Effect.zipRight(
            flush,
            Effect.sync(() => bytes)
          )
        )
      }
    })
  )

/** One event line, from the row as stored (its JSON texts are canonical JSON, written as they are). */
const eventLine = (row: LogRow, proof: ReadonlyArray<string> | undefined): string =>
  `{"position":${row.position},"streamId":${JSON.stringify(row.streamId)},"version":${row.version},` +
  `"eventId":${JSON.stringify(row.eventId)},"type":${JSON.stringify(row.type)},"schemaVersion":${row.schemaVersion},` +
  `"data":${row.dataJson},"metadata":${row.metadataJson},"occurredAt":${JSON.stringify(row.occurredAt)},` +
  `"recordedAt":${JSON.stringify(row.recordedAt)},"contentHash":"${row.contentHash}","prevHash":"${row.prevHash}",` +
  `"hash":"${row.hash}"${proof === undefined ? "" : `,"proof":${JSON.stringify(proof)}`}}`

const certificateTypes = new Set(["CertificateIssued", "CertificateReissued"])

/** The rows of a program bundle, in position order, up to `size`. */
const programRows = (program: string, size: number) =>
  Effect.gen(function* () {
    const transfer = yield* LogTransfer
    const own = (yield* transfer.streamRows(`program-${program}`)).filter((row) => row.position <= size)
    if (own.length === 0) return yield* new ProgramNotInLog({ program })
    // The numbering streams its certificates drew from: the issuer's, for the UTC year of issue
    // and the years beside it (the number takes the facility's local year).
    const streams = new Set<string>()
    for (const row of own) {
      if (!certificateTypes.has(row.type)) continue
      const data = JSON.parse(row.dataJson) as { readonly issuer?: unknown; readonly issuedAt?: unknown }
      const year = typeof data.issuedAt === "string" ? new Date(data.issuedAt).getUTCFullYear() : Number.NaN
      if (typeof data.issuer !== "string" || !Number.isInteger(year)) continue
      for (const y of [year - 1, year, year + 1]) streams.add(Numbering.streamId(data.issuer, y))
    }
    const numbering: Array<LogRow> = []
    for (const streamId of streams) {
      for (const row of yield* transfer.streamRows(streamId)) {
        if (row.position > size) continue
        const data = JSON.parse(row.dataJson) as { readonly programId?: unknown }
        if (data.programId === program) numbering.push(row)
      }
    }
    return [...own, ...numbering].sort((a, b) => a.position - b.position)
  })

/**
 * Writes the bundle: signs a checkpoint of the current head, then streams the events with their
 * proofs, then the signed manifest.
 *
 * @since 0.2.0
 * @category exporting
 */
export const exportBundle = (
  options: ExportOptions
): Effect.Effect<ExportReport, ExportError, LogAudit | LogTransfer> =>
  Effect.gen(function* () {
    const audit = yield* LogAudit
    const transfer = yield* LogTransfer
    const out = Path.resolve(options.out)
    if (Fs.existsSync(out)) {
      return yield* new BundleWriteError({ path: out, reason: "the file exists: a bundle is never overwritten" })
    }
    const checkpoint = yield* audit.checkpoint({ signWith: options.signWith })
    const size = checkpoint.size
    const scope = options.program === undefined ? "log" : "program"
    const selected = options.program === undefined ? undefined : yield* programRows(options.program, checkpoint.size)
    const count = selected === undefined ? size : selected.length
    const withProofs = scope === "program" || options.proofs === true
    const rows: Stream.Stream<LogRow, EventStoreError> =
      selected === undefined ? transfer.rows({ to: size }) : Stream.fromIterable(selected)

    const partial = `${out}.partial-${process.pid}`
    const result = yield* Effect.scoped(
      Effect.gen(function* () {
        const writer = yield* openWriter(partial)
        const header: BundleFormat.Header = {
          format: BundleFormat.format,
          scope,
          ...(options.program === undefined ? {} : { program: options.program }),
          logId: checkpoint.logId,
          count,
          keyFingerprint: checkpoint.keyFingerprint,
          checkpoint: JSON.parse(Checkpoint.encodeSignedCheckpoint(checkpoint))
        }
        yield* writer.line(JSON.stringify(header))
        const digest = BundleFormat.makeDigest()
        let written = 0
        yield* Stream.runForEachChunk(Stream.rechunk(rows, 500), (chunk) =>
          Effect.gen(function* () {
            const page = Chunk.toReadonlyArray(chunk)
            const proofs = withProofs
              ? yield* audit.inclusionProofs(
                  page.map((row) => row.position),
                  size
                )
              : undefined
            for (let i = 0; i < page.length; i++) {
              digest.add(page[i].position, page[i].contentHash)
              yield* writer.line(eventLine(page[i], proofs?.[i].proof))
            }
            written += page.length
          })
        )
        if (written !== count) {
          return yield* new BundleWriteError({
            path: out,
            reason: `${written} events were read where the checkpoint promised ${count}: the log changed underneath`
          })
        }
        const digestHex = digest.hex()
        const text = BundleFormat.manifestText({
          logId: checkpoint.logId,
          scope,
          program: options.program,
          size,
          root: checkpoint.root,
          count,
          digest: digestHex
        })
        const signature = Crypto.sign(null, Buffer.from(text, "utf8"), options.signWith).toString("base64")
        const manifest: BundleFormat.Manifest = { end: BundleFormat.format, count, digest: digestHex, signature }
        yield* writer.line(JSON.stringify(manifest))
        return { digest: digestHex, bytes: yield* writer.close }
      })
    ).pipe(Effect.tapError(() => Effect.sync(() => Fs.rmSync(partial, { force: true }))))
    yield* Effect.try({
      try: () => Fs.linkSync(partial, out),
      catch: (error) => new BundleWriteError({ path: out, reason: reasonOf(error) })
    }).pipe(Effect.ensuring(Effect.sync(() => Fs.rmSync(partial, { force: true }))))
    return {
      file: out,
      scope,
      ...(options.program === undefined ? {} : { program: options.program }),
      logId: checkpoint.logId,
      count,
      keyFingerprint: Keys.fingerprint(options.signWith),
      checkpoint,
      digest: result.digest,
      bytes: result.bytes
    } satisfies ExportReport
  })
