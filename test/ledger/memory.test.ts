import { suite } from "./LedgerSuite.js"

suite("Ledger on the in-memory store", async () => ({ url: "memory:", cleanup: async () => {} }))
