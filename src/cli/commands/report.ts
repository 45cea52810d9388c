/**
 * `report <program-id> --format html|md|csv [--out <file>] [--show-names]`: the program's read
 * models as a document for the closing (penutupan) and the evaluation.
 *
 * @since 0.2.0
 */
import * as Command from "@effect/cli/Command"
import * as CliOptions from "@effect/cli/Options"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import { authorize, type NotAuthorised } from "../../policy/Authorize.js"
import * as Masking from "../../policy/Masking.js"
import { ParticipantRegistry } from "../../ports/ParticipantRegistry.js"
import { displayName } from "../../registry/Participant.js"
import * as AsOf from "../AsOf.js"
import { ConflictingOptions } from "../Failures.js"
import * as Help from "../Help.js"
import { labels } from "../Labels.js"
import * as Options from "../Options.js"
import * as Output from "../Output.js"
import { ReadModels } from "../ReadModelsPort.js"
import { ReportRenderer, type ReportFormat } from "../ReportRenderer.js"
import * as Store from "../Store.js"
import { programId } from "./history.js"

const format = CliOptions.choice("format", ["html", "md", "csv"]).pipe(
  CliOptions.withDescription(
    "html (one self-contained, printable page with charts; needs the packages vega and vega-lite), md " +
      "(Markdown) or csv (the tables, one section after another). Default md."
  ),
  CliOptions.withDefault("md" as const)
)

const showNames = CliOptions.boolean("show-names").pipe(
  CliOptions.withDescription(
    "Print the holders' names from the participant registry instead of masked ones, for a reader whose role the " +
      "access policy lets see them at the program's facility (--role, --facility): names are personal data."
  )
)

const role = CliOptions.text("role").pipe(
  CliOptions.withDescription(
    "The reader's role in the access policy (head-of-facility, program-officer, auditor, ...): needed by --show-names."
  ),
  CliOptions.optional
)

const facility = CliOptions.text("facility").pipe(
  CliOptions.withDescription("The reader's facility code (default: the program's facility)."),
  CliOptions.optional
)

/**
 * Whether names may be printed for the reader `--show-names` names: the policy's grant for the
 * certificate register at the program's facility must include the full name. A refused reader
 * is `NotAuthorised`; a reader granted the register without names sees them masked.
 */
const namesAllowed = (
  show: boolean,
  reader: { readonly role: Option.Option<string>; readonly facility: Option.Option<string> },
  programFacility: string
): Effect.Effect<boolean, ConflictingOptions | NotAuthorised> => {
  if (!show) return Effect.succeed(false)
  if (Option.isNone(reader.role))
    return Effect.fail(
      new ConflictingOptions({
        rule: "--show-names needs --role (and --facility when not the program's): names are shown only to a role the access policy allows"
      })
    )
  const grant = authorize(
    { id: "command-line", role: reader.role.value, facility: Option.getOrElse(reader.facility, () => programFacility) },
    { kind: "read", readModel: "certificate-register", facility: programFacility }
  )
  if (Either.isLeft(grant)) return Effect.fail(grant.left)
  return Effect.succeed(grant.right._tag === "ReadGrant" && grant.right.fields.includes("fullName"))
}

/**
 * A name masked for print: the project's one masking function (`policy/Masking.ts`).
 *
 * @since 0.2.0
 * @category masking
 */
export const mask = Masking.mask

/**
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make(
  "report",
  {
    ...Options.common,
    programId,
    format,
    out: Options.out("the report"),
    force: Options.force("Replace an existing --out file."),
    showNames,
    role,
    facility,
    keys: Options.keys,
    asOf: Options.asOf,
    recordedBy: Options.recordedBy
  },
  (args) =>
    Effect.gen(function* () {
      const asOf = yield* AsOf.parse(args.asOf, args.recordedBy)
      return yield* Store.readOnly(
        args.db,
        args.keys
      )(() =>
        Effect.gen(function* () {
          const view = yield* (yield* ReadModels).program(args.programId, asOf)
          const namesShown = yield* namesAllowed(args.showNames, args, view.summary.facility)
          const registry = yield* ParticipantRegistry
          const holders = new Map<string, string>()
          for (const id of new Set([
            ...view.roster.map((r) => r.participantId),
            ...view.certificates.map((c) => c.participantId)
          ])) {
            // Without the privacy keys no name can be read, masked or not: the report shows the id.
            const entry = yield* registry
              .get(id)
              .pipe(Effect.catchTag("PrivacyKeysNotConfigured", () => Effect.succeed(Option.none())))
            holders.set(
              id,
              Option.match(entry, {
                onNone: () => id,
                onSome: (p) => (namesShown || p.status === "erased" ? displayName(p) : mask(displayName(p)))
              })
            )
          }
          const lang = Store.language(args.lang, Option.some(view.timeZone))
          const input = {
            view,
            lang,
            holders,
            namesShown,
            cutoff: AsOf.describe(asOf, view.timeZone),
            generatedAt: new Date()
          }
          // --json without --out: the report's data itself, for a renderer of one's own
          if (args.json && Option.isNone(args.out)) {
            return yield* Output.printJson({
              ...input,
              holders: Array.from(holders, ([participantId, name]) => ({ participantId, name }))
            })
          }
          const text = yield* (yield* ReportRenderer).render(args.format as ReportFormat, input)
          if (Option.isNone(args.out)) return yield* Output.print(text.trimEnd())
          yield* Output.writeNewFile(args.out.value, text, args.force)
          const l = labels(lang)
          yield* args.json
            ? Output.printJson({
                programId: view.programId,
                format: args.format,
                file: args.out.value,
                bytes: Buffer.byteLength(text)
              })
            : Output.print(`${l.program} ${view.programId}: ${args.format} -> ${args.out.value}`)
        })
      )
    })
).pipe(
  Command.withDescription(
    Help.doc(
      "A program's report: the program summary, the roster, the session summary (attendance per session), the " +
        "assessment results, the certificate register and the evaluation material. The numbers are the read " +
        "models' numbers (the same as `replay`).",
      [
        "Holders' names are masked unless --show-names with a --role the access policy lets see them (a role " +
          "granted the register without names, e.g. ministry, sees them masked; one refused it gets NotAuthorised). --as-of / --recorded-by give the report as it stood. " +
          "--json without --out prints the report's data (the read models and the holders' names as shown).",
        "html is one self-contained, printable A4 page with charts (inline SVG, nothing fetched), drawn with " +
          "the optional packages vega and vega-lite."
      ],
      [
        "training-ledger report cip-batik-2024 --db sqlite:./demo.sqlite --format md --out penutupan.md",
        "training-ledger report cip-batik-2024 --db sqlite:./demo.sqlite --format csv --lang en > report.csv",
        "training-ledger report cip-batik-2024 --db sqlite:./demo.sqlite --format html --out penutupan.html"
      ]
    )
  )
)
