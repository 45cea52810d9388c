/**
 * The projection store on SQL (SQLite or PostgreSQL through `SqlClient`): read models as plain
 * tables, checkpoints in `projection_checkpoints`.
 *
 * `commit` runs in one write transaction: the checkpoint moves first by compare-and-set (an
 * `UPDATE ... WHERE position = expected RETURNING`, or an insert that must not find a row), then
 * the row changes. Under PostgreSQL's READ COMMITTED a second worker with the same expectation
 * waits on the first one's row lock and then finds the position changed: it writes nothing.
 * `transaction` is the dialect's write transaction: appends of the SQL event store on the same
 * `SqlClient` join it.
 *
 * @since 0.2.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import {
  type Checkpoint,
  CheckpointConflict,
  type Column,
  type ProjectionStore,
  ProjectionStoreError,
  type ProjectionStoreService,
  type Row,
  type Table,
  type TableChange
} from "../../ports/ProjectionStore.js"
import { ProjectionStore as ProjectionStoreTag } from "../../ports/ProjectionStore.js"
import * as TableRows from "../tables/TableRows.js"
import * as Dialect from "./Dialect.js"

const identifier = /^[a-z_][a-z0-9_]{0,62}$/

const checkIdentifier = (name: string): string => {
  if (!identifier.test(name)) throw new Error(`"${name}" is not a table or column name (a-z, 0-9, _)`)
  return name
}

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

/** The DDL of a table and its indexes. */
const ddl = (dialect: Dialect.Dialect, table: Table): ReadonlyArray<string> => {
  const name = checkIdentifier(table.name)
  const columns = table.columns.map(
    (c) => `${checkIdentifier(c.name)} ${columnType(dialect, c)}${c.nullable ? "" : " NOT NULL"}`
  )
  const statements = [
    `CREATE TABLE IF NOT EXISTS ${name} (${columns.join(", ")}, PRIMARY KEY (${table.primaryKey
      .map(checkIdentifier)
      .join(", ")}))`
  ]
  const indexes = [...(table.partitionColumn ? [[table.partitionColumn]] : []), ...(table.indexes ?? [])]
  for (const index of indexes) {
    const cols = index.map(checkIdentifier)
    statements.push(`CREATE INDEX IF NOT EXISTS ${name}__${cols.join("__")} ON ${name} (${cols.join(", ")})`)
  }
  return statements
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

  const move = (expected: Option.Option<Checkpoint>, next: Checkpoint) =>
    Effect.gen(function* () {
      const at = yield* now
      const moved = Option.isNone(expected)
        ? yield* sql`INSERT INTO projection_checkpoints (projection, version, position, updated_at)
            VALUES (${next.projection}, ${next.version}, ${next.position}, ${at})
            ON CONFLICT (projection) DO NOTHING RETURNING projection`
        : yield* sql`UPDATE projection_checkpoints
            SET version = ${next.version}, position = ${next.position}, updated_at = ${at}
            WHERE projection = ${next.projection} AND position = ${expected.value.position}
              AND version = ${expected.value.version}
            RETURNING projection`
      if (moved.length === 0) {
        const actual = yield* readCheckpoint(next.projection)
        return yield* new CheckpointConflict({
          projection: next.projection,
          expected: Option.match(expected, { onNone: () => 0, onSome: (c) => c.position }),
          actual: Option.match(actual, { onNone: () => 0, onSome: (c) => c.position })
        })
      }
    })

  return {
    ensureTables: (tables) =>
      wrap("ensureTables")(
        Effect.forEach(
          tables,
          (table) =>
            Effect.suspend(() => {
              specs.set(table.name, table)
              return Effect.forEach(ddl(dialect, table), (statement) => sql.unsafe(statement), { discard: true })
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
              return sql.unsafe(`DROP TABLE IF EXISTS ${checkIdentifier(name)}`)
            }),
          { discard: true }
        )
      ),
    checkpoint: (projection) => wrap("checkpoint")(readCheckpoint(projection)),
    commit: (changes, checkpoint) =>
      wrap("commit")(
        dialect.withWriteTransaction(
          Effect.zipRight(
            checkpoint === undefined ? Effect.void : move(checkpoint.expected, checkpoint.next),
            Effect.forEach(changes, apply, { discard: true })
          )
        )
      ),
    transaction: (effect) =>
      Effect.catchIf(
        dialect.withWriteTransaction(effect),
        (e): e is SqlError => (e as { _tag?: unknown })?._tag === "SqlError",
        (cause) => Effect.fail(new ProjectionStoreError({ method: "transaction", cause }))
      ) as any,
    select: (table, options = {}) =>
      wrap("select")(
        Effect.suspend(() => {
          const where = Object.entries(options.where ?? {})
          for (const [column] of where) {
            if (!table.columns.some((c) => c.name === column)) throw new Error(`${table.name} has no column ${column}`)
          }
          const order = (options.orderBy ?? table.primaryKey).map(checkIdentifier)
          return Effect.map(
            sql`SELECT * FROM ${sql(checkIdentifier(table.name))}
              ${where.length > 0 ? sql`WHERE ${sql.and(where.map(([c, v]) => sql`${sql(c)} = ${encodeWhere(dialect, table, c, v) as any}`))}` : sql.literal("")}
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
