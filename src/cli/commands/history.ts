/**
 * `history <program-id> [--as-of ...] [--recorded-by ...]`: a program's audit timeline.
 *
 * @since 0.2.0
 */
import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ledger from "../../ledger/Ledger.js"
import * as AsOf from "../AsOf.js"
import { ProgramNotFoundAsOf } from "../Failures.js"
import * as Help from "../Help.js"
import { labels } from "../Labels.js"
import * as Options from "../Options.js"
import * as Output from "../Output.js"
import * as Store from "../Store.js"
import * as Timeline from "../Timeline.js"

/**
 * The program id argument.
 *
 * @since 0.2.0
 * @category arguments
 */
export const programId = Args.text({ name: "program-id" }).pipe(
  Args.withDescription("The program's id, as `programs` lists it.")
)

/**
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make(
  "history",
  { ...Options.common, programId, asOf: Options.asOf, recordedBy: Options.recordedBy },
  (args) =>
    Effect.gen(function* () {
      const asOf = yield* AsOf.parse(args.asOf, args.recordedBy)
      return yield* Store.readOnly(args.db)(() =>
        Effect.gen(function* () {
          const all = yield* (yield* Ledger.Ledger).history(args.programId)
          const drafted = all.find((e) => e.event._tag === "ProgramDrafted")
          const timeZone = drafted?.event._tag === "ProgramDrafted" ? drafted.event.timeZone : "UTC"
          const cutoff = AsOf.resolve(asOf, timeZone)
          const events = all.filter(AsOf.includes(cutoff))
          if (events.length === 0) {
            return yield* new ProgramNotFoundAsOf({
              programId: args.programId,
              cutoff: AsOf.describe(asOf, timeZone)
            })
          }
          if (args.json) {
            return yield* Output.printJson({
              programId: args.programId,
              timeZone,
              cutoff: AsOf.toJson(asOf, cutoff),
              events: events.map(Timeline.envelopeJson)
            })
          }
          const lang = Store.language(args.lang, Option.some(timeZone))
          const l = labels(lang)
          const title = drafted?.event._tag === "ProgramDrafted" ? drafted.event.title : ""
          yield* Output.print(
            `${l.program} ${args.programId}: ${title}`,
            `${AsOf.describe(asOf, timeZone)}; ${events.length}/${all.length} ${l.events.toLowerCase()}; ` +
              Output.describeZone(timeZone, events[0]!.occurredAt),
            ""
          )
          for (const e of events) yield* Output.print(...Timeline.lines(e, timeZone, lang))
        })
      )
    })
).pipe(
  Command.withDescription(
    Help.doc(
      "A program's audit timeline, as a person reads it: for each event what happened, when it happened " +
        "(business time) and when it was recorded, who recorded it in which role and from which source, and " +
        "why (the reason code or note) where the event has one. Times are in the facility's zone with the offset.",
      [
        "--as-of cuts by business time (a date: what happened by the end of that day, back-dated events included) " +
          "or by log position (150: the log as it stood at 150 events). --recorded-by cuts by record time: what " +
          "the ledger held at that moment (back-dated events typed in later are left out).",
        "--json prints every event's full envelope (position, event id, stream, version, type, schema version, " +
          "data, metadata, occurredAt, recordedAt, prevHash, hash): each event's hash can be recomputed from it.",
        "An unknown program id is an error (exit 4)."
      ],
      [
        "training-ledger history cip-batik-2024 --db sqlite:./demo.sqlite",
        "training-ledger history cip-batik-2024 --db sqlite:./demo.sqlite --as-of 2024-09-04",
        "training-ledger history cip-batik-2024 --db sqlite:./demo.sqlite --recorded-by '2024-09-05 18:00'",
        "training-ledger history cip-batik-2024 --db sqlite:./demo.sqlite --json > cip-batik-2024.json"
      ]
    )
  )
)
