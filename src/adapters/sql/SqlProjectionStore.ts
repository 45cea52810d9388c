/**
 * The projection store on SQL (SQLite or PostgreSQL through `SqlClient`): read models as plain
 * tables, checkpoints in `projection_checkpoints`.
 *
 * `commit` runs in one write transaction: the checkpoint moves first by compare-and-set (an
 * `UPDATE ... WHERE position = expected RETURNING`, or an insert that must not find a row), then
 * the row changes. Under PostgreSQL's READ COMMITTED a second worker with the same expectation
 * waits on the first one's row lock and then finds the position changed: it writes nothing.
 * `transaction` is the dialect's write transaction: appends of the SQL event store on the same
 * `SqlClient` join it; with `lockLog` it first takes the log head's row lock on PostgreSQL (SQLite's
 * write transaction holds the database's one write lock anyway).
 *
 * Rebuilds: a table's twin `<name>__next` is created like the table; `swap` drops the table,
 * renames the twin and its indexes, and moves the checkpoints, in one transaction.
 *
 * Workers: on PostgreSQL `coordinator` holds session advisory locks
 * (`training_ledger_lock_key(projection)`, keyed by schema and projection) on one reserved
 * connection, and `appended` LISTENs on the schema's channel (`training_ledger_channel()`,
 * migration 0004). On SQLite (one process) claims are kept in memory and workers poll.
 *
 * @since 0.2.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import {
  type Checkpoint,
  CheckpointConflict,
  type CheckpointMove,
  type Column,
  type ProjectionStore,
  ProjectionStoreError,
  type ProjectionStoreService,
  type Row,
  shadowName,
  type Table,
  type TableChange
} from "../../ports/ProjectionStore.js"
import { ProjectionStore as ProjectionStoreTag } from "../../ports/ProjectionStore.js"
import * as TableRows from "../tables/TableRows.js"
import * as Dialect from "./Dialect.js"

const identifier = /^[a-z_][a-z0-9_]{0,62}$/
// a table's name leaves room for its twin's and its indexes' suffixes within PostgreSQL's 63 bytes
const tableIdentifier = /^[a-z_][a-z0-9_]{0,47}$/

const checkIdentifier = (name: string): string => {
  if (!identifier.test(name)) throw new Error(`"${name}" is not a table or column name (a-z, 0-9, _)`)
  return name
}

const checkTableName = (name: string): string => {
  const base = name.endsWith("__next") ? name.slice(0, -"__next".length) : name
  if (!tableIdentifier.test(base)) throw new Error(`"${name}" is not a table name (a-z, 0-9, _; at most 48)`)
  return name
}

/** The secondary indexes of a table: their names (`<table>__i<n>`) and columns. */
const indexesOf = (table: Table, name = table.name) =>
  [...(table.partitionColumn ? [[table.partitionColumn]] : []), ...(table.indexes ?? [])].map((columns, i) => ({
    name: `${name}__i${i}`,
    columns: columns.map(checkIdentifier)
  }))

const columnType = (dialect: Dialect.Dialect, column: Column): string => {
  const pg = dialect.name === "pg"
  switch (column.type) {
    case "text":
      return dialect.textType
    case "integer":
      return pg ? "bigint" : "INTEGER"
    case "real":
      return pg ? "double precision" : "REAL"
    case "boolean":
      return pg ? "boolean" : "INTEGER"
    case "timestamp":
      return pg ? "timestamptz(3)" : "TEXT"
    case "json":
      return pg ? "jsonb" : "TEXT"
  }
}

/** The DDL of a table and its indexes (under `name`: the table's own, or its twin's). */
const ddl = (dialect: Dialect.Dialect, table: Table, name = table.name): ReadonlyArray<string> => {
  checkTableName(name)
  const columns = table.columns.map(
    (c) => `${checkIdentifier(c.name)} ${columnType(dialect, c)}${c.nullable ? "" : " NOT NULL"}`
  )
  return [
    `CREATE TABLE IF NOT EXISTS ${name} (${columns.join(", ")}, CONSTRAINT ${name}__pk PRIMARY KEY (${table.primaryKey
      .map(checkIdentifier)
      .join(", ")}))`,
    ...indexesOf(table, name).map(
      (index) => `CREATE INDEX IF NOT EXISTS ${index.name} ON ${name} (${index.columns.join(", ")})`
    )
  ]
}

const encodeValue = (dialect: Dialect.Dialect, column: Column, value: unknown): unknown => {
  if (value === null || value === undefined) return null
  switch (column.type) {
    case "boolean":
      return dialect.name === "pg" ? value : value ? 1 : 0
    case "timestamp":
      return (value as Date).toISOString()
    case "json":
      return JSON.stringify(value)
    default:
      return value
  }
}

const decodeValue = (dialect: Dialect.Dialect, column: Column, value: unknown): unknown => {
  if (value === null || value === undefined) return null
  switch (column.type) {
    case "integer":
    case "real":
      return Number(value)
    case "boolean":
      return dialect.name === "pg" ? value : value === 1 || value === 1n
    case "timestamp":
      return value instanceof Date ? value : new Date(value as string)
    case "json":
      return dialect.decodeJson(value)
    default:
      return value
  }
}

/**
 * @since 0.2.0
 * @category constructors
 */
export const make: Effect.Effect<ProjectionStoreService, never, SqlClient.SqlClient> = Effect.gen(function* () {
  const sql = (yield* SqlClient.SqlClient).withoutTransforms()
  const dialect = Dialect.make(sql)
  const specs = new Map<string, Table>()
  const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms).toISOString())

  const wrap =
    (method: string) =>
    <A, E, R>(
      self: Effect.Effect<A, E | SqlError, R>
    ): Effect.Effect<A, Exclude<E, SqlError> | ProjectionStoreError, R> =>
      Effect.catchAllDefect(
        Effect.mapError(self, (e) =>
          e instanceof CheckpointConflict || e instanceof ProjectionStoreError
            ? e
            : new ProjectionStoreError({ method, cause: e })
        ),
        (cause) => Effect.fail(new ProjectionStoreError({ method, cause }))
      ) as Effect.Effect<A, Exclude<E, SqlError> | ProjectionStoreError, R>

  const specOf = (name: string): Table => {
    const spec = specs.get(name)
    if (spec === undefined) throw new Error(`no read-model table ${name}: call ensureTables first`)
    return spec
  }

  const insertRows = (table: Table, rows: ReadonlyArray<Row>, upsert: boolean) => {
    if (rows.length === 0) return Effect.void
    const values = rows.map((row) => {
      const checked = TableRows.check(table, row)
      const out: Record<string, unknown> = {}
      for (const column of table.columns) out[column.name] = encodeValue(dialect, column, checked[column.name])
      return out
    })
    const others = table.columns.filter((c) => !table.primaryKey.includes(c.name))
    const conflict =
      upsert && others.length > 0
        ? `ON CONFLICT (${table.primaryKey.join(", ")}) DO UPDATE SET ${others
            .map((c) => `${c.name} = excluded.${c.name}`)
            .join(", ")}`
        : upsert
          ? `ON CONFLICT (${table.primaryKey.join(", ")}) DO NOTHING`
          : ""
    // Chunks keep every statement under SQLite's limit of host parameters.
    const size = Math.max(1, Math.floor(30_000 / table.columns.length))
    return Effect.forEach(
      Array.from({ length: Math.ceil(values.length / size) }, (_, i) => values.slice(i * size, (i + 1) * size)),
      (chunk) => sql`INSERT INTO ${sql(table.name)} ${sql.insert(chunk)} ${sql.literal(conflict)}`,
      { discard: true }
    )
  }

  const apply = (change: TableChange) =>
    Effect.suspend(() => {
      const table = specOf(change.table)
      switch (change._tag) {
        case "upsert":
          return insertRows(table, change.rows, true)
        case "delete":
          return Effect.forEach(
            change.keys,
            (key) =>
              sql`DELETE FROM ${sql(table.name)} WHERE ${sql.and(
                table.primaryKey.map((column, i) => sql`${sql(column)} = ${key[i] as any}`)
              )}`,
            { discard: true }
          )
        case "replacePartition": {
          const column = table.partitionColumn
          if (column === undefined) return Effect.dieMessage(`table ${table.name} has no partition column`)
          return Effect.zipRight(
            sql`DELETE FROM ${sql(table.name)} WHERE ${sql(column)} = ${change.partition}`,
            insertRows(table, change.rows, false)
          )
        }
      }
    })

  const readCheckpoint = (projection: string) =>
    Effect.map(
      sql<{ version: unknown; position: unknown }>`
        SELECT version, position FROM projection_checkpoints WHERE projection = ${projection}`,
      (rows): Option.Option<Checkpoint> =>
        rows[0] === undefined
          ? Option.none()
          : Option.some({ projection, version: Number(rows[0].version), position: Number(rows[0].position) })
    )

  const conflict = (m: CheckpointMove) =>
    Effect.flatMap(
      readCheckpoint(m.next.projection),
      (actual) =>
        new CheckpointConflict({
          projection: m.next.projection,
          expected: Option.match(m.expected, { onNone: () => 0, onSome: (c) => c.position }),
          actual: Option.match(actual, { onNone: () => 0, onSome: (c) => c.position })
        })
    )

  const move = (m: CheckpointMove, at: string) =>
    Effect.gen(function* () {
      const { expected, next } = m
      const moved = Option.isNone(expected)
        ? yield* sql`INSERT INTO projection_checkpoints (projection, version, position, updated_at)
            VALUES (${next.projection}, ${next.version}, ${next.position}, ${at})
            ON CONFLICT (projection) DO NOTHING RETURNING projection`
        : yield* sql`UPDATE projection_checkpoints
            SET version = ${next.version}, position = ${next.position}, updated_at = ${at}
            WHERE projection = ${next.projection} AND position = ${expected.value.position}
              AND version = ${expected.value.version}
            RETURNING projection`
      if (moved.length === 0) return yield* conflict(m)
    })

  /**
   * The moves of existing checkpoints in one statement (one round trip on PostgreSQL, one
   * statement on SQLite): every expectation is checked; when one fails the commit fails and its
   * transaction rolls back (the moves that matched go with it).
   */
  const moveAll = (moves: ReadonlyArray<CheckpointMove>) =>
    Effect.gen(function* () {
      const at = yield* now
      const updates = moves.filter((m) => Option.isSome(m.expected))
      for (const m of moves) if (Option.isNone(m.expected)) yield* move(m, at)
      if (updates.length === 0) return
      if (updates.length === 1) return yield* move(updates[0]!, at)
      const cases = (value: (m: CheckpointMove) => number) =>
        sql.join(" ", false)(updates.map((m) => sql`WHEN ${m.next.projection} THEN CAST(${value(m)} AS BIGINT)`))
      const moved = yield* sql<{ projection: string }>`UPDATE projection_checkpoints
        SET version = CASE projection ${cases((m) => m.next.version)} END,
            position = CASE projection ${cases((m) => m.next.position)} END,
            updated_at = ${at}
        WHERE ${sql.or(
          updates.map((m) => {
            const expected = Option.getOrThrow(m.expected)
            return sql`(projection = ${m.next.projection} AND position = ${expected.position} AND version = ${expected.version})`
          })
        )}
        RETURNING projection`
      if (moved.length < updates.length) {
        const done = new Set(moved.map((r) => r.projection))
        return yield* conflict(updates.find((m) => !done.has(m.next.projection))!)
      }
    })

  const setCheckpoint = (checkpoint: Checkpoint) =>
    Effect.flatMap(
      now,
      (at) => sql`INSERT INTO projection_checkpoints (projection, version, position, updated_at)
        VALUES (${checkpoint.projection}, ${checkpoint.version}, ${checkpoint.position}, ${at})
        ON CONFLICT (projection) DO UPDATE SET version = excluded.version, position = excluded.position,
          updated_at = excluded.updated_at`
    )

  const swapTable = (table: Table) =>
    Effect.gen(function* () {
      const name = checkTableName(table.name)
      const twin = shadowName(name)
      yield* sql.unsafe(`DROP TABLE IF EXISTS ${name}`)
      yield* sql.unsafe(`ALTER TABLE ${twin} RENAME TO ${name}`)
      const twinIndexes = indexesOf(table, twin)
      const indexes = indexesOf(table)
      if (dialect.name === "pg") {
        yield* sql.unsafe(`ALTER INDEX ${twin}__pk RENAME TO ${name}__pk`)
        for (const [i, index] of indexes.entries())
          yield* sql.unsafe(`ALTER INDEX IF EXISTS ${twinIndexes[i]!.name} RENAME TO ${index.name}`)
      } else {
        // SQLite cannot rename an index: build it again under the table's own name
        for (const [i, index] of indexes.entries()) {
          yield* sql.unsafe(`DROP INDEX IF EXISTS ${twinIndexes[i]!.name}`)
          yield* sql.unsafe(`CREATE INDEX IF NOT EXISTS ${index.name} ON ${name} (${index.columns.join(", ")})`)
        }
      }
      specs.set(name, table)
      specs.delete(twin)
    })

  const joinOrBegin = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    Effect.flatMap(Effect.serviceOption(SqlClient.TransactionConnection), (tx) =>
      Option.isSome(tx) ? effect : dialect.withWriteTransaction(effect)
    )

  const client = yield* SqlClient.SqlClient
  const listen = (client as unknown as { listen?: (channel: string) => Stream.Stream<string, SqlError> }).listen
  const claims = new Map<string, object>()

  return {
    ensureTables: (tables) =>
      wrap("ensureTables")(
        Effect.forEach(
          tables,
          (table) =>
            Effect.suspend(() => {
              specs.set(table.name, table)
              const base = table.name.endsWith("__next") ? table.name.slice(0, -"__next".length) : table.name
              const statements =
                base === table.name ? ddl(dialect, table) : ddl(dialect, { ...table, name: base }, table.name)
              return Effect.forEach(statements, (statement) => sql.unsafe(statement), { discard: true })
            }),
          { discard: true }
        )
      ),
    dropTables: (names) =>
      wrap("dropTables")(
        Effect.forEach(
          names,
          (name) =>
            Effect.suspend(() => {
              specs.delete(name)
              return sql.unsafe(`DROP TABLE IF EXISTS ${checkTableName(name)}`)
            }),
          { discard: true }
        )
      ),
    checkpoint: (projection) => wrap("checkpoint")(readCheckpoint(projection)),
    // Inside the caller's transaction the commit joins it without a savepoint (one round trip
    // less per append): a failed commit must fail that transaction, as the engine's callers do.
    commit: (changes, checkpoint) =>
      wrap("commit")(
        joinOrBegin(
          Effect.zipRight(
            checkpoint === undefined ? Effect.void : moveAll("next" in checkpoint ? [checkpoint] : checkpoint),
            Effect.forEach(changes, apply, { discard: true })
          )
        )
      ),
    transaction: (effect, options) =>
      Effect.catchIf(
        dialect.withWriteTransaction(options?.lockLog ? Effect.zipRight(dialect.lockLog, effect) : effect),
        (e): e is SqlError => (e as { _tag?: unknown })?._tag === "SqlError",
        (cause) => Effect.fail(new ProjectionStoreError({ method: "transaction", cause }))
      ) as any,
    swap: (tables, checkpoint) =>
      wrap("swap")(
        dialect.withWriteTransaction(
          Effect.all(
            [
              Effect.forEach(tables, swapTable, { discard: true }),
              sql`DELETE FROM projection_checkpoints WHERE projection = ${shadowName(checkpoint.projection)}`,
              setCheckpoint(checkpoint)
            ],
            { discard: true }
          )
        )
      ),
    coordinator:
      dialect.name === "pg"
        ? wrap("coordinator")(
            Effect.gen(function* () {
              const connection = yield* sql.reserve
              const held = new Set<string>()
              // the connection goes back to the pool: its session locks must not go with it
              yield* Effect.addFinalizer(() =>
                Effect.ignore(connection.executeUnprepared("SELECT pg_advisory_unlock_all()", [], undefined))
              )
              return {
                tryClaim: (projection: string) =>
                  held.has(projection)
                    ? Effect.succeed(true)
                    : wrap("tryClaim")(
                        Effect.map(
                          connection.execute(
                            "SELECT pg_try_advisory_lock(training_ledger_lock_key($1)) AS ok",
                            [projection],
                            undefined
                          ),
                          (rows) => {
                            const ok = rows[0]?.ok === true
                            if (ok) held.add(projection)
                            return ok
                          }
                        )
                      ),
                release: (projection: string) =>
                  held.has(projection)
                    ? wrap("release")(
                        Effect.asVoid(
                          Effect.tap(
                            connection.execute(
                              "SELECT pg_advisory_unlock(training_ledger_lock_key($1))",
                              [projection],
                              undefined
                            ),
                            () => held.delete(projection)
                          )
                        )
                      )
                    : Effect.void,
                alive: Effect.match(connection.execute("SELECT 1", [], undefined), {
                  onFailure: () => false,
                  onSuccess: () => true
                })
              }
            })
          )
        : Effect.gen(function* () {
            const self = {}
            yield* Effect.addFinalizer(() =>
              Effect.sync(() => {
                for (const [name, owner] of claims) if (owner === self) claims.delete(name)
              })
            )
            return {
              tryClaim: (projection: string) =>
                Effect.sync(() => {
                  const owner = claims.get(projection)
                  if (owner === undefined) claims.set(projection, self)
                  return owner === undefined || owner === self
                }),
              release: (projection: string) =>
                Effect.sync(() => {
                  if (claims.get(projection) === self) claims.delete(projection)
                }),
              alive: Effect.succeed(true)
            }
          }),
    appended:
      dialect.name === "pg" && listen !== undefined
        ? Stream.unwrap(
            Effect.map(sql<{ channel: string }>`SELECT training_ledger_channel() AS channel`, (rows) =>
              Stream.map(listen(rows[0]!.channel), () => undefined)
            )
          ).pipe(Stream.mapError((cause) => new ProjectionStoreError({ method: "appended", cause })))
        : Stream.empty,
    select: (table, options = {}) =>
      wrap("select")(
        Effect.suspend(() => {
          const where = Object.entries(options.where ?? {})
          const atLeast = Object.entries(options.atLeast ?? {})
          for (const [column] of [...where, ...atLeast]) {
            if (!table.columns.some((c) => c.name === column)) throw new Error(`${table.name} has no column ${column}`)
          }
          const conditions = [
            ...where.map(([c, v]) => sql`${sql(c)} = ${encodeWhere(dialect, table, c, v) as any}`),
            ...atLeast.map(([c, v]) => sql`${sql(c)} >= ${encodeWhere(dialect, table, c, v) as any}`)
          ]
          const order = (options.orderBy ?? table.primaryKey).map(checkIdentifier)
          return Effect.map(
            sql`SELECT * FROM ${sql(checkTableName(table.name))}
              ${conditions.length > 0 ? sql`WHERE ${sql.and(conditions)}` : sql.literal("")}
              ORDER BY ${sql.literal(order.join(", "))}
              ${options.limit !== undefined ? sql`LIMIT ${Math.max(0, Math.floor(options.limit))}` : sql.literal("")}`,
            (rows) =>
              rows.map((raw) => {
                const out: Record<string, unknown> = {}
                for (const column of table.columns)
                  out[column.name] = decodeValue(dialect, column, (raw as any)[column.name])
                return out as Row
              })
          )
        })
      )
  }
})

const encodeWhere = (dialect: Dialect.Dialect, table: Table, column: string, value: unknown) => {
  const spec = table.columns.find((c) => c.name === column)!
  return encodeValue(dialect, spec, value)
}

/**
 * Requires the `projection_checkpoints` table (migration "0003_projection_store").
 *
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<ProjectionStore, never, SqlClient.SqlClient> = Layer.effect(ProjectionStoreTag, make)
