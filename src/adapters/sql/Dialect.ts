/**
 * The few differences between SQLite and PostgreSQL for the event log, in one place (the only
 * `onDialectOrElse` of the SQL adapters): the DDL, the write transaction, how JSON and
 * timestamps come back, and on PostgreSQL the one-round-trip append function.
 *
 * @since 0.1.0
 */
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import * as Effect from "effect/Effect"
import * as Scope from "effect/Scope"
import { GenesisHash } from "../EventStore.js"

/**
 * @since 0.1.0
 * @category models
 */
export interface Dialect {
  readonly name: "sqlite" | "pg"
  /** Migration 0001: the events, head and streams tables (and the append function on PostgreSQL). */
  readonly createEventLog: Effect.Effect<void, SqlError>
  /** A transaction that holds the write lock from its first statement. */
  readonly withWriteTransaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | SqlError, R>
  /** Reads the head inside the write transaction, locking it where the database needs a lock. */
  readonly lockHead: Effect.Effect<ReadonlyArray<{ readonly position: unknown; readonly hash: string }>, SqlError>
  /** A JSON column's value as a JS value. */
  readonly decodeJson: (value: unknown) => unknown
  /** True when the append function `event_log_append(jsonb)` exists (one round trip per batch). */
  readonly hasAppendFunction: boolean
}

const sqliteDdl = (sql: SqlClient.SqlClient) =>
  Effect.all(
    [
      sql`CREATE TABLE events (
        position INTEGER PRIMARY KEY,
        stream_id TEXT NOT NULL,
        version INTEGER NOT NULL,
        event_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        schema_version INTEGER NOT NULL,
        data TEXT NOT NULL,
        metadata TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        UNIQUE (stream_id, version)
      )`,
      sql`CREATE TABLE event_log_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        position INTEGER NOT NULL,
        hash TEXT NOT NULL
      )`,
      sql`INSERT INTO event_log_head (id, position, hash) VALUES (1, 0, ${GenesisHash})`,
      sql`CREATE TABLE event_streams (
        stream_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL
      ) WITHOUT ROWID`
    ],
    { discard: true }
  )

/**
 * The append function: one call per batch. Locks the head row (serializing every writer of every
 * process), then for each job in order: repeated ids, idempotency, version check (against the
 * streams table and the job's own earlier parts), and only when all parts hold, the inserts with
 * the chain linked by `sha256()`. A job that fails writes nothing; the jobs after it see the
 * jobs before it (their rows are kept in arrays and inserted with one statement at the end, with
 * one upsert of the stream versions and one update of the head). Mirrors `internal/appendPlan.ts`.
 *
 * Input: `{ recordedAt, jobs: [[{ s, e, ev: [{ id, p }] }]] }` where `p` is the canonical content
 * without its version (`Hashing.contentPrefix`). Output: one `{ ok: [{ s, v, p, a }] }` or
 * `{ err: ... }` per job.
 */
const pgAppendFunction = `
CREATE FUNCTION event_log_append(batch jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $fn$
DECLARE
  h_pos bigint;
  h_hash text;
  rec_at timestamptz := (batch->>'recordedAt')::timestamptz;
  results jsonb := '[]'::jsonb;
  -- the batch's rows, inserted with one statement at the end; later jobs look here first
  b_pos bigint[] := '{}';
  b_stream text[] := '{}';
  b_version bigint[] := '{}';
  b_id text[] := '{}';
  b_type text[] := '{}';
  b_sv int[] := '{}';
  b_data jsonb[] := '{}';
  b_meta jsonb[] := '{}';
  b_occ timestamptz[] := '{}';
  b_chash text[] := '{}';
  b_prev text[] := '{}';
  b_hash text[] := '{}';
  b_versions jsonb := '{}'::jsonb;
  job jsonb;
  part jsonb;
  ev jsonb;
  decision jsonb;
  decisions jsonb;
  failure jsonb;
  job_results jsonb;
  versions jsonb;
  seen text[];
  ids text[];
  eid text;
  n_ids int;
  n_stored int;
  idx int;
  s_stream text;
  s_version bigint;
  s_pos bigint;
  s_type text;
  s_sv int;
  s_data jsonb;
  cur bigint;
  expected jsonb;
  v bigint;
  max_v bigint;
  positions jsonb;
  canon text;
  chash text;
  nhash text;
  j jsonb;
  reason text;
  k int;
BEGIN
  SELECT position, hash INTO h_pos, h_hash FROM event_log_head WHERE id = 1 FOR UPDATE;
  FOR job IN SELECT value FROM jsonb_array_elements(batch->'jobs') LOOP
    seen := '{}';
    versions := '{}'::jsonb;
    decisions := '[]'::jsonb;
    failure := NULL;
    <<parts>>
    FOR part IN SELECT value FROM jsonb_array_elements(job) LOOP
      SELECT coalesce(array_agg(x.value->>'id' ORDER BY x.ord), '{}')
        INTO ids FROM jsonb_array_elements(part->'ev') WITH ORDINALITY AS x(value, ord);
      n_ids := cardinality(ids);
      FOREACH eid IN ARRAY ids LOOP
        IF eid = ANY(seen) THEN
          failure := jsonb_build_object('tag', 'mismatch', 's', part->>'s', 'id', eid,
            'reason', 'the same event id appears twice in one append');
          EXIT parts;
        END IF;
        seen := seen || eid;
      END LOOP;
      n_stored := 0;
      IF n_ids > 0 THEN
        SELECT count(*) INTO n_stored FROM events WHERE event_id = ANY(ids);
        n_stored := n_stored + (SELECT count(*) FROM unnest(ids) AS x(id) WHERE x.id = ANY(b_id));
      END IF;
      IF n_stored > 0 THEN
        positions := '[]'::jsonb;
        max_v := 0;
        FOR ev IN SELECT value FROM jsonb_array_elements(part->'ev') LOOP
          idx := array_position(b_id, ev->>'id');
          IF idx IS NOT NULL THEN
            s_stream := b_stream[idx]; s_version := b_version[idx]; s_pos := b_pos[idx];
            s_type := b_type[idx]; s_sv := b_sv[idx]; s_data := b_data[idx];
          ELSE
            SELECT stream_id, version, position, type, schema_version, data
              INTO s_stream, s_version, s_pos, s_type, s_sv, s_data
              FROM events WHERE event_id = ev->>'id';
            IF NOT FOUND THEN
              failure := jsonb_build_object('tag', 'mismatch', 's', part->>'s', 'id', ev->>'id',
                'reason', format('only %s of the %s events of this append are stored', n_stored, n_ids));
              EXIT parts;
            END IF;
          END IF;
          j := ((ev->>'p') || '0}')::jsonb;
          reason := CASE
            WHEN s_stream <> part->>'s' THEN format('stored on stream %s', s_stream)
            WHEN s_type <> j->>'type' THEN format('stored with type %s', s_type)
            WHEN s_sv <> (j->>'schemaVersion')::int THEN format('stored with schema version %s', s_sv)
            WHEN s_data <> j->'data' THEN 'stored with other data'
          END;
          IF reason IS NOT NULL THEN
            failure := jsonb_build_object('tag', 'mismatch', 's', part->>'s', 'id', ev->>'id', 'reason', reason);
            EXIT parts;
          END IF;
          positions := positions || to_jsonb(s_pos);
          max_v := greatest(max_v, s_version);
        END LOOP;
        decisions := decisions || jsonb_build_array(jsonb_build_object('k', 'already', 'v', max_v, 'p', positions));
        CONTINUE parts;
      END IF;
      cur := coalesce(
        (versions->>(part->>'s'))::bigint,
        (b_versions->>(part->>'s'))::bigint,
        (SELECT version FROM event_streams WHERE stream_id = part->>'s'),
        0);
      expected := part->'e';
      IF NOT (expected = '"any"'::jsonb
          OR (expected = '"no-stream"'::jsonb AND cur = 0)
          OR (jsonb_typeof(expected) = 'number' AND (expected #>> '{}')::bigint = cur)) THEN
        failure := jsonb_build_object('tag', 'conflict', 's', part->>'s', 'e', expected, 'actual', cur);
        EXIT parts;
      END IF;
      decisions := decisions || jsonb_build_array(jsonb_build_object('k', 'append', 'from', cur));
      IF n_ids > 0 THEN
        versions := jsonb_set(versions, ARRAY[part->>'s'], to_jsonb(cur + n_ids));
      END IF;
    END LOOP;
    IF failure IS NOT NULL THEN
      results := results || jsonb_build_array(jsonb_build_object('err', failure));
      CONTINUE;
    END IF;
    job_results := '[]'::jsonb;
    k := 0;
    FOR part IN SELECT value FROM jsonb_array_elements(job) LOOP
      decision := decisions->k;
      k := k + 1;
      IF decision->>'k' = 'already' THEN
        job_results := job_results || jsonb_build_array(jsonb_build_object(
          's', part->>'s', 'v', decision->'v', 'p', decision->'p', 'a', true));
        CONTINUE;
      END IF;
      v := (decision->>'from')::bigint;
      positions := '[]'::jsonb;
      FOR ev IN SELECT value FROM jsonb_array_elements(part->'ev') LOOP
        v := v + 1;
        h_pos := h_pos + 1;
        canon := (ev->>'p') || v::text || '}';
        chash := encode(sha256(convert_to(canon, 'UTF8')), 'hex');
        nhash := encode(sha256(decode(h_hash, 'hex') || decode(chash, 'hex')), 'hex');
        j := canon::jsonb;
        b_pos := b_pos || h_pos;
        b_stream := b_stream || (part->>'s');
        b_version := b_version || v;
        b_id := b_id || (ev->>'id');
        b_type := b_type || (j->>'type');
        b_sv := b_sv || (j->>'schemaVersion')::int;
        b_data := b_data || (j->'data');
        b_meta := b_meta || (j->'metadata');
        b_occ := b_occ || (j->>'occurredAt')::timestamptz;
        b_chash := b_chash || chash;
        b_prev := b_prev || h_hash;
        b_hash := b_hash || nhash;
        h_hash := nhash;
        positions := positions || to_jsonb(h_pos);
      END LOOP;
      IF jsonb_array_length(part->'ev') > 0 THEN
        b_versions := jsonb_set(b_versions, ARRAY[part->>'s'], to_jsonb(v));
      END IF;
      job_results := job_results || jsonb_build_array(jsonb_build_object(
        's', part->>'s', 'v', v, 'p', positions, 'a', false));
    END LOOP;
    results := results || jsonb_build_array(jsonb_build_object('ok', job_results));
  END LOOP;
  IF cardinality(b_pos) > 0 THEN
    INSERT INTO events (position, stream_id, version, event_id, type, schema_version, data, metadata,
                        occurred_at, recorded_at, content_hash, prev_hash, hash)
    SELECT r.position, r.stream_id, r.version, r.event_id, r.type, r.schema_version, r.data, r.metadata,
           r.occurred_at, rec_at, r.content_hash, r.prev_hash, r.hash
    FROM unnest(b_pos, b_stream, b_version, b_id, b_type, b_sv, b_data, b_meta, b_occ, b_chash, b_prev, b_hash)
      AS r(position, stream_id, version, event_id, type, schema_version, data, metadata, occurred_at,
           content_hash, prev_hash, hash)
    ORDER BY r.position;
    INSERT INTO event_streams (stream_id, version)
    SELECT key, value::bigint FROM jsonb_each_text(b_versions)
    ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version;
    UPDATE event_log_head SET position = h_pos, hash = h_hash WHERE id = 1;
  END IF;
  RETURN results;
END
$fn$`

const pgDdl = (sql: SqlClient.SqlClient) =>
  Effect.all(
    [
      sql`CREATE TABLE events (
        position bigint PRIMARY KEY,
        stream_id text NOT NULL,
        version bigint NOT NULL,
        event_id text NOT NULL UNIQUE,
        type text NOT NULL,
        schema_version integer NOT NULL,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        content_hash text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        UNIQUE (stream_id, version)
      )`,
      sql`CREATE TABLE event_log_head (
        id integer PRIMARY KEY CHECK (id = 1),
        position bigint NOT NULL,
        hash text NOT NULL
      )`,
      sql`INSERT INTO event_log_head (id, position, hash) VALUES (1, 0, ${GenesisHash})`,
      sql`CREATE TABLE event_streams (
        stream_id text PRIMARY KEY,
        version bigint NOT NULL
      )`,
      sql.unsafe(pgAppendFunction)
    ],
    { discard: true }
  )

/**
 * The dialect of `sql`.
 *
 * @since 0.1.0
 * @category constructors
 */
export const make = (sql: SqlClient.SqlClient): Dialect =>
  sql.onDialectOrElse({
    pg: (): Dialect => ({
      name: "pg",
      createEventLog: pgDdl(sql),
      withWriteTransaction: sql.withTransaction,
      lockHead: sql<{
        position: unknown
        hash: string
      }>`SELECT position, hash FROM event_log_head WHERE id = 1 FOR UPDATE`,
      decodeJson: (value) => value,
      hasAppendFunction: true
    }),
    orElse: (): Dialect => ({
      name: "sqlite",
      createEventLog: sqliteDdl(sql),
      withWriteTransaction: sqliteImmediateTransaction(sql),
      lockHead: sql<{ position: unknown; hash: string }>`SELECT position, hash FROM event_log_head WHERE id = 1`,
      decodeJson: (value) => JSON.parse(value as string),
      hasAppendFunction: false
    })
  })

/**
 * `sql.withTransaction` with `BEGIN IMMEDIATE`: the write lock is taken at BEGIN (waiting up to
 * `busy_timeout`), so two processes writing one file never deadlock on a read-to-write upgrade.
 * Nested uses become savepoints, as with `withTransaction`.
 */
const sqliteImmediateTransaction = (sql: SqlClient.SqlClient) =>
  SqlClient.makeWithTransaction({
    transactionTag: SqlClient.TransactionConnection,
    spanAttributes: [],
    acquireConnection: Effect.flatMap(Scope.make(), (scope) =>
      Effect.map(Scope.extend(sql.reserve, scope), (conn) => [scope, conn] as const)
    ),
    begin: (conn) => conn.executeUnprepared("BEGIN IMMEDIATE", [], undefined),
    savepoint: (conn, id) => conn.executeUnprepared(`SAVEPOINT effect_sql_${id}`, [], undefined),
    commit: (conn) => conn.executeUnprepared("COMMIT", [], undefined),
    rollback: (conn) => conn.executeUnprepared("ROLLBACK", [], undefined),
    rollbackSavepoint: (conn, id) => conn.executeUnprepared(`ROLLBACK TO SAVEPOINT effect_sql_${id}`, [], undefined)
  })
