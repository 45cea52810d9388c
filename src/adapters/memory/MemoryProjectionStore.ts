/**
 * The projection store in memory, on the same {@link MemoryDatabase} as the memory event store:
 * `transaction` joins appends and row writes, and undoes both when the effect fails.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import {
  type Checkpoint,
  CheckpointConflict,
  type CheckpointMove,
  ProjectionStore,
  ProjectionStoreError,
  type ProjectionStoreService,
  type Row,
  shadowName,
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
  // claims of the workers of this process on this database: one process, so a map is enough
  const claims = new Map<string, object>()
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

  const setCheckpoint = (undo: (restore: () => void) => void, name: string, next: Checkpoint | undefined) => {
    const before = checkpoints.get(name)
    if (next === undefined) checkpoints.delete(name)
    else checkpoints.set(name, next)
    undo(() => (before === undefined ? checkpoints.delete(name) : checkpoints.set(name, before)))
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
            const moves: ReadonlyArray<CheckpointMove> = move === undefined ? [] : "next" in move ? [move] : move
            for (const m of moves) {
              const actual = checkpoints.get(m.next.projection)
              const expected = Option.getOrUndefined(m.expected)
              if (actual?.position !== expected?.position || actual?.version !== expected?.version) {
                return new CheckpointConflict({
                  projection: m.next.projection,
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
            for (const m of moves) setCheckpoint(undo, m.next.projection, m.next)
            return undefined
          }),
          (error) => (error === undefined ? Effect.void : Effect.fail(error))
        )
      ),
    // the transaction holds the database's one lock, which appends take too: it always locks the log
    transaction: (effect) => MemoryDatabase.transaction(database)(effect),
    swap: (specs, checkpoint) =>
      MemoryDatabase.transaction(database)(
        write((undo) => {
          for (const spec of specs) {
            const next = tables.get(shadowName(spec.name))
            const before = tables.get(spec.name)
            tables.set(spec.name, { spec, rows: next?.rows ?? new Map() })
            tables.delete(shadowName(spec.name))
            undo(() => {
              if (next !== undefined) tables.set(shadowName(spec.name), next)
              if (before === undefined) tables.delete(spec.name)
              else tables.set(spec.name, before)
            })
          }
          setCheckpoint(undo, shadowName(checkpoint.projection), undefined)
          setCheckpoint(undo, checkpoint.projection, checkpoint)
        })
      ),
    coordinator: Effect.gen(function* () {
      const self = {}
      yield* Effect.addFinalizer(() =>
        Effect.sync(() => {
          for (const [name, owner] of claims) if (owner === self) claims.delete(name)
        })
      )
      return {
        tryClaim: (projection) =>
          Effect.sync(() => {
            const owner = claims.get(projection)
            if (owner === undefined) claims.set(projection, self)
            return owner === undefined || owner === self
          }),
        release: (projection) =>
          Effect.sync(() => {
            if (claims.get(projection) === self) claims.delete(projection)
          }),
        alive: Effect.succeed(true)
      }
    }),
    appended: Stream.empty,
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
