/**
 * Decided-upon streams kept in memory between commands, so a command on a known program costs
 * one append and no read. A stale entry (another process appended) is caught by the store's
 * version check, after which the Ledger reads only the stream's tail.
 *
 * Entries are mutated only by their stream's holder of the Ledger's per-stream lock.
 *
 * @since 0.1.0
 */
import type { AppendResult, StoredEvent } from "../ports/EventStore.js"
import type { Decider } from "../domain/Decider.js"

/**
 * What one command appended: enough to answer its repeat the same way.
 *
 * @since 0.1.0
 * @category models
 */
export interface CommandRecord<E> {
  /** The command's fingerprint (metadata `commandHash`), to tell a repeat from a reused id. */
  readonly commandHash: string | undefined
  readonly events: ReadonlyArray<E>
  readonly positions: ReadonlyArray<number>
  readonly version: number
}

/**
 * @since 0.1.0
 * @category models
 */
export interface Loaded<S, E> {
  readonly version: number
  readonly state: S
  /** By command id: the commands this stream has recorded. */
  readonly commands: Map<string, CommandRecord<E>>
}

/**
 * @since 0.1.0
 * @category models
 */
export interface StreamCache<S, E> {
  readonly has: (streamId: string) => boolean
  /** The cached entry, or the empty stream. */
  readonly get: (streamId: string) => Loaded<S, E>
  /** Folds events read from the store (the tail after `base.version`, in order) into `base`. */
  readonly advance: (
    streamId: string,
    base: Loaded<S, E>,
    tail: Iterable<{ readonly stored: StoredEvent; readonly event: E }>
  ) => Loaded<S, E>
  /** Drops a stream: the next command reads it from the store. */
  readonly forget: (streamId: string) => void
  /** Drops every stream. */
  readonly clear: () => void
  /** Folds the events a command just appended. */
  readonly record: (
    streamId: string,
    events: ReadonlyArray<E>,
    result: AppendResult,
    command: { readonly id: string; readonly hash: string }
  ) => void
}

/**
 * A least-recently-used cache of at most `capacity` streams.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = <S, E>(decider: Decider<any, E, S, any>, capacity: number): StreamCache<S, E> => {
  const entries = new Map<string, Loaded<S, E>>()
  const empty = (): Loaded<S, E> => ({ version: 0, state: decider.initialState, commands: new Map() })

  const put = (streamId: string, entry: Loaded<S, E>) => {
    entries.delete(streamId)
    entries.set(streamId, entry)
    if (entries.size > capacity) entries.delete(entries.keys().next().value!)
    return entry
  }

  // Events of one command are contiguous: a command's record grows while its events are read.
  const addTo = (commands: Map<string, CommandRecord<E>>, stored: StoredEvent, event: E) => {
    const { commandId, commandHash } = stored.metadata
    if (commandId === undefined) return
    const known = commands.get(commandId)
    commands.set(commandId, {
      commandHash,
      events: known === undefined ? [event] : [...known.events, event],
      positions: known === undefined ? [stored.position] : [...known.positions, stored.position],
      version: stored.version
    })
  }

  return {
    has: (streamId) => entries.has(streamId),
    forget: (streamId) => void entries.delete(streamId),
    clear: () => entries.clear(),
    get: (streamId) => {
      const entry = entries.get(streamId)
      return entry === undefined ? empty() : put(streamId, entry)
    },
    advance: (streamId, entry, tail) => {
      let { state, version } = entry
      for (const { stored, event } of tail) {
        state = decider.evolve(state, event)
        version = stored.version
        addTo(entry.commands, stored, event)
      }
      return put(streamId, { version, state, commands: entry.commands })
    },
    record: (streamId, events, result, command) => {
      const entry = entries.get(streamId)
      // Evicted or overtaken since it was loaded: forget it, the next command reads the stream.
      if (entry === undefined || entry.version !== result.version - events.length) {
        entries.delete(streamId)
        return
      }
      let state = entry.state
      for (const event of events) state = decider.evolve(state, event)
      entry.commands.set(command.id, {
        commandHash: command.hash,
        events,
        positions: result.positions,
        version: result.version
      })
      put(streamId, { version: result.version, state, commands: entry.commands })
    }
  }
}
