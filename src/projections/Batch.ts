/**
 * The rows a batch of events changed, gathered while projections evolve and turned into table
 * changes once the batch is folded: each touched row is computed once per batch from the final
 * state, whatever the number of events that touched it, and written in one multi-row statement
 * per table. Pure: the engine, the as-of replay and the tests share it.
 *
 * @since 0.2.0
 */
import type { Row, Table, TableChange } from "../ports/ProjectionStore.js"
import type { Any, Emit } from "./Projection.js"

type Entry =
  | { readonly _tag: "row"; readonly row: Row }
  | { readonly _tag: "remove"; readonly key: ReadonlyArray<unknown> }

interface Pending {
  readonly projection: Any<any>
  readonly tables: ReadonlyMap<string, Table>
  /** keyed form: partition -> table -> keys */
  readonly touched: Map<string, Map<string, Set<string>>>
  /** rows given or removed directly: table -> primary key (JSON) -> entry */
  readonly direct: Map<string, Map<string, Entry>>
  readonly emits: Map<string, Emit>
}

const primaryKeyOf = (table: Table, row: Row): ReadonlyArray<unknown> =>
  table.primaryKey.length === 1 ? [row[table.primaryKey[0]!]] : table.primaryKey.map((c) => row[c])

// a key of one text or number (most tables' keys within a batch) without JSON
const keyString = (key: ReadonlyArray<unknown>): string => {
  if (key.length === 1) {
    const k = key[0]
    if (typeof k === "string") return `s${k}`
    if (typeof k === "number") return `n${k}`
  }
  return `j${JSON.stringify(key)}`
}

/**
 * A batch being folded.
 *
 * @since 0.2.0
 * @category models
 */
export interface Batch {
  /** The `Emit` for events of `partition` of `projection`. */
  readonly emit: (projection: Any<any>, partition: string) => Emit
  /** The partitions touched in the batch, by projection name. */
  readonly partitions: (projection: string) => ReadonlyArray<string>
  /**
   * The table changes, given the final state of each touched partition. `tableName` maps a
   * table to the one written (a rebuild writes to its new tables).
   */
  readonly changes: (
    stateOf: (projection: string, partition: string) => unknown,
    tableName?: (projection: string, table: string) => string
  ) => ReadonlyArray<TableChange>
  readonly isEmpty: () => boolean
}

/**
 * An empty batch.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make = (): Batch => {
  const pending = new Map<string, Pending>()

  const pendingOf = (projection: Any<any>): Pending => {
    let p = pending.get(projection.name)
    if (p === undefined) {
      p = {
        projection,
        tables: new Map(projection.tables.map((t) => [t.name, t])),
        touched: new Map(),
        direct: new Map(),
        emits: new Map()
      }
      pending.set(projection.name, p)
    }
    return p
  }

  const tableOf = (p: Pending, name: string): Table => {
    const table = p.tables.get(name)
    if (table === undefined) throw new Error(`projection ${p.projection.name} has no table ${name}`)
    return table
  }

  const direct = (p: Pending, table: string, key: ReadonlyArray<unknown>, entry: Entry) => {
    let rows = p.direct.get(table)
    if (rows === undefined) p.direct.set(table, (rows = new Map()))
    rows.set(keyString(key), entry)
  }

  const emit = (projection: Any<any>, partition: string): Emit => {
    const p = pendingOf(projection)
    let e = p.emits.get(partition)
    if (e !== undefined) return e
    let byTable = p.touched.get(partition)
    if (byTable === undefined) p.touched.set(partition, (byTable = new Map()))
    const touched = byTable
    e = {
      touch: (table, key) => {
        let keys = touched.get(table)
        if (keys === undefined) touched.set(table, (keys = new Set()))
        keys.add(key)
      },
      upsert: (table, row) => direct(p, table, primaryKeyOf(tableOf(p, table), row), { _tag: "row", row }),
      remove: (table, key) => direct(p, table, key, { _tag: "remove", key })
    }
    p.emits.set(partition, e)
    return e
  }

  const changes: Batch["changes"] = (stateOf, tableName = (_, t) => t) => {
    const out: Array<TableChange> = []
    for (const p of pending.values()) {
      const { projection } = p
      const name = (table: string) => tableName(projection.name, table)
      if (projection.rows !== undefined) {
        for (const partition of p.touched.keys()) {
          for (const { rows, table } of projection.rows(stateOf(projection.name, partition)))
            out.push({ _tag: "replacePartition", table: name(table), partition, rows })
        }
      } else if (projection.row !== undefined) {
        for (const [partition, byTable] of p.touched) {
          const state = stateOf(projection.name, partition)
          for (const [table, keys] of byTable) {
            const spec = tableOf(p, table)
            for (const key of keys) {
              const row = projection.row(state, table, key)
              if (row !== undefined) direct(p, table, primaryKeyOf(spec, row), { _tag: "row", row })
            }
          }
        }
      }
      for (const [table, entries] of p.direct) {
        const rows: Array<Row> = []
        const keys: Array<ReadonlyArray<unknown>> = []
        for (const entry of entries.values()) {
          if (entry._tag === "row") rows.push(entry.row)
          else keys.push(entry.key)
        }
        if (keys.length > 0) out.push({ _tag: "delete", table: name(table), keys })
        if (rows.length > 0) out.push({ _tag: "upsert", table: name(table), rows })
      }
    }
    return out
  }

  return {
    emit,
    partitions: (projection) => Array.from(pending.get(projection)?.touched.keys() ?? []),
    changes,
    isEmpty: () => pending.size === 0
  }
}
