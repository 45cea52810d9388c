/**
 * A missing chart package is a typed error naming the package (exit 2), never a crash; any other
 * failure of the HTML writer is `ReportNotRendered` (exit 5: a bug to report).
 */
import { describe, expect, it } from "vitest"
import { describe as describeFailure } from "../../src/cli/Failures.js"
import { renderFailure } from "../../src/cli/HtmlReportRenderer.js"
import { ChartLibraryMissing } from "../../src/reports/Charts.js"

describe("the HTML report's failures", () => {
  it("names the chart package that is not installed", () => {
    const cause = new Error("Cannot find package 'vega-lite' imported from /srv/app/dist/reports/Charts.js")
    const error = renderFailure(new ChartLibraryMissing(cause))
    expect(error._tag).toBe("ChartLibraryMissing")
    expect(describeFailure(error)).toEqual({
      tag: "ChartLibraryMissing",
      message:
        "report --format html draws its charts with vega and vega-lite, and vega-lite is not installed: " +
        "npm install vega vega-lite (or use --format md or --format csv)",
      exitCode: 2
    })
  })

  it("names both packages when the cause does not say which", () => {
    const error = renderFailure(new ChartLibraryMissing("no module"))
    expect(error).toMatchObject({ _tag: "ChartLibraryMissing", packageName: "vega or vega-lite" })
  })

  it("reports anything else as a bug", () => {
    const error = renderFailure(new TypeError("boom"))
    expect(error).toMatchObject({ _tag: "ReportNotRendered", reason: "boom" })
    expect(describeFailure(error).exitCode).toBe(5)
  })
})
