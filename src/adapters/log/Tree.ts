/**
 * The Merkle tree as the stores keep it, shared by the memory and SQL stores.
 *
 * - Stored nodes are keyed by `Merkle.nodeKey` (one integer per perfect subtree).
 * - **Blocks of 16.** Nodes are stored a block of {@link blockSize} leaves at a time: the append
 *   that completes a block (its last position is a multiple of 16) stores, in its transaction,
 *   every node the block completes (`Merkle.nodesToAdd`). The events after the last complete block
 *   (at most 15) are the tail: their leaves are read from the events' content hashes. So the
 *   stored tree is the tree of the first {@link materializedSize}`(head)` events, exactly, and
 *   the fixed cost of a tree step is paid once per 16 events, not once per append.
 * - A root or a proof at any size reads, in one query, the stored nodes `Merkle.nodesFor*` lists
 *   (a node that ends in the tail is recomputed from the stored nodes and tail leaves under it)
 *   and the tail's content hashes: O(log n) nodes and at most 15 hashes.
 * - The frontier (stored right edge + tail) extends the tree without reading storage.
 *
 * @since 0.2.0
 * @internal
 */
import * as Effect from "effect/Effect"
import { type KeyObject, randomUUID } from "node:crypto"
import * as Checkpoint from "../../audit/Checkpoint.js"
import * as Merkle from "../../audit/Merkle.js"
import type { LogHead } from "../../ports/EventStore.js"
import {
  type CheckpointError,
  type CheckpointOptions,
  type ConsistencyProof,
  type InclusionProof,
  InvalidProofRequest,
  type TreeHead
} from "../../ports/LogAudit.js"

/**
 * Leaves per stored block (PostgreSQL's trigger `pg/0005_merkle_tree.sql` and SQLite's guard
 * trigger use the same 16).
 *
 * @internal
 */
export const blockSize = 16

/** The size of the stored tree when the log holds `size` events: its complete blocks. @internal */
export const materializedSize = (size: number): number => size - (size % blockSize)

/** A node as a store keeps it. @internal */
export interface StoredNode {
  readonly key: number
  readonly hash: string
}

/** Stored nodes by key. @internal */
export type Nodes = ReadonlyMap<number, string>

/**
 * What one read of the tree returns: the stored nodes of the asked keys (absent keys are not in
 * it) and the content hashes of the events at positions `tailFrom..tailTo`, in order.
 *
 * @internal
 */
export interface Fetched {
  readonly nodes: Nodes
  readonly tail: ReadonlyArray<string>
}

/**
 * Reads stored nodes and a range of content hashes, in one query (`tailTo < tailFrom`: no tail).
 *
 * @internal
 */
export type Fetch<E> = (keys: ReadonlyArray<number>, tailFrom: number, tailTo: number) => Effect.Effect<Fetched, E>

/** The key of each node. @internal */
export const keysOf = (nodes: ReadonlyArray<Merkle.NodeId>): Array<number> =>
  nodes.map((node) => Merkle.nodeKey(node.level, node.index))

/** The stored form of computed nodes. @internal */
export const toStored = (nodes: ReadonlyArray<Merkle.Node>): Array<StoredNode> =>
  nodes.map((node) => ({ key: Merkle.nodeKey(node.level, node.index), hash: node.hash }))

/**
 * A `Merkle.GetNode` over a stored tree of `stored` leaves and the tail leaves after it: a node
 * that ends within the stored tree is looked up; one that ends in the tail is recomputed from
 * the tail's leaves and the stored nodes under it.
 *
 * @internal
 */
export const getNode = (stored: number, nodes: Nodes, tailLeafHashes: ReadonlyArray<string>): Merkle.GetNode => {
  const computed = new Map<number, string | undefined>()
  const get = (level: number, index: number): string | undefined => {
    const width = 2 ** level
    const start = index * width
    const end = start + width
    const key = Merkle.nodeKey(level, index)
    if (end <= stored) return nodes.get(key)
    if (computed.has(key)) return computed.get(key)
    let hash: string | undefined
    if (start >= stored) {
      const leaves = tailLeafHashes.slice(start - stored, end - stored)
      hash = leaves.length === width ? Merkle.root(leaves) : undefined
    } else {
      const left = get(level - 1, 2 * index)
      const right = get(level - 1, 2 * index + 1)
      hash = left === undefined || right === undefined ? undefined : Merkle.nodeHash(left, right)
    }
    computed.set(key, hash)
    return hash
  }
  return get
}

/** The stored nodes {@link getNode} reads to answer for `nodes`, over a stored tree of `stored` leaves. */
const storedKeys = (nodes: ReadonlyArray<Merkle.NodeId>, stored: number, into: Set<number>): void => {
  const visit = (level: number, index: number): void => {
    const start = index * 2 ** level
    const end = start + 2 ** level
    if (end <= stored) into.add(Merkle.nodeKey(level, index))
    else if (start < stored) {
      visit(level - 1, 2 * index)
      visit(level - 1, 2 * index + 1)
    }
  }
  for (const node of nodes) visit(node.level, node.index)
}

// ---------------------------------------------------------------------------------------------
// The frontier: the stored right edge and the tail, enough to extend the tree
// ---------------------------------------------------------------------------------------------

/**
 * The stored tree's right edge (`Merkle.nodesForRoot(size)`, `size` a multiple of
 * {@link blockSize}) and the content hashes of the tail events after it.
 *
 * @internal
 */
export interface Frontier {
  readonly size: number
  readonly edge: Nodes
  readonly tail: ReadonlyArray<string>
}

/** @internal */
export const emptyFrontier: Frontier = { size: 0, edge: new Map(), tail: [] }

/**
 * Appends events (their content hashes, in position order) to the tree the frontier describes:
 * the nodes to store (those of the blocks the append completes) and the frontier after them.
 * Reads nothing but the frontier.
 *
 * @internal
 */
export const extend = (
  frontier: Frontier,
  contentHashes: ReadonlyArray<string>
): { readonly nodes: ReadonlyArray<Merkle.Node>; readonly frontier: Frontier } => {
  const pending = frontier.tail.length === 0 ? contentHashes : [...frontier.tail, ...contentHashes]
  const complete = pending.length - (pending.length % blockSize)
  if (complete === 0) return { nodes: [], frontier: { size: frontier.size, edge: frontier.edge, tail: pending } }
  const leaves = new Array<string>(complete)
  for (let i = 0; i < complete; i++) leaves[i] = Merkle.eventLeafHash(pending[i])
  const nodes = Merkle.nodesToAdd(frontier.size, leaves, (level, index) =>
    frontier.edge.get(Merkle.nodeKey(level, index))
  )
  const size = frontier.size + complete
  const added = new Map<number, string>()
  for (const node of nodes) added.set(Merkle.nodeKey(node.level, node.index), node.hash)
  const edge = new Map<number, string>()
  for (const key of keysOf(Merkle.nodesForRoot(size))) edge.set(key, added.get(key) ?? frontier.edge.get(key)!)
  return { nodes, frontier: { size, edge, tail: pending.slice(complete) } }
}

/** The root of the whole tree the frontier describes (stored part and tail). @internal */
export const frontierRoot = (frontier: Frontier): Merkle.Hash =>
  Merkle.rootAt(
    frontier.size + frontier.tail.length,
    getNode(frontier.size, frontier.edge, frontier.tail.map(Merkle.eventLeafHash))
  )

/** The frontier of a log of `size` events, read from storage in one fetch. @internal */
export const readFrontier = <E>(size: number, fetch: Fetch<E>): Effect.Effect<Frontier, E> => {
  const stored = materializedSize(size)
  const keys = keysOf(Merkle.nodesForRoot(stored))
  if (keys.length === 0 && stored === size) return Effect.succeed(emptyFrontier)
  return Effect.map(fetch(keys, stored + 1, size), ({ nodes, tail }) => ({ size: stored, edge: nodes, tail }))
}

// ---------------------------------------------------------------------------------------------
// Proofs from stored nodes
// ---------------------------------------------------------------------------------------------

const isCount = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n) && n >= 0

const checkSize = (field: string, size: unknown, head: number): Effect.Effect<number, InvalidProofRequest> =>
  isCount(size) && size <= head
    ? Effect.succeed(size)
    : Effect.fail(new InvalidProofRequest({ field, rule: `an integer from 0 to the log's size (${head})` }))

const checkPosition = (field: string, position: unknown, size: number): Effect.Effect<number, InvalidProofRequest> =>
  isCount(position) && position >= 1 && position <= size
    ? Effect.succeed(position)
    : Effect.fail(new InvalidProofRequest({ field, rule: `an integer from 1 to the tree size (${size})` }))

/**
 * The tree methods of the audit port, before the store wraps its own errors.
 *
 * @internal
 */
export interface Proofs<E> {
  /** The root at `size` of a log whose head is at `head` (not checked). */
  readonly rootAt: (size: number, head: number) => Effect.Effect<Merkle.Hash, E>
  readonly root: (size?: number) => Effect.Effect<TreeHead, E | InvalidProofRequest>
  readonly inclusionProof: (position: number, size: number) => Effect.Effect<InclusionProof, E | InvalidProofRequest>
  readonly inclusionProofs: (
    positions: ReadonlyArray<number>,
    size: number
  ) => Effect.Effect<ReadonlyArray<InclusionProof>, E | InvalidProofRequest>
  readonly consistencyProof: (
    fromSize: number,
    toSize: number
  ) => Effect.Effect<ConsistencyProof, E | InvalidProofRequest>
}

/**
 * The audit port's tree methods over a store's reads. `head` reads the log's head; every
 * computation reads what it needs in one fetch: the nodes `Merkle.nodesFor*` lists and, for a
 * size beyond the stored tree, the tail's content hashes. A node missing from storage is a
 * defect (`Merkle.MissingNode`), which the store reports as its error.
 *
 * @internal
 */
export const proofs = <E>(options: {
  readonly head: Effect.Effect<LogHead, E>
  readonly fetch: Fetch<E>
}): Proofs<E> => {
  const { fetch, head } = options
  /** Reads what `nodes` of the tree of `size` need, for a log whose head is at `headPosition`. */
  const read = (nodes: ReadonlyArray<Merkle.NodeId>, size: number, headPosition: number) => {
    const stored = materializedSize(headPosition)
    const keys = new Set<number>()
    storedKeys(nodes, stored, keys)
    return Effect.map(fetch([...keys], stored + 1, size), ({ nodes: found, tail }) =>
      getNode(stored, found, tail.map(Merkle.eventLeafHash))
    )
  }
  const rootAt = (size: number, headPosition: number): Effect.Effect<Merkle.Hash, E> =>
    Effect.flatMap(read(Merkle.nodesForRoot(size), size, headPosition), (get) =>
      Effect.sync(() => Merkle.rootAt(size, get))
    )
  const inclusions = (positions: ReadonlyArray<number>, size: number, headPosition: number) => {
    const all: Array<Merkle.NodeId> = []
    for (const position of positions) all.push(...Merkle.nodesForInclusion(position - 1, size))
    return Effect.flatMap(read(all, size, headPosition), (get) =>
      Effect.sync(() =>
        positions.map((position) => ({ position, size, proof: Merkle.inclusionProof(position - 1, size, get) }))
      )
    )
  }
  const withHead = <A, E2>(f: (headPosition: number) => Effect.Effect<A, E2>) =>
    Effect.flatMap(head, (h) => f(h.position))
  return {
    rootAt,
    root: (size) =>
      withHead((n) =>
        Effect.flatMap(checkSize("size", size ?? n, n), (m) => Effect.map(rootAt(m, n), (root) => ({ size: m, root })))
      ),
    inclusionProof: (position, size) =>
      withHead((n) =>
        Effect.flatMap(checkSize("size", size, n), (m) =>
          Effect.flatMap(checkPosition("position", position, m), (p) =>
            Effect.map(inclusions([p], m, n), (all) => all[0])
          )
        )
      ),
    inclusionProofs: (positions, size) =>
      withHead((n) =>
        Effect.flatMap(checkSize("size", size, n), (m) =>
          Effect.flatMap(
            Effect.forEach(positions, (p, i) => checkPosition(`positions[${i}]`, p, m)),
            (checked) => (checked.length === 0 ? Effect.succeed([]) : inclusions(checked, m, n))
          )
        )
      ),
    consistencyProof: (fromSize, toSize) =>
      withHead((n) =>
        Effect.flatMap(checkSize("toSize", toSize, n), (m) =>
          Effect.flatMap(
            isCount(fromSize) && fromSize >= 1 && fromSize <= m
              ? Effect.succeed(fromSize)
              : Effect.fail(new InvalidProofRequest({ field: "fromSize", rule: `an integer from 1 to toSize (${m})` })),
            (from) =>
              Effect.flatMap(read(Merkle.nodesForConsistency(from, m), m, n), (get) =>
                Effect.sync(() => ({ fromSize: from, toSize: m, proof: Merkle.consistencyProof(from, m, get) }))
              )
          )
        )
      )
  }
}

// ---------------------------------------------------------------------------------------------
// Checkpoints
// ---------------------------------------------------------------------------------------------

/**
 * A checkpoint of `head` with the tree's root at its size, signed when asked.
 *
 * @internal
 */
export const checkpoint = (
  state: { readonly logId: string; readonly head: LogHead; readonly root: string; readonly time: string },
  options: CheckpointOptions = {}
): Effect.Effect<Checkpoint.Checkpoint | Checkpoint.SignedCheckpoint, CheckpointError> => {
  const value: Checkpoint.Checkpoint = {
    logId: options.logId ?? state.logId,
    size: state.head.position,
    root: state.root,
    time: state.time,
    head: { position: state.head.position, hash: state.head.hash }
  }
  return options.signWith === undefined
    ? Checkpoint.validate(value)
    : Checkpoint.sign(value, options.signWith as KeyObject)
}

// ---------------------------------------------------------------------------------------------
// Checking the stored tree against the events (verify)
// ---------------------------------------------------------------------------------------------

/** The position whose append completed the node: its last leaf. @internal */
export const completedAt = (node: Merkle.NodeId): number => (node.index + 1) * 2 ** node.level

/**
 * The `verify()` walk over the tree: fed the content hashes of the rows the chain walk accepted,
 * in position order, it recomputes the nodes of the blocks they complete; the store fetches those
 * keys and {@link TreeCheck.compare} names the first that differs.
 *
 * @internal
 */
export interface TreeCheck {
  /** The nodes the next events complete (their content hashes, in position order). */
  readonly feed: (contentHashes: ReadonlyArray<string>) => ReadonlyArray<Merkle.Node>
  /** The first computed node whose stored copy is missing or differs, as a broken position and reason. */
  readonly compare: (
    computed: ReadonlyArray<Merkle.Node>,
    stored: Nodes
  ) => { readonly position: number; readonly reason: string } | undefined
}

/** @internal */
export const makeTreeCheck = (): TreeCheck => {
  let frontier = emptyFrontier
  return {
    feed: (contentHashes) => {
      const next = extend(frontier, contentHashes)
      frontier = next.frontier
      return next.nodes
    },
    compare: (computed, stored) => {
      for (const node of computed) {
        const found = stored.get(Merkle.nodeKey(node.level, node.index))
        if (found !== node.hash) {
          const what = node.level === 0 ? "leaf" : `node (level ${node.level}, index ${node.index})`
          return {
            position: completedAt(node),
            reason:
              found === undefined
                ? `the Merkle tree's ${what} is not stored`
                : `the stored Merkle tree's ${what} does not match the events (it was changed)`
          }
        }
      }
      return undefined
    }
  }
}

/** How many nodes the store keeps for a log of `size` events: `2 m - popcount(m)`, m its stored size. @internal */
export const storedNodeCount = (size: number): number => {
  const stored = materializedSize(size)
  return 2 * stored - Merkle.nodesForRoot(stored).length
}

/**
 * A new log id: `training-ledger/` and a random UUID (a C2SP checkpoint origin, a signed-note key
 * name). Written once, when a store is created.
 *
 * @internal
 */
export const newLogId = (): string => `training-ledger/${randomUUID()}`
