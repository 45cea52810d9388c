/**
 * The report's four charts as SVG, drawn in Node by Vega-Lite and Vega (`renderer: "none"` and
 * `toSVG()`): no browser, no canvas, no script in the output.
 *
 * Made for paper: a grayscale-friendly palette whose shades differ in lightness (so a black and
 * white copy still tells them apart) and thin outlines between stacked parts, print-sized
 * fonts that exist everywhere, every bar labelled with its number so no reader has to estimate
 * it from an axis. Every text is a label from `I18n` or a number formatted there.
 *
 * Each chart names its main mark so tests (and curious readers of the SVG) can find it: the
 * bars of a chart sit in `<g class="mark-rect role-mark NAME_marks">`, one `<path>` per bar.
 * `attendancePerSession` draws exactly one `session_marks` bar per held session (the outline of
 * its stack, whose parts are `outcome_marks`) and one `rate_marks` label over each;
 * `resultsPerAssessment` two `assessment_marks` bars per assessment (passed, not yet passed);
 * `certificationFunnel` one `stage_marks` bar per stage and participant kind, with a
 * `stagetotal_marks` label per stage; `attendanceByKind` one `kind_marks` bar per kind and
 * outcome, with a `kindrate_marks` label per kind.
 *
 * @since 0.2.0
 */
import type * as Vega from "vega"
import type * as VegaLite from "vega-lite"
import type { TopLevelSpec } from "vega-lite"
import type { Lang } from "./I18n.js"
import { formatInteger, formatLocalDate, formatLocalTime, formatPercent, label, labels } from "./I18n.js"
import type { ReportData } from "./ReportData.js"
import { heldSessions } from "./ReportData.js"
import { vegaWidth } from "./TextWidth.js"

/**
 * The fonts of the charts and of the HTML report.
 *
 * @since 0.2.0
 * @category style
 */
export const FONT = `"DejaVu Sans", Arial, Helvetica, sans-serif`

/**
 * Outcome colours, dark to light: the stacking order and the lightness order are the same.
 *
 * @since 0.2.0
 * @category style
 */
export const OUTCOME_COLORS: ReadonlyArray<readonly [string, string]> = [
  ["present", "#1f3a5f"],
  ["late", "#5b7db1"],
  ["excused-absence", "#a9c0dc"],
  ["unexcused-absence", "#f2d087"],
  ["not-recorded", "#ffffff"]
]

const KIND_COLORS: ReadonlyArray<readonly [string, string]> = [
  ["officer", "#1f3a5f"],
  ["inmate", "#7b98c2"],
  ["detainee", "#cdd9ea"]
]

const PASS_COLORS = { passed: "#1f3a5f", notYet: "#dde4ee" }
const INK = "#1a1a1a"
const MUTED = "#555555"
const OUTLINE = "#3a3a3a"

/** Width of a chart that spans the page, and of one of a pair, in CSS pixels (A4 at 96 dpi). */
const FULL_WIDTH = 680
const HALF_WIDTH = 330

const config = {
  font: FONT,
  background: "#ffffff",
  padding: 4,
  view: { stroke: null },
  axis: {
    labelFontSize: 10,
    titleFontSize: 10,
    titleFontWeight: "normal" as const,
    labelColor: INK,
    titleColor: MUTED,
    domainColor: "#8a8a8a",
    tickColor: "#8a8a8a",
    gridColor: "#e3e3e3",
    labelPadding: 4,
    titlePadding: 8
  },
  legend: {
    orient: "bottom" as const,
    direction: "horizontal" as const,
    labelFontSize: 10,
    titleFontSize: 10,
    labelColor: INK,
    symbolType: "square",
    symbolSize: 110,
    symbolStrokeColor: OUTLINE,
    symbolStrokeWidth: 0.6,
    columnPadding: 14,
    labelLimit: 260
  },
  bar: { stroke: OUTLINE, strokeWidth: 0.5 },
  text: { fontSize: 10, color: INK }
}

const domainAndRange = (pairs: ReadonlyArray<readonly [string, string]>, table: ReadonlyMap<string, string>) => ({
  domain: pairs.map(([code]) => label(table, code)),
  range: pairs.map(([, color]) => color)
})

const outcomeScale = (lang: Lang, withNotRecorded: boolean) => {
  const l = labels(lang)
  const names = new Map([
    ["present", l.columns.present],
    ["late", l.columns.late],
    ["excused-absence", l.columns.excused],
    ["unexcused-absence", l.columns.unexcused],
    ["not-recorded", l.columns.notRecorded]
  ])
  return domainAndRange(
    OUTCOME_COLORS.filter(([code]) => withNotRecorded || code !== "not-recorded"),
    names
  )
}

/**
 * Attendance per held session: a stack of present, late, excused, unexcused and not recorded,
 * outlined as one bar per session and labelled with the session's attendance rate.
 *
 * @since 0.2.0
 * @category specs
 */
export const attendancePerSessionSpec = (data: ReportData, lang: Lang): TopLevelSpec => {
  const l = labels(lang)
  const sessions = heldSessions(data)
  // Keys start with the session's place so two sessions at the same hour stay two bars; the
  // axis shows the date and the start time only.
  const key = (i: number) => {
    const s = sessions[i]!
    return `${String(i + 1).padStart(3, "0")}|${formatLocalDate(s.date, lang, "day")}|${formatLocalTime(s.start, lang)}`
  }
  const withNotRecorded = sessions.some((s) => s.notRecorded > 0)
  const parts = sessions.flatMap((s, i) =>
    [
      ["present", l.columns.present, s.present],
      ["late", l.columns.late, s.late],
      ["excused-absence", l.columns.excused, s.excused],
      ["unexcused-absence", l.columns.unexcused, s.unexcused],
      ["not-recorded", l.columns.notRecorded, s.notRecorded]
    ].map(([code, outcome, count], order) => ({ session: key(i), code, outcome, count, order }))
  )
  const totals = sessions.map((s, i) => ({
    session: key(i),
    total: s.present + s.late + s.excused + s.unexcused + s.notRecorded,
    rate: formatPercent(s.rate, lang, 0)
  }))
  const max = Math.max(1, ...totals.map((t) => t.total))
  const x = {
    field: "session",
    type: "ordinal" as const,
    sort: null,
    title: l.charts.sessionAxis,
    axis: { labelAngle: 0, labelExpr: "slice(split(datum.value, '|'), 1)", labelLineHeight: 12, ticks: false }
  }
  const y = {
    type: "quantitative" as const,
    title: l.charts.participants,
    scale: { domain: [0, Math.ceil(max * 1.12)] },
    axis: { format: "d", tickMinStep: 1 }
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: l.charts.attendancePerSession,
    width: FULL_WIDTH,
    height: 180,
    autosize: { type: "fit-x", contains: "padding" },
    config,
    layer: [
      {
        name: "outcome",
        data: { values: parts },
        mark: { type: "bar", width: { band: 0.62 }, strokeWidth: 0.4, stroke: "#ffffff" },
        encoding: {
          x,
          y: { ...y, field: "count", stack: "zero" },
          order: { field: "order", type: "quantitative" },
          color: {
            field: "outcome",
            type: "nominal",
            title: null,
            scale: outcomeScale(lang, withNotRecorded),
            legend: { orient: "bottom" }
          }
        }
      },
      {
        name: "session",
        data: { values: totals },
        mark: { type: "bar", width: { band: 0.62 }, fill: null, fillOpacity: 0, stroke: OUTLINE, strokeWidth: 0.8 },
        encoding: { x, y: { ...y, field: "total" } }
      },
      {
        name: "rate",
        data: { values: totals },
        mark: { type: "text", dy: -7, fontSize: 10, fontWeight: "bold", color: INK },
        encoding: { x, y: { ...y, field: "total" }, text: { field: "rate" } }
      }
    ]
  } as TopLevelSpec
}

/**
 * Attendance by participant kind: each kind's marks as shares of 100%, with its rate.
 *
 * @since 0.2.0
 * @category specs
 */
export const attendanceByKindSpec = (data: ReportData, lang: Lang): TopLevelSpec => {
  const l = labels(lang)
  const kinds = data.summary.byKind.filter((k) => k.present + k.late + k.excused + k.unexcused > 0)
  const parts = kinds.flatMap((k) =>
    [
      ["present", l.columns.present, k.present],
      ["late", l.columns.late, k.late],
      ["excused-absence", l.columns.excused, k.excused],
      ["unexcused-absence", l.columns.unexcused, k.unexcused]
    ].map(([, outcome, count], order) => ({ kind: label(l.kinds, k.kind), outcome, count, order }))
  )
  const rates = kinds.map((k) => ({ kind: label(l.kinds, k.kind), rate: formatPercent(k.attendanceRate, lang) }))
  const y = {
    field: "kind",
    type: "nominal" as const,
    sort: null,
    title: null,
    axis: { ticks: false, labelPadding: 6 }
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: l.charts.attendanceByKind,
    width: HALF_WIDTH,
    height: Math.max(40, kinds.length * 32),
    autosize: { type: "fit-x", contains: "padding" },
    config,
    layer: [
      {
        name: "kind",
        data: { values: parts },
        mark: { type: "bar", height: { band: 0.62 }, strokeWidth: 0.4, stroke: "#ffffff" },
        encoding: {
          y,
          x: {
            field: "count",
            type: "quantitative",
            stack: "normalize",
            title: l.charts.share,
            scale: { domain: [0, 1.22] },
            axis: {
              values: [0, 0.25, 0.5, 0.75, 1],
              labelExpr: "format(datum.value * 100, 'd') + '%'",
              grid: true
            }
          },
          order: { field: "order", type: "quantitative" },
          color: {
            field: "outcome",
            type: "nominal",
            title: null,
            scale: outcomeScale(lang, false),
            legend: { orient: "bottom", columns: 2 }
          }
        }
      },
      {
        name: "kindrate",
        data: { values: rates },
        mark: { type: "text", align: "left", dx: 5, fontWeight: "bold", color: INK },
        encoding: { y, x: { datum: 1, type: "quantitative" }, text: { field: "rate" } }
      }
    ]
  } as TopLevelSpec
}

/**
 * Results per assessment: participants with a final result who passed and who did not yet.
 *
 * @since 0.2.0
 * @category specs
 */
export const resultsPerAssessmentSpec = (data: ReportData, lang: Lang): TopLevelSpec => {
  const l = labels(lang)
  const rows = data.assessments.flatMap((a, i) => {
    const results = data.results.filter((r) => r.assessmentId === a.assessmentId)
    const passed = results.filter((r) => r.passed).length
    // Titles are the program's own words: kept whole, numbered so two equal titles stay apart.
    const name = `${i + 1}. ${a.title}`
    return [
      { assessment: name, outcome: l.columns.passed, count: passed, order: 0 },
      { assessment: name, outcome: l.columns.notYetPassed, count: results.length - passed, order: 1 }
    ]
  })
  const max = Math.max(
    1,
    ...data.assessments.map((a) => data.results.filter((r) => r.assessmentId === a.assessmentId).length)
  )
  const y = {
    field: "assessment",
    type: "nominal" as const,
    sort: null,
    title: null,
    axis: { ticks: false, labelLimit: 150, labelPadding: 6 }
  }
  const x = {
    field: "count",
    type: "quantitative" as const,
    stack: "zero" as const,
    title: l.charts.participants,
    scale: { domain: [0, max] },
    axis: { format: "d", tickMinStep: 1 }
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: l.charts.resultsPerAssessment,
    width: HALF_WIDTH,
    height: Math.max(40, data.assessments.length * 32),
    autosize: { type: "fit-x", contains: "padding" },
    config,
    data: { values: rows },
    encoding: { y },
    layer: [
      {
        name: "assessment",
        mark: { type: "bar", height: { band: 0.62 }, strokeWidth: 0.4, stroke: "#ffffff" },
        encoding: {
          x,
          order: { field: "order", type: "quantitative" },
          color: {
            field: "outcome",
            type: "nominal",
            title: null,
            scale: {
              domain: [l.columns.passed, l.columns.notYetPassed],
              range: [PASS_COLORS.passed, PASS_COLORS.notYet]
            },
            legend: { orient: "bottom" }
          }
        }
      },
      {
        name: "assessmentcount",
        transform: [{ filter: "datum.count > 0" }],
        mark: { type: "text", fontWeight: "bold" },
        encoding: {
          x: { ...x, bandPosition: 0.5 },
          order: { field: "order", type: "quantitative" },
          text: { field: "count", type: "quantitative", format: "d" },
          color: { condition: { test: "datum.order === 0", value: "#ffffff" }, value: INK }
        }
      }
    ]
  } as TopLevelSpec
}

/**
 * The certification funnel: enrolled, completed, passed every assessment, certified; each bar
 * split by participant kind and labelled with its count and its share of the enrolled.
 *
 * @since 0.2.0
 * @category specs
 */
export const certificationFunnelSpec = (data: ReportData, lang: Lang): TopLevelSpec => {
  const l = labels(lang)
  const figures = data.summary.figures
  const stages = [
    [l.figures.enrolled, "enrolled", figures.enrolled],
    [l.figures.completed, "completed", figures.completed],
    [l.figures.passed, "passed", figures.passed],
    [l.figures.certified, "certified", figures.certified]
  ] as const
  const kindOrder = KIND_COLORS.map(([kind]) => kind)
  const kinds = [...data.summary.byKind].sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind))
  const parts = stages.flatMap(([stage, field]) =>
    kinds.map((k, order) => ({ stage, kind: label(l.kindsLong, k.kind), count: k[field], order }))
  )
  const totals = stages.map(([stage, , total]) => ({
    stage,
    total,
    text: `${formatInteger(total, lang)} (${formatPercent(figures.enrolled === 0 ? null : total / figures.enrolled, lang, 0)})`
  }))
  const y = {
    field: "stage",
    type: "nominal" as const,
    sort: null,
    title: null,
    axis: { ticks: false, labelPadding: 6 }
  }
  const max = Math.max(1, figures.enrolled)
  const presentKinds = KIND_COLORS.filter(([kind]) => kinds.some((k) => k.kind === kind))
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    description: l.charts.certificationFunnel,
    width: HALF_WIDTH,
    height: 4 * 28,
    autosize: { type: "fit-x", contains: "padding" },
    config,
    layer: [
      {
        name: "stage",
        data: { values: parts },
        mark: { type: "bar", height: { band: 0.62 }, strokeWidth: 0.4, stroke: "#ffffff" },
        encoding: {
          y,
          x: {
            field: "count",
            type: "quantitative",
            stack: "zero",
            title: l.charts.participants,
            scale: { domain: [0, Math.ceil(max * 1.3)] },
            axis: { format: "d", tickMinStep: 1 }
          },
          order: { field: "order", type: "quantitative" },
          color: {
            field: "kind",
            type: "nominal",
            title: null,
            scale: domainAndRange(presentKinds, l.kindsLong),
            legend: { orient: "bottom" }
          }
        }
      },
      {
        name: "stagetotal",
        data: { values: totals },
        mark: { type: "text", align: "left", dx: 5, fontWeight: "bold", color: INK },
        encoding: { y, x: { field: "total", type: "quantitative" }, text: { field: "text" } }
      }
    ]
  } as TopLevelSpec
}

interface TextMetrics {
  width: unknown
  estimateWidth: unknown
}

/**
 * Without the optional `canvas` package Vega guesses text widths at 0.8 em per character;
 * give it DejaVu Sans's widths instead. Left alone when a canvas measures real text or when
 * someone else has already replaced the guess.
 */
const useFontWidths = (vega: typeof Vega) => {
  const metrics = (vega as unknown as { readonly textMetrics?: TextMetrics }).textMetrics
  if (metrics !== undefined && metrics.width === metrics.estimateWidth) metrics.width = vegaWidth
}

/**
 * The charting library is an optional peer, loaded when a chart is first drawn: an install that
 * never renders an HTML report needs neither package.
 *
 * @since 0.2.0
 * @category errors
 */
export class ChartLibraryMissing extends Error {
  readonly _tag = "ChartLibraryMissing"
  constructor(override readonly cause: unknown) {
    super("HTML reports draw their charts with vega and vega-lite, which are not installed: npm install vega vega-lite")
  }
}

let loaded: Promise<readonly [typeof Vega, typeof VegaLite]> | undefined
const loadVega = () =>
  (loaded ??= Promise.all([import("vega"), import("vega-lite")]).catch((cause) => {
    loaded = undefined
    throw new ChartLibraryMissing(cause)
  }))

/**
 * Renders a Vega-Lite spec to an SVG string, in Node, without a canvas.
 *
 * @since 0.2.0
 * @category rendering
 */
export const renderSvg = async (spec: TopLevelSpec): Promise<string> => {
  const [vega, vl] = await loadVega()
  useFontWidths(vega)
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

/**
 * The four charts of a report, as SVG strings.
 *
 * @since 0.2.0
 * @category models
 */
export interface Charts {
  readonly attendancePerSession: string
  readonly attendanceByKind: string
  readonly resultsPerAssessment: string
  readonly certificationFunnel: string
}

/**
 * Renders the four charts of a report.
 *
 * @since 0.2.0
 * @category rendering
 */
export const charts = async (data: ReportData, lang: Lang): Promise<Charts> => {
  const [attendancePerSession, attendanceByKind, resultsPerAssessment, certificationFunnel] = await Promise.all([
    renderSvg(attendancePerSessionSpec(data, lang)),
    renderSvg(attendanceByKindSpec(data, lang)),
    renderSvg(resultsPerAssessmentSpec(data, lang)),
    renderSvg(certificationFunnelSpec(data, lang))
  ])
  return { attendancePerSession, attendanceByKind, resultsPerAssessment, certificationFunnel }
}
