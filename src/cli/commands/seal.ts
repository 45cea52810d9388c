/**
 * `seal [--out <file>]`: the log's head, stamped, in the format `verify --seal` reads back.
 *
 * @since 0.2.0
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Checkpoint from "../../audit/Checkpoint.js"
import * as Keys from "../../audit/Keys.js"
import { LogAudit } from "../../ports/LogAudit.js"
import * as Help from "../Help.js"
import { labels } from "../Labels.js"
import * as Options from "../Options.js"
import * as Output from "../Output.js"
import * as Seals from "../Seals.js"
import * as Store from "../Store.js"

/**
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make(
  "seal",
  {
    ...Options.common,
    out: Options.out("the seal"),
    force: Options.force("Replace an existing --out file."),
    signKey: Options.signKey
  },
  ({ db, force, json, lang, out, signKey }) =>
    Store.readOnly(db)(() =>
      Effect.gen(function* () {
        if (Option.isSome(signKey)) {
          // A signed checkpoint: log id, size, Merkle root, time and the chain's head, signed.
          const key = yield* Keys.loadPrivateKey(signKey.value)
          const checkpoint = yield* (yield* LogAudit).checkpoint({ signWith: key })
          const text = Checkpoint.encodeSignedCheckpoint(checkpoint)
          if (Option.isNone(out)) return yield* Output.print(text.trimEnd())
          yield* Output.writeNewFile(out.value, text, force)
          return yield* json
            ? Output.printJson({ ...JSON.parse(text), file: out.value })
            : Output.print(
                `signed checkpoint: log ${checkpoint.logId}, ${checkpoint.size} events, root ${checkpoint.root}`,
                `  key ${checkpoint.keyFingerprint} -> ${out.value}`
              )
        }
        const seal = yield* (yield* LogAudit).seal()
        const text = Seals.encode(seal)
        if (Option.isNone(out)) return yield* Output.print(text.trimEnd())
        yield* Output.writeNewFile(out.value, text, force)
        if (json) {
          return yield* Output.printJson({ ...seal, sealedAt: seal.sealedAt.toISOString(), file: out.value })
        }
        const zone = yield* Store.firstZone
        const l = labels(Store.language(lang, zone))
        yield* Output.print(
          `${l.sealAt} #${seal.position} ${seal.hash}`,
          `${l.sealedAt} ${Output.formatInstant(
            seal.sealedAt,
            Option.getOrElse(zone, () => "UTC")
          )} -> ${out.value}`
        )
      })
    )
).pipe(
  Command.withDescription(
    Help.doc(
      "Take a seal: the log's head (last position and its hash), stamped with the time. Keep it outside the " +
        "database; `verify --seal` (or `check-seal --seal`) proves later that the log only grew since.",
      [
        "With --sign-key (a private key from `keys generate`) the seal is a signed checkpoint: the log's id, its " +
          "size, the root of its Merkle tree, the time and the chain's head, signed with Ed25519; `verify --seal " +
          "<file> --key <public key>` then also proves, by a consistency proof, that the tree only grew.",
        'Without --out the seal is printed on stdout as JSON { "position", "hash", "sealedAt" }; with --out it is ' +
          "written to the file (an existing file is kept unless --force)."
      ],
      [
        "training-ledger seal --db sqlite:./demo.sqlite --out seal-2024-09-07.json",
        "training-ledger seal --db sqlite:./demo.sqlite > seal.json",
        "training-ledger seal --db sqlite:./demo.sqlite --sign-key keys/ledger-signing.key --out checkpoint.json"
      ]
    )
  )
)
