/**
 * RFC 9162 section 2.1 written as its recursive definitions, over a whole list of leaf hashes:
 * the oracle the stored-node computations of `src/audit/Merkle.ts` are checked against. O(n) per
 * call, for tests only.
 */
import * as Merkle from "../../src/audit/Merkle.js"

type Hash = Merkle.Hash

const largestPowerOfTwoBelow = (n: number): number => {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

/** MTH(D[begin:end]) */
const mth = (leaves: ReadonlyArray<Hash>, begin: number, end: number): string => Merkle.root(leaves.slice(begin, end))

/** PATH(m, D[begin:end]), bottom up. */
const path = (leaves: ReadonlyArray<Hash>, m: number, begin: number, end: number): Array<string> => {
  const n = end - begin
  if (n === 1) return []
  const k = largestPowerOfTwoBelow(n)
  return m < k
    ? [...path(leaves, m, begin, begin + k), mth(leaves, begin + k, end)]
    : [...path(leaves, m - k, begin + k, end), mth(leaves, begin, begin + k)]
}

/** SUBPROOF(m, D[begin:end], b) */
const subproof = (leaves: ReadonlyArray<Hash>, m: number, begin: number, end: number, b: boolean): Array<string> => {
  const n = end - begin
  if (m === n) return b ? [] : [mth(leaves, begin, end)]
  const k = largestPowerOfTwoBelow(n)
  return m <= k
    ? [...subproof(leaves, m, begin, begin + k, b), mth(leaves, begin + k, end)]
    : [...subproof(leaves, m - k, begin + k, end, false), mth(leaves, begin, begin + k)]
}

/** The inclusion proof of leaf `index` in the tree of the first `n` leaves. */
export const inclusionPath = (leaves: ReadonlyArray<Hash>, index: number, n: number): Array<string> =>
  path(leaves, index, 0, n)

/** The consistency proof between the trees of the first `m` and the first `n` leaves (0 < m <= n). */
export const consistencyProof = (leaves: ReadonlyArray<Hash>, m: number, n: number): Array<string> =>
  subproof(leaves, m, 0, n, true)
