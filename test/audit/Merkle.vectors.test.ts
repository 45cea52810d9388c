/**
 * Known-answer tests from public RFC 6962 implementations, so a third-party verifier agrees with ours.
 *
 * Sources (copied verbatim, hex as in the source):
 * - [CT] github.com/google/certificate-transparency, `cpp/merkletree/merkle_tree_test.cc`
 *   (repository at 0fe5116f42890853e9fcf5120f1f5129d64f64ea; file last changed in
 *   335536d7276e375bdcfd740056506bf503221f03): `kInputs`, `kSHA256Roots`, `kSHA256Paths`,
 *   `kSHA256Proofs`; the same file's `python/ct/crypto/merkle_test.py` for the leaf and node
 *   hasher vectors (`sha256_leaves`, `sha256_nodes`).
 * - [TD] github.com/transparency-dev/merkle at 417fb0c314750d94e53942e9f92e79b6d35915db:
 *   `testonly/constants.go` (`NodeHashes`, `RootHashes`), `proof/proof_test.go` (`TestInclusion`,
 *   `TestConsistency`: the node ids a proof is made of), `testonly/vectors_test.go`
 *   (`TestSubtreeHashVectors`, from the draft-ietf-plants-merkle-tree-certs appendix), and the
 *   196 verifier probes of `testdata/inclusion` and `testdata/consistency` (last changed in
 *   8c666a79ae695b010ac709a5d662e1f4fae5cd1a), kept in `vectors/transparency-dev-merkle-probes.json`.
 */
import { describe, expect, it } from "@effect/vitest"
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import * as Merkle from "../../src/audit/Merkle.js"
import { treeOf } from "./memoryTree.js"

// [CT] kInputs (= [TD] LeafInputs)
const inputs = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"]
const leaves = inputs.map((hex) => Merkle.leafHash(Buffer.from(hex, "hex")))

// [CT] kSHA256EmptyTreeHash then kSHA256Roots (= [TD] RootHashes), indexed by tree size
const roots = [
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
]

// [TD] NodeHashes: every perfect subtree of the 8-leaf tree, [level][index]
const nodeHashes = [
  [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
    "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"
  ],
  [
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"
  ],
  [
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"
  ],
  ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"]
]

// [CT] kSHA256Paths: { leaf (1-based), snapshot (tree size), path }. The entry {0, 0} (no leaf) is an
// error case there; ours refuses it with a RangeError (tested below).
const paths: ReadonlyArray<{ leaf: number; size: number; path: ReadonlyArray<string> }> = [
  { leaf: 1, size: 1, path: [] },
  {
    leaf: 1,
    size: 8,
    path: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"
    ]
  },
  {
    leaf: 6,
    size: 8,
    path: [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"
    ]
  },
  { leaf: 3, size: 3, path: ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"] },
  {
    leaf: 2,
    size: 5,
    path: [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"
    ]
  }
]

// [CT] kSHA256Proofs: { snapshot1, snapshot2, proof }
const proofs: ReadonlyArray<{ m: number; n: number; proof: ReadonlyArray<string> }> = [
  { m: 1, n: 1, proof: [] },
  {
    m: 1,
    n: 8,
    proof: [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"
    ]
  },
  {
    m: 6,
    n: 8,
    proof: [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"
    ]
  },
  {
    m: 2,
    n: 5,
    proof: [
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"
    ]
  }
]

const id = (level: number, index: number): Merkle.NodeId => ({ level, index })

// [TD] proof_test.go TestInclusion (non-error cases): the node ids, in proof order.
const inclusionIds: ReadonlyArray<{ size: number; index: number; ids: ReadonlyArray<Merkle.NodeId> }> = [
  { size: 1, index: 0, ids: [] },
  { size: 2, index: 0, ids: [id(0, 1)] },
  { size: 2, index: 1, ids: [id(0, 0)] },
  { size: 3, index: 1, ids: [id(0, 0), id(0, 2)] },
  { size: 7, index: 0, ids: [id(0, 1), id(1, 1), id(0, 6), id(1, 2)] },
  { size: 7, index: 1, ids: [id(0, 0), id(1, 1), id(0, 6), id(1, 2)] },
  { size: 7, index: 2, ids: [id(0, 3), id(1, 0), id(0, 6), id(1, 2)] },
  { size: 7, index: 3, ids: [id(0, 2), id(1, 0), id(0, 6), id(1, 2)] },
  { size: 7, index: 4, ids: [id(0, 5), id(0, 6), id(2, 0)] },
  { size: 7, index: 5, ids: [id(0, 4), id(0, 6), id(2, 0)] },
  { size: 7, index: 6, ids: [id(1, 2), id(2, 0)] },
  { size: 4, index: 2, ids: [id(0, 3), id(1, 0)] },
  { size: 5, index: 3, ids: [id(0, 2), id(1, 0), id(0, 4)] },
  { size: 6, index: 3, ids: [id(0, 2), id(1, 0), id(1, 2)] },
  { size: 6, index: 4, ids: [id(0, 5), id(2, 0)] },
  { size: 15, index: 10, ids: [id(0, 11), id(1, 4), id(0, 14), id(1, 6), id(3, 0)] },
  { size: 31, index: 24, ids: [id(0, 25), id(1, 13), id(0, 30), id(1, 14), id(3, 2), id(4, 0)] },
  {
    size: 95,
    index: 81,
    ids: [id(0, 80), id(1, 41), id(2, 21), id(0, 94), id(1, 46), id(2, 22), id(4, 4), id(6, 0)]
  }
]

// [TD] proof_test.go TestConsistency (non-error cases): the node ids, in proof order.
const consistencyIds: ReadonlyArray<{ m: number; n: number; ids: ReadonlyArray<Merkle.NodeId> }> = [
  { m: 1, n: 2, ids: [id(0, 1)] },
  { m: 1, n: 4, ids: [id(0, 1), id(1, 1)] },
  { m: 1, n: 6, ids: [id(0, 1), id(1, 1), id(1, 2)] },
  { m: 2, n: 3, ids: [id(0, 2)] },
  { m: 2, n: 8, ids: [id(1, 1), id(2, 1)] },
  { m: 3, n: 7, ids: [id(0, 2), id(0, 3), id(1, 0), id(0, 6), id(1, 2)] },
  { m: 4, n: 7, ids: [id(0, 6), id(1, 2)] },
  { m: 5, n: 7, ids: [id(0, 4), id(0, 5), id(0, 6), id(2, 0)] },
  { m: 6, n: 7, ids: [id(1, 2), id(0, 6), id(2, 0)] },
  { m: 7, n: 8, ids: [id(0, 6), id(0, 7), id(1, 2), id(2, 0)] },
  { m: 1, n: 1, ids: [] },
  { m: 2, n: 2, ids: [] },
  { m: 3, n: 3, ids: [] },
  { m: 4, n: 4, ids: [] },
  { m: 5, n: 5, ids: [] },
  { m: 7, n: 7, ids: [] },
  { m: 8, n: 8, ids: [] },
  { m: 2, n: 4, ids: [id(1, 1)] },
  { m: 3, n: 5, ids: [id(0, 2), id(0, 3), id(1, 0), id(0, 4)] },
  { m: 3, n: 6, ids: [id(0, 2), id(0, 3), id(1, 0), id(1, 2)] },
  { m: 4, n: 6, ids: [id(1, 2)] },
  { m: 1, n: 7, ids: [id(0, 1), id(1, 1), id(0, 6), id(1, 2)] },
  { m: 10, n: 15, ids: [id(1, 4), id(1, 5), id(0, 14), id(1, 6), id(3, 0)] },
  { m: 24, n: 31, ids: [id(3, 2), id(0, 30), id(1, 14), id(2, 6), id(4, 0)] },
  {
    m: 81,
    n: 95,
    ids: [id(0, 80), id(0, 81), id(1, 41), id(2, 21), id(0, 94), id(1, 46), id(2, 22), id(4, 4), id(6, 0)]
  }
]

interface InclusionProbe {
  readonly file: string
  readonly leafIdx: number
  readonly treeSize: number
  readonly root: string
  readonly leafHash: string
  readonly proof: ReadonlyArray<string> | null
  readonly desc: string
  readonly wantErr: boolean
}

interface ConsistencyProbe {
  readonly file: string
  readonly size1: number
  readonly size2: number
  readonly root1: string
  readonly root2: string
  readonly proof: ReadonlyArray<string> | null
  readonly desc: string
  readonly wantErr: boolean
}

const probes: {
  readonly commit: string
  readonly inclusion: ReadonlyArray<InclusionProbe>
  readonly consistency: ReadonlyArray<ConsistencyProbe>
} = JSON.parse(readFileSync(new URL("./vectors/transparency-dev-merkle-probes.json", import.meta.url), "utf8"))

const base64ToHex = (b64: string) => Buffer.from(b64, "base64").toString("hex")

describe("RFC 6962 known answers", () => {
  const tree = treeOf(leaves)

  it("[CT] leaf and node hasher vectors", () => {
    expect(Merkle.leafHash(new Uint8Array())).toBe("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")
    expect(Merkle.leafHash(Buffer.from("101112131415161718191a1b1c1d1e1f", "hex"))).toBe(
      "3bfb960453ebaebf33727da7a1f4db38acc051d381b6da20d6d4e88f0eabfd7a"
    )
    const left = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
    const right = "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"
    expect(Merkle.nodeHash(left, right)).toBe("1a378704c17da31e2d05b6d121c2bb2c7d76f6ee6fa8f983e596c2d034963c57")
  })

  it("[CT] [TD] the root at every size, by the reference and from stored nodes", () => {
    roots.forEach((root, size) => {
      expect(Merkle.root(leaves.slice(0, size))).toBe(root)
      expect(Merkle.rootAt(size, tree.getNode)).toBe(root)
    })
  })

  it("[TD] the stored perfect subtrees are exactly NodeHashes, whatever the append batches", () => {
    const expected = nodeHashes.flatMap((level, l) => level.map((hash, index) => `${l}/${index}/${hash}`)).sort()
    expect(tree.dump()).toEqual(expected)
    expect(treeOf(leaves, [1]).dump()).toEqual(expected)
    expect(treeOf(leaves, [3, 2]).dump()).toEqual(expected)
  })

  it("[CT] inclusion paths", () => {
    for (const { leaf, path, size } of paths) {
      expect(Merkle.inclusionProof(leaf - 1, size, tree.getNode)).toEqual(path)
      expect(Merkle.verifyInclusion(leaves[leaf - 1], leaf - 1, size, path, roots[size])).toEqual({
        _tag: "Verified"
      })
    }
    expect(() => Merkle.inclusionProof(0, 0, tree.getNode)).toThrow(RangeError)
  })

  it("[CT] consistency proofs", () => {
    for (const { m, n, proof } of proofs) {
      expect(Merkle.consistencyProof(m, n, tree.getNode)).toEqual(proof)
      expect(Merkle.verifyConsistency(m, n, roots[m], roots[n], proof)).toEqual({ _tag: "Verified" })
    }
  })

  it("[TD] the stored nodes an inclusion proof is made of", () => {
    for (const { ids, index, size } of inclusionIds) {
      expect(Merkle.nodesForInclusion(index, size), `${index} in ${size}`).toEqual(ids)
    }
  })

  it("[TD] the stored nodes a consistency proof is made of", () => {
    for (const { ids, m, n } of consistencyIds) {
      expect(Merkle.nodesForConsistency(m, n), `${m} to ${n}`).toEqual(ids)
    }
    for (const [m, n] of [
      [5, 0],
      [9, 8],
      [0, 5],
      [0, 0]
    ]) {
      expect(() => Merkle.nodesForConsistency(m, n)).toThrow(RangeError)
    }
  })

  it("[TD] draft-ietf-plants subtree hash vector: MTH of every aligned range of 130 one-byte leaves", () => {
    // TestSubtreeHashVectors: SHA-256 over the lines "[start, end) <hex MTH(D[start:end])>\n" for every
    // valid subtree, d[i] = byte i; a subtree is valid when start = 0, start = end, or start is a
    // multiple of the smallest power of two >= end - start.
    const d = Array.from({ length: 130 }, (_, i) => Merkle.leafHash(Uint8Array.of(i)))
    const bitCeil = (n: number) => (n <= 1 ? 1 : 2 ** Math.ceil(Math.log2(n)))
    const rolling = createHash("sha256")
    for (let end = 0; end <= 130; end++) {
      for (let start = 0; start <= end; start++) {
        if (start !== 0 && start !== end && start % bitCeil(end - start) !== 0) continue
        rolling.update(`[${start}, ${end}) ${Merkle.root(d.slice(start, end))}\n`)
      }
    }
    expect(rolling.digest("hex")).toBe("b82806ad4265bb151c1119c0f4db437bb4d1a1f887b3a7fba1cd4ebf552e3e81")
  })
})

// Where our verifier is stricter than transparency-dev/merkle's: its probes use "don't care" roots
// that are not 32 bytes and expect them accepted when the sizes are equal; ours refuses any hash
// that is not 32 bytes, whatever the sizes.
const stricter = new Set(["testdata/consistency/additional/sizes-are-equal-one-and-proof-is-empty.json"])

describe(`[TD] transparency-dev/merkle verifier probes (${probes.commit.slice(0, 12)})`, () => {
  it("has the probes", () => {
    expect(probes.inclusion.length).toBe(98)
    expect(probes.consistency.length).toBe(98)
  })

  it("every inclusion probe gets transparency-dev's verdict", () => {
    for (const probe of probes.inclusion) {
      const verdict = Merkle.verifyInclusion(
        base64ToHex(probe.leafHash),
        probe.leafIdx,
        probe.treeSize,
        (probe.proof ?? []).map(base64ToHex),
        base64ToHex(probe.root)
      )
      expect(verdict._tag, `${probe.file}: ${probe.desc}`).toBe(probe.wantErr ? "Rejected" : "Verified")
    }
  })

  it("every consistency probe gets transparency-dev's verdict (one stricter, on malformed roots)", () => {
    for (const probe of probes.consistency) {
      const verdict = Merkle.verifyConsistency(
        probe.size1,
        probe.size2,
        base64ToHex(probe.root1),
        base64ToHex(probe.root2),
        (probe.proof ?? []).map(base64ToHex)
      )
      const expected = probe.wantErr || stricter.has(probe.file) ? "Rejected" : "Verified"
      expect(verdict._tag, `${probe.file}: ${probe.desc}`).toBe(expected)
    }
  })
})
