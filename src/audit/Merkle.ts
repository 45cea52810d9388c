/**
 * The Merkle tree over the event log, as RFC 6962 / RFC 9162 define it, so that any Certificate
 * Transparency verifier computes the same roots and accepts the same proofs.
 *
 * - Leaf hash `SHA-256(0x00 || leaf)`, node hash `SHA-256(0x01 || left || right)`, the empty tree's
 *   root `SHA-256("")`; the tree of `n` leaves splits at the largest power of two below `n`.
 * - **The leaf of an event is the 32 raw bytes of its `content_hash`** (the SHA-256 of the
 *   canonical encoding of the envelope content, see `adapters/Hashing.ts`), and the event at
 *   position `p` is leaf index `p - 1`; the tree of size `n` covers positions `1..n`. Not the chain
 *   `hash`: the content hash already commits to everything an auditor reads, it does not depend on
 *   the order of earlier events (the tree commits to the order), and it lets a bundle prove one
 *   event without shipping the chain before it. {@link eventLeafHash} computes it.
 * - Storage model: the hashes of **perfect subtrees**, node `(level, index)` covering the leaves
 *   `[index * 2^level, (index + 1) * 2^level)`; level 0 holds the leaf hashes. A node is stored once
 *   it is complete and never changes, so appends only add rows. {@link nodesToAdd} gives the rows
 *   an append adds (in its transaction). A root, an inclusion proof or a consistency proof at any
 *   size needs O(log n) stored nodes: `nodesForRoot` / `nodesForInclusion` / `nodesForConsistency`
 *   list them (one query), `rootAt` / `inclusionProof` / `consistencyProof` compute the answer from
 *   what was fetched. Nodes on the right edge of a tree whose size is not a power of two are not
 *   stored; they are recomputed from the stored nodes under them.
 * - Verifiers follow RFC 9162 sections 2.1.3.2 and 2.1.4.2 step by step and need no storage.
 *
 * Every hash is 64 lowercase hex digits, as the event store keeps its hashes (and hashing to a hex
 * string is about three times cheaper in Node than hashing to a Buffer). Sizes and indexes are
 * integers up to 2^52 (JavaScript numbers; the arithmetic avoids 32-bit bitwise operators). A
 * precondition broken by the caller (an index outside the tree) throws a `RangeError`; a node
 * absent from storage throws {@link MissingNode}, one that is not a hex digest
 * {@link MalformedNode}: defects of the caller or of the database, which the store turns into its
 * own typed error.
 *
 * @since 0.2.0
 */
import { isHexDigest, sha256Hex } from "./Sha256.js"

/**
 * A SHA-256 digest as 64 lowercase hexadecimal digits.
 *
 * @since 0.2.0
 * @category models
 */
export type Hash = string

/**
 * A perfect subtree: `level` 0 is a leaf, `index` counts from the left at that level.
 *
 * @since 0.2.0
 * @category models
 */
export interface NodeId {
  readonly level: number
  readonly index: number
}

/**
 * A stored perfect subtree and its hash.
 *
 * @since 0.2.0
 * @category models
 */
export interface Node extends NodeId {
  readonly hash: Hash
}

/**
 * Reads a stored node's hash; `undefined` when it is not there (then the computation throws
 * {@link MissingNode}). Synchronous: fetch the listed nodes first, then answer from the map
 * ({@link nodeLookup}).
 *
 * @since 0.2.0
 * @category models
 */
export type GetNode = (level: number, index: number) => Hash | undefined

/**
 * The outcome of a verifier: a proof is either verified or rejected with the reason.
 *
 * @since 0.2.0
 * @category models
 */
export type Verdict = { readonly _tag: "Verified" } | { readonly _tag: "Rejected"; readonly reason: string }

/**
 * A node the computation needs is not in storage (or not in the fetched map): the caller fetched
 * less than `nodesFor*` listed, or the stored tree lost rows.
 *
 * @since 0.2.0
 * @category errors
 */
export class MissingNode extends Error {
  constructor(
    readonly level: number,
    readonly index: number
  ) {
    super(`Merkle node (level ${level}, index ${index}) is not stored`)
  }
}

/**
 * A stored node's hash is not 64 lowercase hex digits: the stored tree is damaged.
 *
 * @since 0.2.0
 * @category errors
 */
export class MalformedNode extends Error {
  constructor(
    readonly level: number,
    readonly index: number
  ) {
    super(`Merkle node (level ${level}, index ${index}) is stored with a hash that is not 64 lowercase hex digits`)
  }
}

/**
 * The largest tree this module handles: 2^52 leaves (so every node's in-order key,
 * {@link nodeKey}, is a safe integer).
 *
 * @since 0.2.0
 * @category constants
 */
export const maxSize = 2 ** 52

// ---------------------------------------------------------------------------------------------
// Hashing
// ---------------------------------------------------------------------------------------------

/**
 * `SHA-256(0x00 || leaf)` for arbitrary leaf bytes.
 *
 * @since 0.2.0
 * @category hashing
 */
export const leafHash = (leaf: Uint8Array): Hash => {
  const input = new Uint8Array(leaf.length + 1)
  input.set(leaf, 1)
  return sha256Hex(input)
}

/**
 * The leaf hash of an event: `SHA-256(0x00 || content_hash)` over the 32 bytes of its content hash
 * (given as the store keeps it, 64 lowercase hex digits).
 *
 * @since 0.2.0
 * @category hashing
 */
export const eventLeafHash = (contentHashHex: string): Hash => {
  if (!isHexDigest(contentHashHex)) throw new RangeError("a content hash is 64 lowercase hexadecimal digits")
  eventLeafInput.write(contentHashHex, 1, "hex")
  return sha256Hex(eventLeafInput)
}

// Scratch buffers for the two hot hashes (about once each per appended event): `sha256Hex` is
// synchronous, so no two uses overlap. Only checked hex is written into them (a `write` stops
// silently at the first non-hex digit).
const eventLeafInput = Buffer.alloc(33)
const nodeInput = Buffer.alloc(65)
nodeInput[0] = 1

/**
 * `SHA-256(0x01 || left || right)` (both checked hex digests).
 *
 * @since 0.2.0
 * @category hashing
 */
export const nodeHash = (left: Hash, right: Hash): Hash => {
  nodeInput.write(left, 1, "hex")
  nodeInput.write(right, 33, "hex")
  return sha256Hex(nodeInput)
}

/**
 * The root of the empty tree, `SHA-256("")`, in hex.
 *
 * @since 0.2.0
 * @category hashing
 */
export const emptyRoot: Hash = sha256Hex(new Uint8Array(0))

/**
 * The root of a whole list of leaf hashes, by the recursive definition of RFC 6962 section 2.1
 * (the reference the stored-node computations are tested against; O(n), for small logs).
 *
 * @since 0.2.0
 * @category reference
 */
export const root = (leafHashes: ReadonlyArray<Hash>): Hash => {
  leafHashes.forEach((hash, i) => {
    if (!isHexDigest(hash)) throw new RangeError(`leaf hash ${i} is not 64 lowercase hex digits`)
  })
  return leafHashes.length === 0 ? emptyRoot : subtreeRoot(leafHashes, 0, leafHashes.length)
}

const subtreeRoot = (leaves: ReadonlyArray<Hash>, begin: number, end: number): Hash => {
  if (end - begin === 1) return leaves[begin]
  const split = begin + largestPowerOfTwoBelow(end - begin)
  return nodeHash(subtreeRoot(leaves, begin, split), subtreeRoot(leaves, split, end))
}

// ---------------------------------------------------------------------------------------------
// Integer arithmetic up to 2^53 without 32-bit bitwise operators
// ---------------------------------------------------------------------------------------------

const two32 = 4294967296

const bitLength32 = (x: number): number => 32 - Math.clz32(x)

/** The number of bits of a non-negative integer (0 for 0). */
const bitLength = (x: number): number => {
  const high = Math.floor(x / two32)
  return high > 0 ? 32 + bitLength32(high) : bitLength32(x)
}

/** The bit length of `a XOR b`: one more than the highest bit where they differ. */
const xorBitLength = (a: number, b: number): number => {
  const highA = Math.floor(a / two32)
  const highB = Math.floor(b / two32)
  if (highA !== highB) return 32 + bitLength32((highA ^ highB) >>> 0)
  return bitLength32(((a >>> 0) ^ (b >>> 0)) >>> 0)
}

/** The number of trailing zero bits of a positive integer. */
const trailingZeros = (x: number): number => {
  const low = x >>> 0
  if (low !== 0) return 31 - Math.clz32(low & -low)
  const high = Math.floor(x / two32)
  return 32 + 31 - Math.clz32(high & -high)
}

/** `x >> k` for integers beyond 32 bits. */
const shiftRight = (x: number, k: number): number => Math.floor(x / 2 ** k)

const largestPowerOfTwoBelow = (n: number): number => 2 ** (bitLength(n - 1) - 1)

const isPowerOfTwo = (n: number): boolean => n > 0 && 2 ** (bitLength(n) - 1) === n

const checkSize = (name: string, n: number): void => {
  if (!Number.isInteger(n) || n < 0 || n > maxSize) {
    throw new RangeError(`${name} must be an integer between 0 and 2^52, got ${n}`)
  }
}

// ---------------------------------------------------------------------------------------------
// Node ids
// ---------------------------------------------------------------------------------------------

/**
 * A single integer for a node: its in-order position in the tree, `index * 2^(level+1) + 2^level
 * - 1` (leaves are the even numbers). Distinct for distinct nodes and below `2 * size`, so a store
 * may use it as a one-column key; {@link nodeLookup} uses it as the key of its map.
 *
 * @since 0.2.0
 * @category nodes
 */
export const nodeKey = (level: number, index: number): number => index * 2 ** (level + 1) + 2 ** level - 1

/**
 * A {@link GetNode} answering from fetched nodes.
 *
 * @since 0.2.0
 * @category nodes
 */
export const nodeLookup = (nodes: Iterable<Node>): GetNode => {
  const byKey = new Map<number, Hash>()
  for (const node of nodes) byKey.set(nodeKey(node.level, node.index), node.hash)
  return (level, index) => byKey.get(nodeKey(level, index))
}

const required = (getNode: GetNode, level: number, index: number): Hash => {
  const hash = getNode(level, index)
  if (hash === undefined) throw new MissingNode(level, index)
  if (!isHexDigest(hash)) throw new MalformedNode(level, index)
  return hash
}

/** The perfect subtrees covering the leaves `[begin, end)`, left to right (a compact range). */
const rangeNodes = (begin: number, end: number): Array<NodeId> => {
  const nodes: Array<NodeId> = []
  while (begin < end) {
    let level = bitLength(end - begin) - 1
    if (begin > 0) level = Math.min(level, trailingZeros(begin))
    const width = 2 ** level
    nodes.push({ level, index: begin / width })
    begin += width
  }
  return nodes
}

/**
 * One hash of a proof, as the stored nodes that make it: a single perfect subtree, or (for the
 * one node of a proof that sits on the unfinished right edge) the perfect subtrees under it from
 * the lowest level up, hashed right to left.
 */
type Plan = ReadonlyArray<ReadonlyArray<NodeId>>

/**
 * The proof that node `(level, index)` is in the tree of `size` leaves, bottom up (the approach of
 * transparency-dev/merkle's `proof.nodes`): the siblings on the path up to the `fork`, the highest
 * ancestor still complete at `size`; then the fork's right sibling, which is the unfinished range
 * `[forkEnd, size)`; then the left siblings above, which are the perfect subtrees covering
 * `[0, forkBegin)`. Requires `index < size >> level`.
 */
const pathPlan = (index: number, level: number, size: number): Array<ReadonlyArray<NodeId>> => {
  const inner = xorBitLength(index, shiftRight(size, level)) - 1
  const plan: Array<ReadonlyArray<NodeId>> = []
  let at = index
  for (let l = level; l < level + inner; l++) {
    plan.push([{ level: l, index: at % 2 === 0 ? at + 1 : at - 1 }])
    at = Math.floor(at / 2)
  }
  const forkWidth = 2 ** (level + inner)
  const forkBegin = at * forkWidth
  const ephemeral = rangeNodes(forkBegin + forkWidth, size).reverse()
  if (ephemeral.length > 0) plan.push(ephemeral)
  for (const node of rangeNodes(0, forkBegin).reverse()) plan.push([node])
  return plan
}

const inclusionPlan = (index: number, n: number): Plan => {
  checkSize("n", n)
  if (!Number.isInteger(index) || index < 0 || index >= n) {
    throw new RangeError(`leaf index must be an integer in [0, ${n}), got ${index}`)
  }
  return pathPlan(index, 0, n)
}

const consistencyPlan = (m: number, n: number): Plan => {
  checkSize("n", n)
  checkSize("m", m)
  if (m === 0 || m > n) throw new RangeError(`a consistency proof needs 0 < m <= n, got m = ${m}, n = ${n}`)
  if (m === n) return []
  // The largest perfect subtree ending at m, and its path in the tree of size n; its own hash comes
  // first unless it is the whole tree of size m (the verifier knows that root already).
  const level = trailingZeros(m)
  const index = shiftRight(m - 1, level)
  const plan = pathPlan(index, level, n)
  return index === 0 ? plan : [[{ level, index }], ...plan]
}

const flatten = (plan: Plan): ReadonlyArray<NodeId> => plan.flat()

const foldGroup = (group: ReadonlyArray<NodeId>, getNode: GetNode): Hash => {
  let hash = required(getNode, group[0].level, group[0].index)
  for (let i = 1; i < group.length; i++) hash = nodeHash(required(getNode, group[i].level, group[i].index), hash)
  return hash
}

const proofFrom = (plan: Plan, getNode: GetNode): ReadonlyArray<Hash> => plan.map((group) => foldGroup(group, getNode))

// ---------------------------------------------------------------------------------------------
// Appending
// ---------------------------------------------------------------------------------------------

/**
 * The stored nodes an append of `count` leaves to a tree of `size` leaves reads: the perfect
 * subtrees on the right edge that become the left child of a node the append completes (none
 * for most single appends). Fetch them in one query and answer {@link nodesToAdd}'s reads from
 * the result.
 *
 * @since 0.2.0
 * @category appending
 */
export const nodesNeededForAppend = (size: number, count: number): ReadonlyArray<NodeId> => {
  checkSize("size", size)
  checkSize("size + count", size + count)
  const needed: Array<NodeId> = []
  for (let level = 0, width = 1; width <= size; level++, width *= 2) {
    const atLevel = Math.floor(size / width)
    // Bit `level` of size is set: the edge has the perfect subtree (level, atLevel - 1), a left
    // child whose parent is complete once the tree reaches (atLevel + 1) * width leaves.
    if (atLevel % 2 === 1 && (atLevel + 1) * width <= size + count) needed.push({ level, index: atLevel - 1 })
  }
  return needed
}

/**
 * Every node an append completes: the new leaves (level 0) and each perfect subtree they finish,
 * in the order they are computed (a child before its parent). `getNode` is asked only for the
 * nodes {@link nodesNeededForAppend} lists. Appending in several batches adds the same nodes as
 * one batch.
 *
 * @since 0.2.0
 * @category appending
 */
export const nodesToAdd = (size: number, newLeafHashes: ReadonlyArray<Hash>, getNode: GetNode): ReadonlyArray<Node> => {
  checkSize("size", size)
  checkSize("size + count", size + newLeafHashes.length)
  const added: Array<Node> = []
  // The node most recently completed at each level: the left sibling of the next one, when it
  // was completed by this same batch.
  const last: Array<Node | undefined> = []
  for (let t = 0; t < newLeafHashes.length; t++) {
    let hash = newLeafHashes[t]
    if (!isHexDigest(hash)) throw new RangeError(`leaf hash ${t} is not 64 lowercase hex digits`)
    let level = 0
    let index = size + t
    for (;;) {
      const node: Node = { level, index, hash }
      added.push(node)
      const previous = last[level]
      last[level] = node
      if (index % 2 === 0) break
      const left =
        previous !== undefined && previous.index === index - 1 ? previous.hash : required(getNode, level, index - 1)
      hash = nodeHash(left, hash)
      level++
      index = (index - 1) / 2
    }
  }
  return added
}

// ---------------------------------------------------------------------------------------------
// Roots and proofs from stored nodes
// ---------------------------------------------------------------------------------------------

/**
 * The stored nodes the root at size `n` is made of (one per bit set in `n`).
 *
 * @since 0.2.0
 * @category roots
 */
export const nodesForRoot = (n: number): ReadonlyArray<NodeId> => {
  checkSize("n", n)
  return rangeNodes(0, n)
}

/**
 * The root of the tree of the first `n` leaves, in hex.
 *
 * @since 0.2.0
 * @category roots
 */
export const rootAt = (n: number, getNode: GetNode): Hash => {
  const nodes = nodesForRoot(n)
  return nodes.length === 0 ? emptyRoot : foldGroup([...nodes].reverse(), getNode)
}

/**
 * The stored nodes the inclusion proof of leaf `index` in the tree of size `n` is computed from.
 *
 * @since 0.2.0
 * @category proofs
 */
export const nodesForInclusion = (index: number, n: number): ReadonlyArray<NodeId> => flatten(inclusionPlan(index, n))

/**
 * The inclusion proof (RFC 9162 `PATH(index, D[n])`) of leaf `index` (position `index + 1`) in the
 * tree of size `n`: sibling hashes from the leaf up, in hex.
 *
 * @since 0.2.0
 * @category proofs
 */
export const inclusionProof = (index: number, n: number, getNode: GetNode): ReadonlyArray<Hash> =>
  proofFrom(inclusionPlan(index, n), getNode)

/**
 * The stored nodes the consistency proof between sizes `m` and `n` is computed from (none when
 * `m = n`). Requires `0 < m <= n`: every log extends the empty one, there is nothing to prove.
 *
 * @since 0.2.0
 * @category proofs
 */
export const nodesForConsistency = (m: number, n: number): ReadonlyArray<NodeId> => flatten(consistencyPlan(m, n))

/**
 * The consistency proof (RFC 9162 `PROOF(m, D[n])`) that the tree of size `n` extends the tree of
 * size `m`, in hex. Requires `0 < m <= n`; empty when `m = n`.
 *
 * @since 0.2.0
 * @category proofs
 */
export const consistencyProof = (m: number, n: number, getNode: GetNode): ReadonlyArray<Hash> =>
  proofFrom(consistencyPlan(m, n), getNode)

// ---------------------------------------------------------------------------------------------
// Verifiers (RFC 9162 section 2.1.3.2 and 2.1.4.2)
// ---------------------------------------------------------------------------------------------

const verified: Verdict = { _tag: "Verified" }
const rejected = (reason: string): Verdict => ({ _tag: "Rejected", reason })

const checkSizeArgument = (name: string, value: number): string | undefined =>
  Number.isInteger(value) && value >= 0 && value <= maxSize ? undefined : `${name} is not an integer in [0, 2^52]`

const checkHashes = (named: ReadonlyArray<readonly [string, unknown]>, proof: ReadonlyArray<unknown>) => {
  for (const [name, value] of named) {
    if (!isHexDigest(value)) return `${name} is not 64 lowercase hexadecimal digits`
  }
  for (let i = 0; i < proof.length; i++) {
    if (!isHexDigest(proof[i])) return `proof[${i}] is not 64 lowercase hexadecimal digits`
  }
  return undefined
}

/**
 * Checks that `proof` proves the leaf with hash `leafHashHex` at `index` in the tree of size `n`
 * whose root is `rootHex`. `leafHashHex` is the leaf hash (`SHA-256(0x00 || leaf)`, see
 * {@link eventLeafHash}), not the leaf.
 *
 * @since 0.2.0
 * @category verifying
 */
export const verifyInclusion = (
  leafHashHex: string,
  index: number,
  n: number,
  proof: ReadonlyArray<string>,
  rootHex: string
): Verdict => {
  const malformed =
    checkSizeArgument("index", index) ??
    checkSizeArgument("size", n) ??
    checkHashes(
      [
        ["leaf hash", leafHashHex],
        ["root", rootHex]
      ],
      proof
    )
  if (malformed !== undefined) return rejected(malformed)
  // 1. leaf_index must be below tree_size.
  if (index >= n) return rejected(`leaf index ${index} is not below the tree size ${n}`)
  // 2.-3.
  let fn = index
  let sn = n - 1
  let r = leafHashHex
  // 4.
  for (const p of proof) {
    if (sn === 0) return rejected(`the proof has more hashes than a leaf of a tree of size ${n} needs`)
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
      }
    } else {
      r = nodeHash(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  // 5.
  if (sn !== 0) return rejected(`the proof has fewer hashes than a leaf of a tree of size ${n} needs`)
  if (r !== rootHex) return rejected(`the proof does not lead to the root ${rootHex} of the tree of size ${n}`)
  return verified
}

/**
 * Checks that `proof` proves that the tree of size `n` with root `rootNHex` extends the tree of
 * size `m` with root `rootMHex` (the log only grew). Requires `0 < m <= n`, as RFC 9162 does: a
 * proof from the empty tree proves nothing (every log extends it) and is rejected, as
 * transparency-dev/merkle does; a caller holding a checkpoint of size 0 has nothing to check.
 * For `m = n` the proof must be empty and the roots equal.
 *
 * @since 0.2.0
 * @category verifying
 */
export const verifyConsistency = (
  m: number,
  n: number,
  rootMHex: string,
  rootNHex: string,
  proof: ReadonlyArray<string>
): Verdict => {
  const malformed =
    checkSizeArgument("first size", m) ??
    checkSizeArgument("second size", n) ??
    checkHashes(
      [
        ["first root", rootMHex],
        ["second root", rootNHex]
      ],
      proof
    )
  if (malformed !== undefined) return rejected(malformed)
  if (m > n) return rejected(`the first size ${m} is larger than the second size ${n}: a log never shrinks`)
  if (m === 0) return rejected("a consistency proof from the empty tree proves nothing: every log extends it")
  if (m === n) {
    if (proof.length > 0) return rejected("two trees of the same size need an empty proof")
    return rootMHex === rootNHex ? verified : rejected(`two trees of size ${m} with different roots`)
  }
  // 1.
  if (proof.length === 0) return rejected(`an empty proof cannot prove a tree of size ${n} extends one of size ${m}`)
  // 2.
  const path = isPowerOfTwo(m) ? [rootMHex, ...proof] : proof
  // 3.-4.
  let fn = m - 1
  let sn = n - 1
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  // 5.
  let fr = path[0]
  let sr = fr
  // 6.
  for (let i = 1; i < path.length; i++) {
    if (sn === 0) return rejected(`the proof has more hashes than sizes ${m} and ${n} need`)
    const c = path[i]
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr)
      sr = nodeHash(c, sr)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
      }
    } else {
      sr = nodeHash(sr, c)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  // 7.
  if (sn !== 0) return rejected(`the proof has fewer hashes than sizes ${m} and ${n} need`)
  if (fr !== rootMHex) return rejected(`the proof does not lead to the first root ${rootMHex} (size ${m})`)
  if (sr !== rootNHex) return rejected(`the proof does not lead to the second root ${rootNHex} (size ${n})`)
  return verified
}
