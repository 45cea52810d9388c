import * as Memory from "../../src/adapters/memory/Memory.js"
import * as AuditSuite from "./AuditSuite.js"
import * as EventStoreSuite from "./EventStoreSuite.js"
import * as ProjectionStoreSuite from "./ProjectionStoreSuite.js"
import * as RawLog from "./support/RawLog.js"

EventStoreSuite.suite("MemoryEventStore", (options) => RawLog.layerMemory(options ?? {}), {
  propertyRuns: 200,
  databaseFailures: false
})

ProjectionStoreSuite.suite("MemoryProjectionStore", () => Memory.layer())

AuditSuite.suite("Merkle tree (memory)", () => RawLog.layerMemory(), { propertyRuns: 60, maxEvents: 120 })
