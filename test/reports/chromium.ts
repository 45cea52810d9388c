/**
 * Headless Chromium (Debian's `chromium`) for the browser tests, driven by playwright-core: where
 * the binary is, and a context launched without network chatter, sandbox or GPU.
 */
import { existsSync } from "node:fs"
import { chromium } from "playwright-core"

const candidates = [
  process.env["TRAINING_LEDGER_CHROMIUM"],
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome"
].filter((path): path is string => path !== undefined && path !== "")

/** The first Chromium binary found, or undefined (the tests are then skipped, saying why). */
export const executablePath = candidates.find((path) => existsSync(path))

/** A test title that says why the tests are skipped when no Chromium binary is found. */
export const titled = (title: string): string =>
  executablePath === undefined
    ? `${title}: SKIPPED, no Chromium binary found (looked at ${candidates.join(", ")}; apt-get install chromium)`
    : title

/** A browser context with its profile in `profile`. */
export const launch = (profile: string) =>
  chromium.launchPersistentContext(profile, {
    executablePath: executablePath!,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync"
    ]
  })

/** The context `launch` returns. */
export type Context = Awaited<ReturnType<typeof launch>>
