#!/usr/bin/env node
/**
 * The `training-ledger` executable. It loads the command line on demand so that a missing
 * optional peer (`@effect/cli`, `@effect/platform-node`, a database driver) is a message naming
 * the package to install and exit code 2, not a module-not-found stack trace.
 *
 * @since 0.2.0
 */

const needed = ["@effect/cli", "@effect/platform-node"]

// `training-ledger history ... | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0)
})

import("./Cli.js").then(
  (cli) => cli.run(process.argv),
  (error: Error & { code?: string }) => {
    const missing = needed.find((name) => String(error.message).includes(name))
    if (error.code === "ERR_MODULE_NOT_FOUND" && missing !== undefined) {
      process.stderr.write(
        `training-ledger: the command line needs ${needed.join(" and ")}, and ${missing} is not installed.\n` +
          `Install them beside training-ledger: npm install ${needed.join(" ")}\n`
      )
      process.exitCode = 2
    } else {
      process.stderr.write(`training-ledger: cannot start: ${error.message}\n`)
      process.exitCode = 2
    }
  }
)
