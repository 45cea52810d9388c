/**
 * Output helpers: times in the facility's zone with its offset, colour policy, tables; and every
 * failure described as `<tag>: <message>` with the exit code of its kind.
 */
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Failures from "../../src/cli/Failures.js"
import * as Output from "../../src/cli/Output.js"
import { ProgramNotFound } from "../../src/ledger/Ledger.js"
import { EventStoreError } from "../../src/ports/EventStore.js"
import { StoreNotFound } from "../../src/stores/Stores.js"

describe("Output", () => {
  it("prints instants in the facility's zone with its abbreviation and offset", () => {
    const closing = new Date("2024-09-07T03:00:00Z")
    expect(Output.formatInstant(closing, "Asia/Jakarta")).toBe("2024-09-07 10:00 WIB (+07:00)")
    expect(Output.formatInstant(closing, "Asia/Makassar")).toBe("2024-09-07 11:00 WITA (+08:00)")
    expect(Output.formatInstant(closing, "Asia/Jayapura")).toBe("2024-09-07 12:00 WIT (+09:00)")
    expect(Output.formatInstant(closing, "Europe/Amsterdam")).toBe("2024-09-07 05:00 (+02:00)")
    expect(Output.formatInstant(closing, "Not/AZone")).toBe("2024-09-07 03:00 UTC (+00:00)")
    expect(Output.formatInstant(new Date("2024-09-07T03:00:42.5Z"), "Asia/Jakarta")).toBe(
      "2024-09-07 10:00:42 WIB (+07:00)"
    )
    expect(Output.describeZone("Asia/Makassar", closing)).toBe("Asia/Makassar (WITA, +08:00)")
  })

  it("allows colour only on a terminal without NO_COLOR, and strips ANSI otherwise", () => {
    expect(Output.colourAllowed({ isTTY: true }, {})).toBe(true)
    expect(Output.colourAllowed({ isTTY: false }, {})).toBe(false)
    expect(Output.colourAllowed({ isTTY: true }, { NO_COLOR: "1" })).toBe(false)
    expect(Output.colourAllowed({ isTTY: true }, { TERM: "dumb" })).toBe(false)
    expect(Output.stripAnsi("\u001b[0;1mUSAGE\u001b[0m \u001b]8;;http://x\u0007link\u001b]8;;\u0007")).toBe(
      "USAGE link"
    )
  })

  it("aligns tables by character, not by byte", () => {
    expect(
      Output.table(
        ["a", "bb"],
        [
          ["Lapas Kelas I", "1"],
          ["Tanjung Balai Karimun", "2"]
        ]
      )
    ).toBe("a                      bb\nLapas Kelas I          1\nTanjung Balai Karimun  2")
    expect(Output.percent(0.8713)).toBe("87.1%")
    expect(Output.percent(undefined)).toBe("-")
  })
})

describe("Failures.describe", () => {
  it("gives every failure a tag, a real message and the exit code of its kind", () => {
    const cases: ReadonlyArray<readonly [unknown, string, number, string]> = [
      [new Failures.NoStoreGiven(), "NoStoreGiven", 2, "pass --db"],
      [
        new StoreNotFound({ url: "sqlite:x", reason: "the file x does not exist" }),
        "StoreNotFound",
        3,
        "does not exist"
      ],
      [new ProgramNotFound({ programId: "nope" }), "ProgramNotFound", 4, "No program nope"],
      [
        new Failures.ChainBroken({ position: 4, damage: "changed", reason: "r" }),
        "ChainBroken",
        1,
        "position 4 (changed)"
      ],
      [
        new EventStoreError({ method: "verify", cause: new Error("disk I/O error") }),
        "EventStoreError",
        3,
        "disk I/O error"
      ],
      [
        { _tag: "SqlError", message: "Failed to execute statement", cause: new Error("no such table: events") },
        "SqlError",
        3,
        "no such table: events"
      ],
      [{ _tag: "Weird", field: 1 }, "Weird", 5, '{"field":1}'],
      [new Error("boom"), "Error", 5, "boom"],
      [{}, "Error", 5, "(no message)"],
      ["a string", "Error", 5, "a string"]
    ]
    for (const [error, tag, exitCode, text] of cases) {
      const described = Failures.describe(error)
      expect(described).toMatchObject({ tag, exitCode })
      expect(described.message).toContain(text)
      expect(described.message).not.toContain("[object Object]")
    }
  })

  it.effect("an @effect/cli usage error is one line of text, not [object Object]", () =>
    Effect.gen(function* () {
      const command = Command.make("t", { count: Options.integer("count") })
      const error = yield* Effect.flip(
        Command.run(command, { name: "t", version: "0" })(["node", "t", "--count", "many"]).pipe(
          Effect.withConsole({ ...(yield* Effect.console), error: () => Effect.void } as any)
        )
      )
      const described = Failures.describe(error)
      expect(described.tag).toBe("UsageError")
      expect(described.exitCode).toBe(2)
      expect(described.message).toMatch(/many/)
      expect(described.message).not.toContain("[object Object]")
      expect(described.message).not.toContain("\u001b")
    }).pipe(Effect.provide(NodeContext.layer))
  )
})
