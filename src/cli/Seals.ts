/**
 * Seals on the command line: what `seal` writes (the unsigned seal `{ position, hash, sealedAt }`,
 * the format `Checkpoint.decodeSealFile` reads back, as do `verify --seal` and `check-seal`), how
 * a seal is read (a file, or `-` for stdin; a signed checkpoint file too), and the verdict of a
 * log against a seal.
 *
 * The verdict, once the chain has been recomputed:
 * - the chain is broken: `ChainBroken` (a seal proves nothing about a log that no longer links);
 * - the log ends before the seal's position: `LogShorterThanSeal`;
 * - the event at the seal's position has another hash although the chain up to it is intact:
 *   `AnotherLog` (another database, or a log rewritten with recomputed hashes);
 * - otherwise the log only grew since the seal.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { readFileSync } from "node:fs"
import * as Checkpoint from "../audit/Checkpoint.js"
import * as Keys from "../audit/Keys.js"
import { EventStore, GenesisHash, type LogHead } from "../ports/EventStore.js"
import type { Seal, VerifyReport } from "../ports/LogAudit.js"
import { AnotherLog, ChainBroken, LogShorterThanSeal, SealFileNotFound } from "./Failures.js"

/**
 * The text `seal` writes: the unsigned seal as JSON (2-space indented, trailing newline).
 *
 * @since 0.2.0
 * @category files
 */
export const encode = (seal: Seal): string =>
  JSON.stringify({ position: seal.position, hash: seal.hash, sealedAt: seal.sealedAt.toISOString() }, null, 2) + "\n"

/** All of stdin (a pipe may not be readable yet: read it as a stream, not with a blocking read). */
const readStdin = (): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    process.stdin.on("data", (chunk: Buffer) => chunks.push(chunk))
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    process.stdin.on("error", reject)
  })

const reasonOf = (error: unknown) =>
  (error as NodeJS.ErrnoException)?.code === "ENOENT" ? "no such file" : String((error as Error)?.message ?? error)

/**
 * Reads and decodes a seal: a file path, or `-` for stdin.
 *
 * @since 0.2.0
 * @category files
 */
export const read = (
  source: string
): Effect.Effect<Checkpoint.SealFile, SealFileNotFound | Checkpoint.MalformedCheckpoint> =>
  Effect.flatMap(
    source === "-"
      ? Effect.tryPromise({
          try: readStdin,
          catch: (error) => new SealFileNotFound({ path: "(stdin)", reason: reasonOf(error) })
        })
      : Effect.try({
          try: () => readFileSync(source, "utf8"),
          catch: (error) => new SealFileNotFound({ path: source, reason: reasonOf(error) })
        }),
    Checkpoint.decodeSealFile
  )

/**
 * The seal given as `--position N --hash H`, checked like a file's fields.
 *
 * @since 0.2.0
 * @category files
 */
export const fromFlags = (position: number, hash: string): Effect.Effect<LogHead, Checkpoint.MalformedCheckpoint> =>
  !Number.isSafeInteger(position) || position < 0
    ? Effect.fail(new Checkpoint.MalformedCheckpoint({ field: "--position", rule: "a whole number from 0" }))
    : !/^[0-9a-f]{64}$/.test(hash)
      ? Effect.fail(
          new Checkpoint.MalformedCheckpoint({
            field: "--hash",
            rule: "64 lowercase hexadecimal digits (a SHA-256 digest)"
          })
        )
      : Effect.succeed({ position, hash })

/**
 * The chain head a seal file states.
 *
 * @since 0.2.0
 * @category files
 */
export const headOf = (seal: Checkpoint.SealFile): LogHead =>
  seal._tag === "SignedCheckpoint" ? seal.head : { position: seal.position, hash: seal.hash }

/**
 * Verifies a signed checkpoint's signature with the public key file, when one is given; returns
 * the key's fingerprint when checked.
 *
 * @since 0.2.0
 * @category signatures
 */
export const checkSignature = (seal: Checkpoint.SealFile, keyFile: Option.Option<string>) =>
  Effect.gen(function* () {
    if (seal._tag !== "SignedCheckpoint" || Option.isNone(keyFile)) return Option.none<string>()
    const key = yield* Keys.loadPublicKey(keyFile.value)
    yield* Checkpoint.verify(seal, key)
    return Option.some(Keys.fingerprint(key))
  })

/**
 * What a log is, measured against a seal.
 *
 * @since 0.2.0
 * @category models
 */
export type Verdict =
  | { readonly _tag: "Grew"; readonly from: number; readonly to: number }
  | ChainBroken
  | LogShorterThanSeal
  | AnotherLog

/**
 * The verdict of the log (its `verify()` report in hand) against a seal.
 *
 * @since 0.2.0
 * @category checking
 */
export const verdict = (seal: LogHead, report: VerifyReport) =>
  Effect.gen(function* () {
    if (report._tag === "Broken") {
      return new ChainBroken({ position: report.position, damage: report.damage, reason: report.reason }) as Verdict
    }
    const head = report.head
    if (head.position < seal.position) {
      return new LogShorterThanSeal({ head: head.position, sealPosition: seal.position }) as Verdict
    }
    const store = yield* EventStore
    const logHash =
      seal.position === 0
        ? GenesisHash
        : yield* store
            .readAll({ fromPosition: seal.position, toPosition: seal.position, batchSize: 1 })
            .pipe(Stream.runHead, Effect.map(Option.match({ onNone: () => "", onSome: (e) => e.hash })))
    if (logHash !== seal.hash) {
      return new AnotherLog({ position: seal.position, sealHash: seal.hash, logHash }) as Verdict
    }
    return { _tag: "Grew", from: seal.position, to: head.position } as Verdict
  })
