/**
 * `verify [--seal <file>|-] [--key <public key>]`: recompute the hash chain of the whole log;
 * with a seal, prove that the log only grew since it.
 *
 * @since 0.2.0
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Checkpoint from "../../audit/Checkpoint.js"
import { LogAudit } from "../../ports/LogAudit.js"
import * as Consistency from "../../audit/Consistency.js"
import { ChainBroken, TreeDoesNotExtend } from "../Failures.js"
import * as Help from "../Help.js"
import { type Labels, labels, type Lang } from "../Labels.js"
import * as Options from "../Options.js"
import * as Output from "../Output.js"
import * as Seals from "../Seals.js"
import * as Store from "../Store.js"

/** The kind of damage in the language, with the code (`changed`...) when the word differs. */
const damage = (l: Labels, code: string) => {
  const word = l.damage[code] ?? code
  return word === code ? code : `${word} (${code})`
}

/**
 * What to check the log against.
 *
 * @since 0.2.0
 * @category models
 */
export type SealSource =
  | { readonly _tag: "File"; readonly source: string }
  | { readonly _tag: "Flags"; readonly position: number; readonly hash: string }

/**
 * The walk, and the verdict against a seal when one is given: shared by `verify` and `check-seal`.
 *
 * @since 0.2.0
 * @category commands
 */
export const run = (args: {
  readonly db: Option.Option<string>
  readonly json: boolean
  readonly lang: Option.Option<Lang>
  readonly seal: Option.Option<SealSource>
  readonly key: Option.Option<string>
}) =>
  Store.readOnly(args.db)(() =>
    Effect.gen(function* () {
      // The seal is read before the walk: a malformed or missing seal fails fast.
      const file: Option.Option<Checkpoint.SealFile> = Option.isSome(args.seal)
        ? args.seal.value._tag === "File"
          ? Option.some(yield* Seals.read(args.seal.value.source))
          : Option.none()
        : Option.none()
      const sealHead = Option.isSome(args.seal)
        ? Option.some(
            args.seal.value._tag === "Flags"
              ? yield* Seals.fromFlags(args.seal.value.position, args.seal.value.hash)
              : Seals.headOf(Option.getOrThrow(file))
          )
        : Option.none()
      const signedBy = Option.isSome(file) ? yield* Seals.checkSignature(file.value, args.key) : Option.none()

      const zone = yield* Store.firstZone
      const timeZone = Option.getOrElse(zone, () => "UTC")
      const l = labels(Store.language(args.lang, zone))

      const bar = Output.progress(l.checked)
      const report = yield* (yield* LogAudit).verify({ onProgress: bar.update }).pipe(Effect.ensuring(bar.clear))

      if (Option.isNone(sealHead)) {
        if (args.json) {
          yield* Output.printJson(
            report._tag === "Intact"
              ? { intact: true, checked: report.checked, head: report.head }
              : { intact: false, ...report, _tag: undefined }
          )
        } else if (report._tag === "Intact") {
          yield* Output.print(
            `${l.intact}: ${report.checked} ${l.checked}, ${l.head} #${report.head.position} ${report.head.hash}`
          )
        } else {
          yield* Output.print(
            `${l.broken}: ${l.firstBadPosition} #${report.position}, ${l.damageHeading}: ${damage(l, report.damage)}`,
            `  ${report.reason}`,
            `  ${report.checked} ${l.checked}`
          )
        }
        if (report._tag === "Broken") {
          return yield* new ChainBroken({ position: report.position, damage: report.damage, reason: report.reason })
        }
        return
      }

      const seal = sealHead.value
      const verdict = yield* Seals.verdict(seal, report)
      // A signed checkpoint also states the Merkle root: the tree now must extend it (a consistency
      // proof), which a log rewritten with recomputed hashes cannot fake.
      const tree =
        verdict._tag === "Grew" && Option.isSome(file) && file.value._tag === "SignedCheckpoint"
          ? Option.some(yield* Consistency.checkSeal(file.value, "seal"))
          : Option.none()
      const treeCheck = Option.flatMap(tree, (r) => Option.fromNullable(r.checks.find((c) => c.name === "tree")))
      const notes = [
        ...(Option.isSome(file) && file.value._tag === "SignedCheckpoint"
          ? [
              Option.match(signedBy, { onNone: () => l.signatureNotChecked, onSome: l.signatureChecked }),
              Option.match(treeCheck, { onNone: () => l.rootNotChecked, onSome: (c) => `Merkle: ${c.detail}` })
            ]
          : []),
        ...(Option.isSome(file) && file.value._tag === "UnsignedSeal"
          ? [`${l.sealedAt} ${Output.formatInstant(file.value.sealedAt, timeZone)}`]
          : [])
      ]
      if (args.json) {
        yield* Output.printJson({
          seal,
          sealFormat: Option.match(file, { onNone: () => "flags", onSome: (f) => f._tag }),
          signatureVerifiedWith: Option.getOrNull(signedBy),
          verdict:
            verdict._tag === "Grew"
              ? { grewOnly: true, from: verdict.from, to: verdict.to }
              : { grewOnly: false, ...verdict, message: verdict.message },
          chain:
            report._tag === "Intact"
              ? { intact: true, checked: report.checked, head: report.head }
              : { intact: false, ...report, _tag: undefined }
        })
      } else {
        const head = report._tag === "Intact" ? `, ${l.head} #${report.head.position}` : ""
        const line =
          verdict._tag === "Grew"
            ? `${l.intact}: ${l.grewOnly(verdict.from, verdict.to)}`
            : verdict._tag === "LogShorterThanSeal"
              ? `${l.broken}: ${l.shorter(verdict.head, verdict.sealPosition)}`
              : verdict._tag === "AnotherLog"
                ? `${l.broken}: ${l.anotherLog(verdict.position)}`
                : `${l.broken}: ${l.firstBadPosition} #${verdict.position}, ${l.damageHeading}: ` +
                  `${damage(l, verdict.damage)}; ${verdict.reason}`
        yield* Output.print(
          line,
          `  ${l.sealAt} #${seal.position} ${seal.hash}${head}`,
          ...notes.map((note) => `  ${note}`)
        )
      }
      if (verdict._tag !== "Grew") return yield* verdict
      if (Option.isSome(tree) && tree.value._tag === "Changed") {
        return yield* new TreeDoesNotExtend({
          sealedSize: tree.value.sealedSize,
          reason: tree.value.reason ?? "the consistency proof does not hold"
        })
      }
    })
  )

/**
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make(
  "verify",
  { ...Options.common, seal: Options.seal, key: Options.key },
  ({ seal, ...args }) => run({ ...args, seal: Option.map(seal, (source) => ({ _tag: "File" as const, source })) })
).pipe(
  Command.withDescription(
    Help.doc(
      "Recompute the hash chain of the whole log (every event's content hash and its link to the one before). " +
        "Exit 0 when intact; otherwise exit 1 with the first bad position and the kind of damage: " +
        "changed, missing, inserted or reordered.",
      [
        "With --seal (a file that `seal --out` wrote, the JSON `seal` prints, or a signed checkpoint; - reads it " +
          "from stdin): also prove that the log only grew since the seal. It says 'shorter than the seal' when the " +
          "log ends before the seal's position, and 'another log' when the chain is intact but the event at the " +
          "seal's position has another hash (another database, or a rewritten log). Exit 1 in both cases.",
        "A progress bar shows on a terminal (stderr); nothing when piped."
      ],
      [
        "training-ledger verify --db sqlite:./demo.sqlite",
        "training-ledger verify --db sqlite:./demo.sqlite --seal seal.json",
        "training-ledger seal --db sqlite:./demo.sqlite | training-ledger verify --db sqlite:./demo.sqlite --seal -",
        "TRAINING_LEDGER_DB=postgres://auditor@db:5432/ledger training-ledger verify --json"
      ]
    )
  )
)
