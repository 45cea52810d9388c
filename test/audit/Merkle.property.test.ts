import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { createHash } from "node:crypto"
import * as Merkle from "../../src/audit/Merkle.js"
import { sha256Hex } from "../../src/audit/Sha256.js"
import { MemoryTree, treeOf } from "./memoryTree.js"
import * as Reference from "./reference.js"

const leavesOf = (seed: number, count: number): Array<Merkle.Hash> =>
  Array.from({ length: count }, (_, i) => Merkle.leafHash(Buffer.from(`leaf ${seed}/${i}`)))

/** The same hex digest with one hex digit changed. */
const flip = (hex: string, at = 0): string => {
  const i = at % hex.length
  return hex.slice(0, i) + (hex[i] === "0" ? "1" : "0") + hex.slice(i + 1)
}

const stranger = sha256Hex(Buffer.from("a hash from no tree"))

const verified: Merkle.Verdict = { _tag: "Verified" }

const expectRejected = (verdict: Merkle.Verdict, what: string) => {
  expect(verdict._tag, what).toBe("Rejected")
}

/** Every tampering of a valid proof we know of: each one must be refused. */
const tamperedProofs = (proof: ReadonlyArray<string>): Array<readonly [string, ReadonlyArray<string>]> => {
  const out: Array<readonly [string, ReadonlyArray<string>]> = []
  proof.forEach((_, i) => {
    out.push([`proof[${i}] changed`, proof.map((h, j) => (j === i ? flip(h, i * 7) : h))])
  })
  for (let i = 0; i + 1 < proof.length; i++) {
    if (proof[i] !== proof[i + 1]) {
      out.push([
        `proof[${i}] and proof[${i + 1}] swapped`,
        proof.map((h, j) => (j === i ? proof[i + 1] : j === i + 1 ? proof[i] : h))
      ])
    }
  }
  if (proof.length > 0) {
    out.push(["truncated", proof.slice(0, -1)])
    out.push(["first hash dropped", proof.slice(1)])
  }
  out.push(["extended", [...proof, stranger]])
  out.push(["a hash prepended", [stranger, ...proof]])
  if (proof.length > 0) out.push(["last hash repeated", [...proof, proof[proof.length - 1]]])
  return out
}

const bitLength = (n: number) => (n === 0 ? 0 : Math.floor(Math.log2(n)) + 1)

/** Checks every proof of a tree of `n` leaves (taken from a stored tree of `total >= n` leaves). */
const checkTree = (
  leaves: ReadonlyArray<Merkle.Hash>,
  tree: MemoryTree,
  n: number,
  options: { readonly reference: (i: number) => boolean }
) => {
  const rootOf = (size: number) => Merkle.rootAt(size, tree.getNode)
  const rootN = rootOf(n)
  expect(rootN).toBe(Merkle.root(leaves.slice(0, n)))

  for (let index = 0; index < n; index++) {
    const leaf = leaves[index]
    const { reads, result: proof } = tree.reading((get) => Merkle.inclusionProof(index, n, get))
    expect(reads).toEqual(Merkle.nodesForInclusion(index, n))
    expect(reads.length).toBeLessThanOrEqual(2 * bitLength(n))
    if (options.reference(index)) expect(proof).toEqual(Reference.inclusionPath(leaves, index, n))
    expect(Merkle.verifyInclusion(leaf, index, n, proof, rootN)).toEqual(verified)

    expectRejected(Merkle.verifyInclusion(flip(leaf), index, n, proof, rootN), "changed leaf")
    expectRejected(Merkle.verifyInclusion(leaf, index, n, proof, stranger), "wrong root")
    expectRejected(Merkle.verifyInclusion(leaf, index, n, proof, flip(rootN, 63)), "changed root")
    for (const [what, tampered] of tamperedProofs(proof)) {
      expectRejected(Merkle.verifyInclusion(leaf, index, n, tampered, rootN), what)
    }
    expect(Merkle.verifyInclusion(leaf, index, n, [...proof, stranger], rootN)).toEqual({
      _tag: "Rejected",
      reason: `the proof has more hashes than a leaf of a tree of size ${n} needs`
    })
    for (const other of [index - 1, index + 1]) {
      if (other >= 0 && other < n) expectRejected(Merkle.verifyInclusion(leaf, other, n, proof, rootN), "wrong index")
    }
    // A wrong size with the true root of that size: accepted exactly when the proofs coincide.
    for (const size of [n - 1, n + 1, 2 * n, Math.floor(n / 2)]) {
      if (size > index && size <= tree.size && size !== n) {
        const honest = Merkle.inclusionProof(index, size, tree.getNode)
        const verdict = Merkle.verifyInclusion(leaf, index, size, proof, rootOf(size))
        expect(verdict._tag, `size ${size} instead of ${n}`).toBe(
          honest.join() === proof.join() ? "Verified" : "Rejected"
        )
      }
    }
  }

  for (let m = 1; m <= n; m++) {
    const rootM = rootOf(m)
    const { reads, result: proof } = tree.reading((get) => Merkle.consistencyProof(m, n, get))
    expect(reads).toEqual(Merkle.nodesForConsistency(m, n))
    expect(reads.length).toBeLessThanOrEqual(2 * bitLength(n))
    if (options.reference(m)) expect(proof).toEqual(Reference.consistencyProof(leaves, m, n))
    expect(Merkle.verifyConsistency(m, n, rootM, rootN, proof)).toEqual(verified)

    expectRejected(Merkle.verifyConsistency(m, n, flip(rootM), rootN, proof), "changed first root")
    expectRejected(Merkle.verifyConsistency(m, n, rootM, flip(rootN, 5), proof), "changed second root")
    expectRejected(Merkle.verifyConsistency(m, n, stranger, rootN, proof), "wrong first root")
    expectRejected(Merkle.verifyConsistency(m, n, rootM, stranger, proof), "wrong second root")
    if (m < n) expectRejected(Merkle.verifyConsistency(m, n, rootN, rootM, proof), "swapped roots")
    for (const [what, tampered] of tamperedProofs(proof)) {
      expectRejected(Merkle.verifyConsistency(m, n, rootM, rootN, tampered), what)
    }
    if (m < n) {
      expect(Merkle.verifyConsistency(m, n, rootM, rootN, [...proof, stranger])).toEqual({
        _tag: "Rejected",
        reason: `the proof has more hashes than sizes ${m} and ${n} need`
      })
    }
    // Wrong sizes with the true roots of those sizes: accepted exactly when the proofs coincide.
    for (const [m2, n2] of [
      [m - 1, n],
      [m + 1, n],
      [m, n - 1],
      [m, n + 1]
    ] as const) {
      if (m2 >= 1 && m2 <= n2 && n2 <= tree.size) {
        const honest = Merkle.consistencyProof(m2, n2, tree.getNode)
        const verdict = Merkle.verifyConsistency(m2, n2, rootOf(m2), rootOf(n2), proof)
        expect(verdict._tag, `sizes ${m2}, ${n2} instead of ${m}, ${n}`).toBe(
          honest.join() === proof.join() ? "Verified" : "Rejected"
        )
      }
    }
  }
}

describe("Merkle tree over stored perfect subtrees", () => {
  it("every tree of 1..40 leaves: each proof is the RFC 9162 one, verifies, and every tampering is refused", () => {
    const leaves = leavesOf(0, 80)
    const tree = treeOf(leaves)
    for (let n = 1; n <= 40; n++) checkTree(leaves, tree, n, { reference: () => true })
  })

  it.prop(
    "random logs up to 300 leaves appended in random batches: proofs verify, tampering is refused, roots equal the reference",
    [
      fc.integer({ min: 1, max: 300 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 })
    ],
    ([n, seed, batches]) => {
      const leaves = leavesOf(seed, 2 * n)
      const tree = treeOf(leaves, batches)
      const sample = new Set([0, 1, n - 1, n, seed % n, (seed * 7) % n])
      checkTree(leaves, tree, n, { reference: (i) => sample.has(i) })
    },
    { fastCheck: { numRuns: 10 } }
  )

  it.prop(
    "appending in any split of batches stores the same nodes as one batch, reading exactly the listed nodes",
    [fc.integer({ min: 0, max: 600 }), fc.array(fc.integer({ min: 1, max: 70 }), { minLength: 1, maxLength: 12 })],
    ([n, batches]) => {
      const leaves = leavesOf(n, n)
      const whole = treeOf(leaves)
      const tree = new MemoryTree()
      let at = 0
      for (let i = 0; at < n; i++) {
        const count = Math.min(batches[i % batches.length], n - at)
        const { needed, reads } = tree.append(leaves.slice(at, at + count))
        const key = (node: Merkle.NodeId) => `${node.level}/${node.index}`
        expect(reads.map(key).sort()).toEqual(needed.map(key).sort())
        expect(needed.length).toBeLessThanOrEqual(bitLength(at))
        at += count
      }
      expect(tree.dump()).toEqual(whole.dump())
      // 2n - popcount(n) perfect subtrees: n leaves and n - popcount(n) inner nodes.
      const popcount = n.toString(2).replaceAll("0", "").length
      expect(tree.nodes.size).toBe(2 * n - popcount)
      for (let m = 0; m <= n; m += Math.max(1, Math.floor(n / 17))) {
        expect(Merkle.rootAt(m, tree.getNode)).toBe(Merkle.root(leaves.slice(0, m)))
      }
    }
  )

  it("the roots of an empty log and of a single leaf", () => {
    const tree = new MemoryTree()
    expect(Merkle.rootAt(0, tree.getNode)).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    expect(Merkle.root([])).toBe(Merkle.emptyRoot)
    const leaf = Merkle.leafHash(Buffer.from("only"))
    tree.append([leaf])
    expect(Merkle.rootAt(1, tree.getNode)).toBe(leaf)
    expect(Merkle.inclusionProof(0, 1, tree.getNode)).toEqual([])
    expect(Merkle.verifyInclusion(leaf, 0, 1, [], leaf)).toEqual(verified)
  })

  it("a proof binds a root to a size only with the checkpoint that states both", () => {
    // Leaf 0 of 8 leaves and leaf 0 of 7 leaves have proofs of the same shape (three right siblings),
    // so the proof for 8 also verifies against the root of 8 under the claim "size 7". A verifier
    // must take the size and the root from one signed checkpoint, never from two sources.
    const leaves = leavesOf(1, 8)
    const tree = treeOf(leaves)
    const proof = Merkle.inclusionProof(0, 8, tree.getNode)
    const root8 = Merkle.rootAt(8, tree.getNode)
    expect(Merkle.verifyInclusion(leaves[0], 0, 7, proof, root8)).toEqual(verified)
    expectRejected(Merkle.verifyInclusion(leaves[0], 0, 7, proof, Merkle.rootAt(7, tree.getNode)), "root of 7")
  })

  it("the event leaf is SHA-256(0x00 || the 32 bytes of the content hash)", () => {
    const contentHash = sha256Hex(Buffer.from("{}"))
    expect(Merkle.eventLeafHash(contentHash)).toBe(
      createHash("sha256")
        .update(Buffer.concat([Buffer.from([0]), Buffer.from(contentHash, "hex")]))
        .digest("hex")
    )
    expect(Merkle.eventLeafHash(contentHash)).toBe(Merkle.leafHash(Buffer.from(contentHash, "hex")))
    expect(() => Merkle.eventLeafHash(contentHash.toUpperCase())).toThrow(RangeError)
    expect(() => Merkle.eventLeafHash("abc")).toThrow(RangeError)
  })

  it("a node missing from storage is reported with its id", () => {
    const tree = treeOf(leavesOf(2, 13))
    tree.nodes.delete(Merkle.nodeKey(2, 1))
    expect(() => Merkle.inclusionProof(0, 13, tree.getNode)).toThrow(new Merkle.MissingNode(2, 1))
    expect(Merkle.rootAt(13, tree.getNode)).toBe(Merkle.root(leavesOf(2, 13)))
    tree.nodes.delete(Merkle.nodeKey(3, 0))
    expect(() => Merkle.rootAt(8, tree.getNode)).toThrow(new Merkle.MissingNode(3, 0))
    tree.nodes.set(Merkle.nodeKey(3, 0), { level: 3, index: 0, hash: "0".repeat(63) })
    expect(() => Merkle.rootAt(8, tree.getNode)).toThrow(new Merkle.MalformedNode(3, 0))
    expect(() => Merkle.nodesToAdd(16, [Merkle.leafHash(new Uint8Array())], () => undefined)).not.toThrow()
    expect(() => Merkle.nodesToAdd(13, [Merkle.leafHash(new Uint8Array())], () => undefined)).toThrow(
      new Merkle.MissingNode(0, 12)
    )
  })

  it("arguments outside the tree are refused", () => {
    const get: Merkle.GetNode = () => undefined
    expect(() => Merkle.nodesForInclusion(5, 5)).toThrow(RangeError)
    expect(() => Merkle.nodesForInclusion(-1, 5)).toThrow(RangeError)
    expect(() => Merkle.nodesForInclusion(0.5, 5)).toThrow(RangeError)
    expect(() => Merkle.nodesForInclusion(0, 0)).toThrow(RangeError)
    expect(() => Merkle.nodesForConsistency(0, 5)).toThrow(RangeError)
    expect(() => Merkle.nodesForConsistency(6, 5)).toThrow(RangeError)
    expect(() => Merkle.nodesForRoot(2 ** 52 + 1)).toThrow(RangeError)
    expect(() => Merkle.nodesToAdd(0, ["ab".repeat(31)], get)).toThrow(RangeError)
    expect(() => Merkle.nodesToAdd(0, ["AB".repeat(32)], get)).toThrow(RangeError)
    expect(() => Merkle.root(["xyz"])).toThrow(RangeError)
    expect(Merkle.nodesForConsistency(5, 5)).toEqual([])
  })

  it("verifiers refuse malformed arguments with the reason", () => {
    const leaves = leavesOf(3, 5)
    const tree = treeOf(leaves)
    const root = Merkle.rootAt(5, tree.getNode)
    const proof = Merkle.inclusionProof(2, 5, tree.getNode)
    const leaf = leaves[2]
    expect(Merkle.verifyInclusion(leaf, 2, 5, proof, root)).toEqual(verified)
    expect(Merkle.verifyInclusion(leaf, 2, 5, proof, root.toUpperCase())).toEqual({
      _tag: "Rejected",
      reason: "root is not 64 lowercase hexadecimal digits"
    })
    expect(Merkle.verifyInclusion(leaf, 2, 5, [proof[0], "zz"], root)).toEqual({
      _tag: "Rejected",
      reason: "proof[1] is not 64 lowercase hexadecimal digits"
    })
    expect(Merkle.verifyInclusion(leaf, 5, 5, proof, root)).toEqual({
      _tag: "Rejected",
      reason: "leaf index 5 is not below the tree size 5"
    })
    expect(Merkle.verifyInclusion(leaf, 2 ** 64, 2 ** 65, proof, root)._tag).toBe("Rejected")
    expect(Merkle.verifyConsistency(0, 5, Merkle.emptyRoot, root, [])).toEqual({
      _tag: "Rejected",
      reason: "a consistency proof from the empty tree proves nothing: every log extends it"
    })
    expect(Merkle.verifyConsistency(5, 4, root, root, [])._tag).toBe("Rejected")
    expect(Merkle.verifyConsistency(3, 5, Merkle.rootAt(3, tree.getNode), root, [])._tag).toBe("Rejected")
    expect(Merkle.verifyConsistency(5, 5, root, root, [])).toEqual(verified)
  })

  it("node keys are distinct in-order positions", () => {
    const seen = new Set<number>()
    for (let level = 0; level <= 8; level++) {
      for (let index = 0; index < 2 ** (8 - level); index++) seen.add(Merkle.nodeKey(level, index))
    }
    expect(seen.size).toBe(511)
    expect(Math.max(...seen)).toBe(510)
    expect(Merkle.nodeKey(0, 3)).toBe(6)
    expect(Merkle.nodeKey(2, 0)).toBe(3)
  })
})

// The same node lists computed with BigInt and real bit operations (a port of transparency-dev/merkle's
// proof.nodes), to check the Number arithmetic of Merkle.ts beyond 32 bits.
const big = {
  bitLength: (x: bigint) => x.toString(2).length - (x === 0n ? 1 : 0),
  trailingZeros: (x: bigint) => {
    let n = 0
    while ((x & 1n) === 0n) {
      x >>= 1n
      n++
    }
    return n
  },
  range(begin: bigint, end: bigint): Array<[number, bigint]> {
    const out: Array<[number, bigint]> = []
    while (begin < end) {
      let level = big.bitLength(end - begin) - 1
      if (begin > 0n) level = Math.min(level, big.trailingZeros(begin))
      out.push([level, begin >> BigInt(level)])
      begin += 1n << BigInt(level)
    }
    return out
  },
  path(index: bigint, level: number, size: bigint): Array<[number, bigint]> {
    const inner = big.bitLength(index ^ (size >> BigInt(level))) - 1
    const out: Array<[number, bigint]> = []
    for (let l = 0; l < inner; l++) out.push([level + l, (index >> BigInt(l)) ^ 1n])
    const forkLevel = BigInt(level + inner)
    const forkBegin = (index >> BigInt(inner)) << forkLevel
    const forkEnd = forkBegin + (1n << forkLevel)
    return [...out, ...big.range(forkEnd, size).reverse(), ...big.range(0n, forkBegin).reverse()]
  },
  consistency(m: bigint, n: bigint): Array<[number, bigint]> {
    if (m === n) return []
    const level = big.trailingZeros(m)
    const index = (m - 1n) >> BigInt(level)
    const path = big.path(index, level, n)
    return index === 0n ? path : [[level, index], ...path]
  }
}

const asPairs = (ids: ReadonlyArray<Merkle.NodeId>) => ids.map((id) => [id.level, BigInt(id.index)])

describe("Merkle arithmetic beyond 32 bits", () => {
  const hugeSize = fc.bigInt({ min: 2n, max: 2n ** 52n })

  it.prop(
    "node lists for huge trees equal the BigInt computation",
    [hugeSize, fc.bigInt({ min: 0n, max: 2n ** 52n }), fc.bigInt({ min: 1n, max: 2n ** 52n })],
    ([n, i, m]) => {
      const index = i % n
      const first = ((m - 1n) % n) + 1n
      expect(asPairs(Merkle.nodesForInclusion(Number(index), Number(n)))).toEqual(big.path(index, 0, n))
      expect(asPairs(Merkle.nodesForConsistency(Number(first), Number(n)))).toEqual(big.consistency(first, n))
      expect(asPairs(Merkle.nodesForRoot(Number(n)))).toEqual(big.range(0n, n))
      const count = Math.min(Number(i % 5000n), 2 ** 52 - Number(n))
      const needed = asPairs(Merkle.nodesNeededForAppend(Number(n), count))
      const frontier = big.range(0n, n).filter(([level, index]) => {
        const parent = index >> 1n
        return (index & 1n) === 0n && (parent + 1n) << BigInt(level + 1) <= n + BigInt(count)
      })
      expect(needed.map(String).sort()).toEqual(frontier.map(String).sort())
    }
  )

  it.prop(
    "in a huge tree of identical leaves, generated proofs verify and tampered ones do not",
    [hugeSize, fc.bigInt({ min: 0n, max: 2n ** 52n }), fc.bigInt({ min: 1n, max: 2n ** 52n })],
    ([bigN, i, m]) => {
      // Every perfect subtree of one level has the same hash, so any node of a huge tree is computable.
      const perLevel: Array<Merkle.Hash> = [Merkle.leafHash(Buffer.from("same"))]
      for (let level = 1; level <= 53; level++) perLevel.push(Merkle.nodeHash(perLevel[level - 1], perLevel[level - 1]))
      const n = Number(bigN)
      const get: Merkle.GetNode = (level, index) => ((index + 1) * 2 ** level <= n ? perLevel[level] : undefined)
      const index = Number(i % bigN)
      const first = Number(((m - 1n) % bigN) + 1n)
      const root = Merkle.rootAt(n, get)
      const rootFirst = Merkle.rootAt(first, get)
      const inclusion = Merkle.inclusionProof(index, n, get)
      const consistency = Merkle.consistencyProof(first, n, get)
      expect(Merkle.verifyInclusion(perLevel[0], index, n, inclusion, root)).toEqual(verified)
      expect(Merkle.verifyConsistency(first, n, rootFirst, root, consistency)).toEqual(verified)
      expectRejected(Merkle.verifyInclusion(perLevel[0], index, n, inclusion.slice(1), root), "truncated")
      expectRejected(Merkle.verifyInclusion(perLevel[0], index, n, [...inclusion, stranger], root), "extended")
      if (consistency.length > 0) {
        expectRejected(Merkle.verifyConsistency(first, n, rootFirst, root, consistency.slice(1)), "truncated")
      }
    }
  )
})
