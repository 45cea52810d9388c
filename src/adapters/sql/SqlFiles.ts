/**
 * SQL kept in `.sql` files beside this module (PL/pgSQL reads better there than in template
 * strings, and a DBA can review it as it is). The build copies them to `dist/` next to the
 * compiled modules.
 *
 * @since 0.2.0
 * @internal
 */
import { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import { readFileSync } from "node:fs"

/**
 * The text of `name`, a path relative to `adapters/sql/`.
 *
 * @internal
 */
export const load = (name: string): Effect.Effect<string, SqlError> =>
  Effect.try({
    try: () => readFileSync(new URL(`./${name}`, import.meta.url), "utf8"),
    catch: (cause) => new SqlError({ cause, message: `cannot read the SQL file ${name} shipped with training-ledger` })
  })
