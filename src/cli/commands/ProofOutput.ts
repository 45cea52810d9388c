/**
 * How the proof commands print (`audit/Commands.ts` answers with text, JSON and whether it
 * succeeded): `--json` or text on stdout; a refusal sets exit code 1 (integrity), as `verify` does.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import type * as Commands from "../../audit/Commands.js"
import { ExitCode } from "../Failures.js"
import * as Output from "../Output.js"

/**
 * @since 0.2.0
 * @category output
 */
export const emit =
  (json: boolean) =>
  (output: Commands.CommandOutput): Effect.Effect<void> =>
    Effect.zipRight(
      json ? Output.printJson(output.json) : Output.print(output.text),
      Effect.sync(() => {
        if (!output.ok) process.exitCode = ExitCode.integrity
      })
    )
