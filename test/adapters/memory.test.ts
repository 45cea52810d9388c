import * as EventStoreSuite from "./EventStoreSuite.js"
import * as RawLog from "./support/RawLog.js"

EventStoreSuite.suite("MemoryEventStore", (options) => RawLog.layerMemory(options ?? {}), {
  propertyRuns: 200,
  databaseFailures: false
})
