/**
 * `replay <program-id> [--as-of ...] [--recorded-by ...]`: the program as it stood.
 *
 * @since 0.2.0
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as AsOf from "../AsOf.js"
import * as Help from "../Help.js"
import { labels } from "../Labels.js"
import * as Options from "../Options.js"
import * as Output from "../Output.js"
import { ReadModels } from "../ReadModelsPort.js"
import * as Store from "../Store.js"
import { programId } from "./history.js"

/**
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make(
  "replay",
  { ...Options.common, programId, asOf: Options.asOf, recordedBy: Options.recordedBy },
  (args) =>
    Effect.gen(function* () {
      const asOf = yield* AsOf.parse(args.asOf, args.recordedBy)
      return yield* Store.readOnly(args.db)(() =>
        Effect.gen(function* () {
          const view = yield* (yield* ReadModels).program(args.programId, asOf)
          if (args.json) {
            return yield* Output.printJson({ ...view, cutoff: AsOf.toJson(asOf, view.cutoff) })
          }
          const { summary, timeZone } = view
          const l = labels(Store.language(args.lang, Option.some(timeZone)))
          const k = (by: { inmate: number; officer: number; detainee: number; total: number }) =>
            `${by.total} (${l.kind.officer} ${by.officer}, ${l.kind.inmate} ${by.inmate}, ${l.kind.detainee} ${by.detainee})`
          yield* Output.print(
            `${l.program} ${view.programId}: ${summary.title}`,
            `${AsOf.describe(asOf, timeZone)}; ${view.events}/${view.totalEvents} ${l.events.toLowerCase()}, ` +
              `#${view.lastPosition}`,
            "",
            `${l.statusHeading}: ${l.status[summary.status] ?? summary.status}`,
            `${l.planned}: ${summary.plannedStart}..${summary.plannedEnd}; ${l.started}: ` +
              `${Output.formatOptionalInstant(summary.startedAt, timeZone)}; ${l.closed}: ` +
              Output.formatOptionalInstant(summary.closedAt, timeZone),
            `${l.sessions}: ${l.sessionsHeld(summary.sessionsHeld, summary.sessionsScheduled, summary.sessionsCancelled)}`,
            `${l.enrolled}: ${k(summary.enrolled)}`,
            `${l.completed}: ${k(summary.completed)}`,
            `${l.certified}: ${k(summary.certified)}`,
            `${l.attendanceRate}: ${Output.percent(summary.attendanceRate)}; ${l.passRate}: ${Output.percent(summary.passRate)}`,
            "",
            `${l.roster} (${view.roster.length})`,
            Output.table(
              [l.participant, l.kindHeading, l.statusHeading, l.start, l.endReason, l.attendance],
              view.roster.map((r) => [
                r.participantId,
                l.kind[r.kind] ?? r.kind,
                l.status[r.status] ?? r.status,
                r.startDate,
                r.endReason ?? "-",
                `${r.attended}/${r.applicable} ${Output.percent(r.attendanceRatio)}`
              ])
            ),
            "",
            `${l.certificates} (${view.certificates.length})`,
            view.certificates.length === 0
              ? "-"
              : Output.table(
                  [l.number, l.type, l.participant, l.kindHeading, l.issued, l.statusHeading],
                  view.certificates.map((c) => [
                    c.number,
                    c.type,
                    c.participantId,
                    c.kind === null ? "-" : (l.kind[c.kind] ?? c.kind),
                    Output.formatInstant(c.issuedAt, timeZone),
                    l.status[c.status] ?? c.status
                  ])
                )
          )
        })
      )
    })
).pipe(
  Command.withDescription(
    Help.doc(
      "The program's state as it stood: status, sessions held, enrolled / completed / certified by kind, " +
        "attendance and pass rates, the roster with each participant's attendance ratio (as the completion " +
        "policy counts it), and the certificate register. Folded from the program's events within the cutoff " +
        "by the domain's own rules.",
      [
        "Without --as-of / --recorded-by: as recorded now. --as-of 2024-09-05 is business time (what had happened " +
          "by the end of that day, including events typed in later); --as-of 150 is the log at 150 events; " +
          "--recorded-by is what the ledger held at that moment. See `history --help`."
      ],
      [
        "training-ledger replay cip-batik-2024 --db sqlite:./demo.sqlite --as-of 2024-09-05",
        "training-ledger replay cip-batik-2024 --db sqlite:./demo.sqlite --recorded-by 2024-09-06 --json"
      ]
    )
  )
)
