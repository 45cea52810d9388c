/**
 * The report renderer of the command line: Markdown and CSV as `ReportRenderer.minimal` writes
 * them, and HTML through the reports module (`src/reports/Html.ts`: one self-contained, printable
 * page with the charts as inline SVG).
 *
 * For HTML it reads the program's events again, cut at the view's own cutoff (so the page and the
 * `ProgramView` are folded from the same events), and the previous iteration of its series at
 * the same cutoff; `ReportDataOf.ts` maps the read models to `ReportData`. The reports module and
 * the chart packages (the optional peers vega and vega-lite) are loaded only when an HTML report
 * is asked for; a missing package is `ChartLibraryMissing`, naming it.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { Projected } from "../domain/Envelope.js"
import type * as Program from "../domain/Program.js"
import { EventStore } from "../ports/EventStore.js"
import type { ReportData } from "../reports/ReportData.js"
import type { Cutoff } from "./AsOf.js"
import { ChartLibraryMissing, ReportNotRendered } from "./Failures.js"
import * as ProgramEvents from "./ProgramEvents.js"
import { reportDataOf, type Previous } from "./ReportDataOf.js"
import { minimal, type ReportInput, ReportRenderer, type ReportRendererService } from "./ReportRenderer.js"

/**
 * The iteration of the series planned last before this program, as it stood at the cutoff.
 * Iterations are told apart by their planned start; none when the program has no series.
 */
const previousIteration = (events: ReadonlyArray<Projected<Program.Event>>, cutoff: Cutoff) =>
  Effect.gen(function* () {
    const drafted = events.find((e) => e.event._tag === "ProgramDrafted")?.event
    if (drafted?._tag !== "ProgramDrafted" || drafted.seriesId === undefined) return undefined
    let before: Program.ProgramDrafted | undefined
    for (const d of yield* ProgramEvents.draftsOfSeries(drafted.seriesId, cutoff)) {
      if (d.programId === drafted.programId || !(d.plannedStart < drafted.plannedStart)) continue
      if (before === undefined || !(d.plannedStart < before.plannedStart)) before = d
    }
    if (before === undefined) return undefined
    const previous: Previous = {
      programId: before.programId,
      events: yield* ProgramEvents.within(before.programId, cutoff)
    }
    return previous
  })

const missingPackage = (cause: unknown): string => {
  const text = cause instanceof Error ? cause.message : String(cause)
  return /Cannot find (?:package|module) '([^']+)'/.exec(text)?.[1] ?? "vega or vega-lite"
}

/**
 * What a rejected `renderHtml` means: the chart library missing (the reports module's
 * `ChartLibraryMissing`, whose cause names the package that failed to load), or a bug.
 *
 * @since 0.2.0
 * @category errors
 */
export const renderFailure = (error: unknown): ChartLibraryMissing | ReportNotRendered =>
  typeof error === "object" && error !== null && (error as { _tag?: unknown })._tag === "ChartLibraryMissing"
    ? new ChartLibraryMissing({ packageName: missingPackage((error as { cause?: unknown }).cause) })
    : new ReportNotRendered({ reason: error instanceof Error ? error.message : String(error) })

/**
 * Renders report data as HTML; the reports module is loaded on first use.
 *
 * @since 0.2.0
 * @category rendering
 */
export const renderHtml = (data: ReportData, lang: ReportInput["lang"]) =>
  Effect.tryPromise({
    try: () => import("../reports/Html.js").then((Html) => Html.renderHtml(data, { lang })),
    catch: renderFailure
  })

const html = (input: ReportInput) =>
  Effect.gen(function* () {
    const { programId, cutoff } = input.view
    const events = yield* ProgramEvents.within(programId, cutoff)
    const data = yield* reportDataOf(events, {
      holders: input.holders,
      namesShown: input.namesShown,
      generatedAt: input.generatedAt,
      previous: yield* previousIteration(events, cutoff)
    })
    return yield* renderHtml(data, input.lang)
  })

/**
 * @since 0.2.0
 * @category constructors
 */
export const make = Effect.map(
  EventStore,
  (store): ReportRendererService => ({
    formats: ["html", "md", "csv"],
    render: (format, input) =>
      format === "html" ? Effect.provideService(html(input), EventStore, store) : minimal.render(format, input)
  })
)

/**
 * Markdown, CSV and HTML, reading the program's events from the `EventStore` in context.
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<ReportRenderer, never, EventStore> = Layer.effect(ReportRenderer, make)
