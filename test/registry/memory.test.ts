import * as MemoryDataKeyStore from "../../src/privacy/MemoryDataKeyStore.js"
import * as DataKeyStoreSuite from "../privacy/DataKeyStoreSuite.js"
import * as Databases from "../support/databases.js"
import * as RegistrySuite from "./RegistrySuite.js"

DataKeyStoreSuite.suite("memory", MemoryDataKeyStore.make)
RegistrySuite.suite("memory", Databases.memory)
