import { suite } from "./PromiseSuite.js"

suite("Promise API on memory:", async () => ({ url: "memory:", cleanup: async () => {} }))
