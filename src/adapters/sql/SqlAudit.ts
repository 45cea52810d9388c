/**
 * The audit port on SQL: `verify()` walks the chain in pages of stored rows, decoding each with
 * the envelope Schema (a row whose JSON or time no longer parses is reported at its position,
 * not thrown), then checks that no row lies beyond the head; seals read the head.
 *
 * @since 0.2.0
 * @internal
 */
import type * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { GenesisHash, type LogHead } from "../../ports/EventStore.js"
import type { LogAuditService, VerifyOptions, VerifyReport } from "../../ports/LogAudit.js"
import * as Reads from "../log/Reads.js"
import * as Rows from "../log/Rows.js"
import * as Verifier from "../log/Verifier.js"
import type { Dialect } from "./Dialect.js"
import * as EventRows from "./EventRows.js"

/** @internal */
export const make = (options: {
  readonly sql: SqlClient.SqlClient
  readonly dialect: Dialect
  readonly readHead: Effect.Effect<LogHead, SqlError>
  readonly readBatchSize: number
  readonly now: Effect.Effect<string>
}): LogAuditService => {
  const { dialect, readBatchSize, readHead, sql } = options
  const columns = sql.literal(dialect.storedColumns)

  const verify = (verifyOptions: VerifyOptions = {}) =>
    Effect.gen(function* () {
      const head = yield* readHead
      const verifier = Verifier.makeVerifier()
      const progress = verifyOptions.onProgress
      let after = 0
      for (;;) {
        const limit = Math.min(readBatchSize, head.position - after)
        if (limit <= 0) break
        const rows = yield* sql<EventRows.StoredColumns>`SELECT ${columns} FROM events
          WHERE position > ${after} ORDER BY position LIMIT ${limit}`
        // The whole page decoded first: the walk looks ahead in it to tell reordered rows apart.
        const page = rows.map((row): Verifier.PageRow => {
          const stored = EventRows.toStoredRow(row)
          return Either.mapLeft(Rows.fromStoredChecked(stored), (reason) => ({ position: stored.position, reason }))
        })
        const broken = verifier.page(page)
        if (broken !== undefined) return broken
        if (progress !== undefined) yield* progress(verifier.checked(), head.position)
        if (rows.length < limit) break
        after = Number(rows[rows.length - 1].position)
      }
      const report = verifier.finish(head)
      if (report._tag === "Broken") return report
      // A row beyond the head: read the last position first, then the head (appends move both at once).
      const [last] = yield* sql<{ position: unknown }>`SELECT max(position) AS position FROM events`
      const later = yield* readHead
      const lastPosition = last?.position == null ? 0 : Number(last.position)
      if (lastPosition > later.position) {
        return {
          _tag: "Broken",
          position: later.position + 1,
          damage: "inserted",
          reason: `an event at ${later.position + 1} lies beyond the head (${later.position})`,
          checked: report.checked
        } satisfies VerifyReport
      }
      return report
    })

  return {
    verify: (verifyOptions) => Reads.wrap("verify")(verify(verifyOptions)),
    seal: () =>
      Reads.wrap("seal")(
        Effect.zipWith(readHead, options.now, (head, sealedAt) => ({ ...head, sealedAt: new Date(sealedAt) }))
      ),
    checkSeal: (seal) =>
      Reads.wrap("checkSeal")(
        seal.position === 0
          ? Effect.succeed(seal.hash === GenesisHash)
          : Effect.map(
              sql<{ hash: string }>`SELECT hash FROM events WHERE position = ${seal.position}`,
              (rows) => rows[0] !== undefined && rows[0].hash === seal.hash
            )
      )
  }
}
