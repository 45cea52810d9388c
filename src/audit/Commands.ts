/**
 * The auditors' commands on proofs, as functions the command line registers (each returns what
 * to print, as text and as JSON, and whether it succeeded: exit code 1 when not):
 *
 * | command | function | needs |
 * | --- | --- | --- |
 * | `keys generate --out <dir>` | {@link keysGenerate} | nothing |
 * | `seal --sign-key <file> [--out <file>]` | {@link seal} | the store (`LogAudit`) |
 * | `verify --seal <file> [--key <pem>]` | {@link verifySeal} | the store (`LogAudit`) |
 * | `export [--program <id>] --out <file> --sign-key <file> [--proofs]` | {@link exportBundle} | the store |
 * | `audit verify-bundle <file> --key <pem>` | {@link verifyBundle} | nothing: offline, no `--db` |
 * | `import <file> --key <pem> --db <url>` | {@link importBundle} | the target store, empty |
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Fs from "node:fs"
import type { EventStoreError } from "../ports/EventStore.js"
import { type CheckpointError, LogAudit } from "../ports/LogAudit.js"
import type { LogTransfer } from "../ports/LogTransfer.js"
import * as Bundle from "./Bundle.js"
import * as Checkpoint from "./Checkpoint.js"
import * as Consistency from "./Consistency.js"
import * as Import from "./Import.js"
import * as Keys from "./Keys.js"
import * as VerifyBundle from "./VerifyBundle.js"

/**
 * What a command prints: `text` for a person, `json` with `--json`; `ok` false means exit code 1.
 *
 * @since 0.2.0
 * @category models
 */
export interface CommandOutput {
  readonly ok: boolean
  readonly text: string
  readonly json: unknown
}

/**
 * Reading a key file failed.
 *
 * @since 0.2.0
 * @category errors
 */
export type KeyError = Keys.KeyFileMissing | Keys.NotAKey | Keys.WrongKeyType | Keys.KeyFileError

/**
 * `keys generate --out <dir>`: a new Ed25519 key pair (private key 0600, public key 0644; never
 * overwritten).
 *
 * @since 0.2.0
 * @category commands
 */
export const keysGenerate = (options: {
  readonly out: string
}): Effect.Effect<CommandOutput, Keys.KeyFileExists | Keys.KeyFileError> =>
  Effect.map(Keys.generateKeyPair(options.out), (pair) => ({
    ok: true,
    json: pair,
    text: [
      `private key ${pair.privateKeyPath} (mode 0600: keep it with the operator, never in the database)`,
      `public key  ${pair.publicKeyPath} (give it to auditors)`,
      `fingerprint ${pair.fingerprint} (tell auditors through another channel than the file)`,
      pair.publicKeyPem.trimEnd()
    ].join("\n")
  }))

/**
 * `seal --sign-key <file> [--out <file>]`: a checkpoint of the log now, signed; written to
 * `--out` (never overwritten) or printed.
 *
 * @since 0.2.0
 * @category commands
 */
export const seal = (options: {
  readonly signKey: string
  readonly out?: string | undefined
}): Effect.Effect<CommandOutput, KeyError | CheckpointError | Bundle.BundleWriteError, LogAudit> =>
  Effect.gen(function* () {
    const key = yield* Keys.loadPrivateKey(options.signKey)
    const checkpoint = yield* (yield* LogAudit).checkpoint({ signWith: key })
    const text = Checkpoint.encodeSignedCheckpoint(checkpoint)
    if (options.out !== undefined) {
      const out = options.out
      yield* Effect.try({
        try: () => Fs.writeFileSync(out, text, { flag: "wx", mode: 0o644 }),
        catch: (error) =>
          new Bundle.BundleWriteError({ path: out, reason: error instanceof Error ? error.message : String(error) })
      })
    }
    return {
      ok: true,
      json: JSON.parse(text),
      text:
        options.out === undefined
          ? text.trimEnd()
          : `signed checkpoint of ${checkpoint.logId} at size ${checkpoint.size}, root ${checkpoint.root}, written to ${options.out}`
    }
  })

/**
 * `verify --seal <file> [--key <pem>]`: the log only grew since an older checkpoint (or legacy
 * seal); names the first position where it did not.
 *
 * @since 0.2.0
 * @category commands
 */
export const verifySeal = (options: {
  readonly seal: string
  readonly key?: string | undefined
}): Effect.Effect<CommandOutput, KeyError | Consistency.SealFileError | EventStoreError, LogAudit> =>
  Effect.gen(function* () {
    const key = options.key === undefined ? undefined : yield* Keys.loadPublicKey(options.key)
    const report = yield* Consistency.checkAgainstSeal(options.seal, key)
    return { ok: report._tag === "Grew", json: report, text: Consistency.render(report) }
  })

/**
 * `export [--program <id>] --out <file> --sign-key <file> [--proofs]`: the bundle.
 *
 * @since 0.2.0
 * @category commands
 */
export const exportBundle = (options: {
  readonly out: string
  readonly signKey: string
  readonly program?: string | undefined
  readonly proofs?: boolean | undefined
}): Effect.Effect<CommandOutput, KeyError | Bundle.ExportError, LogAudit | LogTransfer> =>
  Effect.gen(function* () {
    const key = yield* Keys.loadPrivateKey(options.signKey)
    const report = yield* Bundle.exportBundle({
      out: options.out,
      signWith: key,
      program: options.program,
      proofs: options.proofs
    })
    return {
      ok: true,
      json: report,
      text:
        `${report.file}: ${report.scope === "log" ? "the whole log" : `program ${report.program}`}, ${report.count} events, ` +
        `${report.bytes} bytes; checkpoint of ${report.logId} at size ${report.checkpoint.size}, root ${report.checkpoint.root}, ` +
        `signed by ${report.keyFingerprint}`
    }
  })

/**
 * `audit verify-bundle <file> --key <pem>`: offline, from the file and the public key alone.
 *
 * @since 0.2.0
 * @category commands
 */
export const verifyBundle = (options: {
  readonly file: string
  readonly key: string
}): Effect.Effect<CommandOutput, KeyError | VerifyBundle.BundleReadError> =>
  Effect.gen(function* () {
    const key = yield* Keys.loadPublicKey(options.key)
    const report = yield* VerifyBundle.verifyFile(options.file, key)
    return { ok: report._tag === "Verified", json: report, text: VerifyBundle.render(report) }
  })

/**
 * `import <file> --key <pem> --db <url>`: a verified whole-log bundle into the empty store.
 *
 * @since 0.2.0
 * @category commands
 */
export const importBundle = (options: {
  readonly file: string
  readonly key: string
}): Effect.Effect<CommandOutput, KeyError | Import.ImportError, LogAudit | LogTransfer> =>
  Effect.gen(function* () {
    const key = yield* Keys.loadPublicKey(options.key)
    const report = yield* Import.importBundle(options.file, key)
    const intact = report.verify._tag === "Intact"
    return {
      ok: intact,
      json: report,
      text: [
        `imported ${report.count} events of ${report.logId} from ${report.file}`,
        intact
          ? `the store verifies: chain and tree intact, head #${report.count}, root ${report.root}`
          : `the store does not verify after the import: ${report.verify._tag === "Broken" ? report.verify.reason : ""}`
      ].join("\n")
    }
  })
