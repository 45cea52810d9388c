/**
 * A projection that records who applied each event: one row per (position, worker). If two
 * workers ever applied the same event, the table would hold two rows for its position.
 */
import { Schema } from "effect"
import * as Columns from "../../../src/projections/Columns.js"
import type * as Projection from "../../../src/projections/Projection.js"

export const table = Columns.table(
  "test_applications",
  Schema.Struct({
    position: Columns.integer("the event's position"),
    worker: Columns.text("the worker that applied it")
  }),
  { description: "who applied each event", primaryKey: ["position", "worker"] }
)

export const applications = (worker: string): Projection.Projection<unknown, null> => ({
  name: "test-applications",
  version: 1,
  handles: "all",
  tables: [table],
  partition: () => "log",
  source: { _tag: "None" },
  initialState: () => null,
  evolve: (state, e, emit) => {
    emit.upsert(table.name, { position: e.position, worker })
    return state
  },
  row: () => undefined
})
