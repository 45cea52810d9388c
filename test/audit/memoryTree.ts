/**
 * The stored-node model of `src/audit/Merkle.ts` in a Map, as a SQL store would keep it: a test
 * double that records which nodes each computation reads.
 */
import * as Merkle from "../../src/audit/Merkle.js"

export class MemoryTree {
  readonly nodes = new Map<number, Merkle.Node>()
  size = 0
  reads: Array<Merkle.NodeId> = []

  readonly getNode: Merkle.GetNode = (level, index) => {
    this.reads.push({ level, index })
    return this.nodes.get(Merkle.nodeKey(level, index))?.hash
  }

  /** Appends one batch as a store would: fetch the listed nodes, compute, insert; returns the reads. */
  append(leafHashes: ReadonlyArray<Merkle.Hash>): {
    readonly needed: ReadonlyArray<Merkle.NodeId>
    readonly reads: ReadonlyArray<Merkle.NodeId>
  } {
    const needed = Merkle.nodesNeededForAppend(this.size, leafHashes.length)
    this.reads = []
    const added = Merkle.nodesToAdd(this.size, leafHashes, this.getNode)
    for (const node of added) {
      const key = Merkle.nodeKey(node.level, node.index)
      if (this.nodes.has(key)) throw new Error(`node (${node.level}, ${node.index}) added twice`)
      this.nodes.set(key, node)
    }
    this.size += leafHashes.length
    return { needed, reads: this.reads }
  }

  /** Runs `f` and returns its result with the nodes it read. */
  reading<A>(f: (getNode: Merkle.GetNode) => A): { readonly result: A; readonly reads: ReadonlyArray<Merkle.NodeId> } {
    this.reads = []
    const result = f(this.getNode)
    return { result, reads: this.reads }
  }

  /** The stored nodes as sorted `level/index/hash` lines (to compare two trees). */
  dump(): Array<string> {
    return [...this.nodes.values()].map((node) => `${node.level}/${node.index}/${node.hash}`).sort()
  }
}

/** A tree holding `leafHashes`, appended in batches of the given sizes (cycled; at least 1 each). */
export const treeOf = (
  leafHashes: ReadonlyArray<Merkle.Hash>,
  batchSizes: ReadonlyArray<number> = [leafHashes.length]
) => {
  const tree = new MemoryTree()
  let at = 0
  let i = 0
  while (at < leafHashes.length) {
    const count = Math.max(1, batchSizes[i % batchSizes.length] ?? 1)
    tree.append(leafHashes.slice(at, at + count))
    at += count
    i++
  }
  return tree
}
