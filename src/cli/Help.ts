/**
 * A command's `--help` text: what it does, the details a reader needs, and examples.
 *
 * @since 0.2.0
 */
import * as HelpDoc from "@effect/cli/HelpDoc"
import * as Span from "@effect/cli/HelpDoc/Span"

/**
 * @since 0.2.0
 * @category help
 */
export const doc = (
  summary: string,
  details: ReadonlyArray<string>,
  examples: ReadonlyArray<string>
): HelpDoc.HelpDoc =>
  HelpDoc.blocks([
    HelpDoc.p(summary),
    ...details.map((text) => HelpDoc.p(text)),
    HelpDoc.h2("EXAMPLES"),
    HelpDoc.p(Span.code(examples.map((line) => `  ${line}`).join("\n")))
  ])
