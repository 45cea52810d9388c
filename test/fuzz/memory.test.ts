import * as PromiseFuzz from "./PromiseFuzz.js"

PromiseFuzz.suite("Promise API fuzz on memory:", async () => ({ url: "memory:", cleanup: async () => {} }), 300)
