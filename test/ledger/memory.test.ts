import * as Databases from "../support/databases.js"
import * as AuthorizationSuite from "./AuthorizationSuite.js"
import { suite } from "./LedgerSuite.js"

suite("Ledger on the in-memory store", async () => ({ url: "memory:", cleanup: async () => {} }))
AuthorizationSuite.suite("memory", Databases.memory)
