import * as Memory from "../../src/adapters/memory/Memory.js"
import * as EngineSuite from "./EngineSuite.js"

EngineSuite.suite("Projection engine on the memory store", () => Memory.layer(), { runs: 30 })
