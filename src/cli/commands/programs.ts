/**
 * `programs`: every program in the ledger with its status, dates and counts.
 *
 * @since 0.2.0
 */
import * as Command from "@effect/cli/Command"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Help from "../Help.js"
import { labels } from "../Labels.js"
import * as Options from "../Options.js"
import * as Output from "../Output.js"
import { ReadModels } from "../ReadModelsPort.js"
import * as Store from "../Store.js"

const shorten = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 3)}...` : text)

/**
 * @since 0.2.0
 * @category commands
 */
export const command = Command.make("programs", Options.common, ({ db, json, lang }) =>
  Store.readOnly(db)(() =>
    Effect.gen(function* () {
      const programs = yield* (yield* ReadModels).programs()
      if (json) return yield* Output.printJson(programs)
      const l = labels(Store.language(lang, Option.fromNullable(programs[0]?.timeZone)))
      if (programs.length === 0) return yield* Output.print(l.noPrograms)
      yield* Output.print(
        Output.table(
          [l.program, l.title, l.statusHeading, l.planned, l.closed, l.enrolled, l.certified, l.events],
          programs.map((p) => [
            p.programId,
            shorten(p.title, 40),
            l.status[p.status] ?? p.status,
            `${p.plannedStart}..${p.plannedEnd}`,
            Output.formatOptionalInstant(p.closedAt, p.timeZone),
            `${p.enrolled.total} (${l.kind.officer} ${p.enrolled.officer}, ${l.kind.inmate} ${p.enrolled.inmate}` +
              `${p.enrolled.detainee > 0 ? `, ${l.kind.detainee} ${p.enrolled.detainee}` : ""})`,
            String(p.certified.total),
            String(p.events)
          ])
        )
      )
    })
  )
).pipe(
  Command.withDescription(
    Help.doc(
      "List the programs in the ledger: id, title, status, planned dates (local dates at the facility), when " +
        "it closed (in the facility's zone), how many were enrolled (by kind) and certified, and how many events " +
        "it has.",
      [
        "This build folds the log to answer (always current); with the projection engine it reads the program " +
          "summary table."
      ],
      [
        "training-ledger programs --db sqlite:./demo.sqlite",
        "training-ledger programs --db sqlite:./demo.sqlite --json"
      ]
    )
  )
)
