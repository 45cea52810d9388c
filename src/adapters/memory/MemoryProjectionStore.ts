/**
 * The projection store in memory, on the same {@link MemoryDatabase} as the memory event store:
 * `transaction` joins appends and row writes, and undoes both when the effect fails.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import {
  type Checkpoint,
  CheckpointConflict,
  ProjectionStore,
  ProjectionStoreError,
  type ProjectionStoreService,
  type Row,
  type Table,
  type TableChange
} from "../../ports/ProjectionStore.js"
import * as TableRows from "../tables/TableRows.js"
import * as MemoryDatabase from "./MemoryDatabase.js"

interface MemoryTable {
  readonly spec: Table
  /** Rows by the JSON of their primary key. */
  readonly rows: Map<string, Row>
}

/**
 * @since 0.2.0
 * @category constructors
 */
export const make = (database: MemoryDatabase.MemoryDatabase): ProjectionStoreService => {
  const tables = new Map<string, MemoryTable>()
  const checkpoints = new Map<string, Checkpoint>()
  const write = MemoryDatabase.write(database)
  const fail = (method: string, cause: unknown) => new ProjectionStoreError({ method, cause })

  const tableOf = (name: string): MemoryTable => {
    const table = tables.get(name)
    if (table === undefined) throw new Error(`no read-model table ${name}`)
    return table
  }

  const set = (undo: (restore: () => void) => void, table: MemoryTable, key: string, row: Row | undefined) => {
    const before = table.rows.get(key)
    if (row === undefined) table.rows.delete(key)
    else table.rows.set(key, row)
    undo(() => (before === undefined ? table.rows.delete(key) : table.rows.set(key, before)))
  }

  const apply = (undo: (restore: () => void) => void, change: TableChange) => {
    const table = tableOf(change.table)
    switch (change._tag) {
      case "upsert":
        for (const row of change.rows) {
          const checked = TableRows.check(table.spec, row)
          set(undo, table, TableRows.keyOf(table.spec, checked), checked)
        }
        return
      case "delete":
        for (const key of change.keys) set(undo, table, JSON.stringify(key), undefined)
        return
      case "replacePartition": {
        const column = table.spec.partitionColumn
        if (column === undefined) throw new Error(`table ${table.spec.name} has no partition column`)
        for (const [key, row] of [...table.rows]) if (row[column] === change.partition) set(undo, table, key, undefined)
        for (const row of change.rows) {
          const checked = TableRows.check(table.spec, row)
          set(undo, table, TableRows.keyOf(table.spec, checked), checked)
        }
        return
      }
    }
  }

  return {
    ensureTables: (specs) =>
      Effect.sync(() => {
        for (const spec of specs) if (!tables.has(spec.name)) tables.set(spec.name, { spec, rows: new Map() })
      }),
    dropTables: (names) =>
      Effect.sync(() => {
        for (const name of names) tables.delete(name)
      }),
    checkpoint: (projection) => Effect.sync(() => Option.fromNullable(checkpoints.get(projection))),
    commit: (changes, move) =>
      MemoryDatabase.transaction(database)(
        Effect.flatMap(
          write((undo) => {
            if (move !== undefined) {
              const actual = checkpoints.get(move.next.projection)
              const expected = Option.getOrUndefined(move.expected)
              if (actual?.position !== expected?.position || actual?.version !== expected?.version) {
                return new CheckpointConflict({
                  projection: move.next.projection,
                  expected: expected?.position ?? 0,
                  actual: actual?.position ?? 0
                })
              }
            }
            try {
              for (const change of changes) apply(undo, change)
            } catch (cause) {
              return fail("commit", cause)
            }
            if (move !== undefined) {
              const before = checkpoints.get(move.next.projection)
              checkpoints.set(move.next.projection, move.next)
              undo(() =>
                before === undefined
                  ? checkpoints.delete(move.next.projection)
                  : checkpoints.set(move.next.projection, before)
              )
            }
            return undefined
          }),
          (error) => (error === undefined ? Effect.void : Effect.fail(error))
        )
      ),
    transaction: (effect) => MemoryDatabase.transaction(database)(effect),
    select: (spec, options = {}) =>
      Effect.try({
        try: () => TableRows.select([...tableOf(spec.name).rows.values()], spec, options),
        catch: (cause) => fail("select", cause)
      })
  }
}

/**
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<ProjectionStore, never, MemoryDatabase.MemoryDatabase> = Layer.effect(
  ProjectionStore,
  Effect.map(MemoryDatabase.MemoryDatabase, make)
)
