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
  /**
   * Migration 0001: the events and head tables (and the append functions on PostgreSQL). A stream's
   * version is `max(version)` from the events' unique (stream_id, version) index, read after the
   * head is locked (PostgreSQL: `FOR UPDATE`, then a fresh snapshot per statement under READ
   * COMMITTED; SQLite: `BEGIN IMMEDIATE`), so no table of stream versions is written per append.
   */
  readonly createEventLog: Effect.Effect<void, SqlError>
  /** A transaction that holds the write lock from its first statement. */
  readonly withWriteTransaction: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | SqlError, R>
  /** Reads the head inside the write transaction, locking it where the database needs a lock. */
  readonly lockHead: Effect.Effect<ReadonlyArray<{ readonly position: unknown; readonly hash: string }>, SqlError>
  /** A JSON column's value as a JS value. */
  readonly decodeJson: (value: unknown) => unknown
  /**
   * The columns of a `StoredEvent` for reads, in this order: position, stream_id, version,
   * event_id, type, schema_version, data, metadata, occurred_at, recorded_at, prev_hash, hash.
   */
  readonly readColumns: string
  /** A time column of {@link readColumns} as a Date. */
  readonly decodeTime: (value: unknown) => Date
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
      sql`INSERT INTO event_log_head (id, position, hash) VALUES (1, 0, ${GenesisHash})`
    ],
    { discard: true }
  )

/**
 * The append function's general path (`event_log_append` hands it the batches with a retry or a
 * repeated id; it locks the head row again, a no-op in the same transaction). Locks the head row
 * (serializing every writer of every process), then for each job in order: repeated ids,
 * idempotency, version check (against the stored events and the job's own earlier parts), and
 * only when all parts hold, the inserts with the chain linked by `sha256()`. A job that fails
 * writes nothing; the jobs after it see the jobs before it (their rows are kept in arrays and
 * inserted with one statement at the end, with one update of the head). Mirrors
 * `internal/appendPlan.ts`.
 *
 * Input: `{ recordedAt, jobs: [[{ s, e, ev: [{ id, p }] }]] }` where `p` is the canonical content
 * without its version (`Hashing.contentPrefix`). Output: one `{ ok: [{ s, v, p, a }] }` or
 * `{ err: ... }` per job.
 */
const pgAppendFunction = `
CREATE FUNCTION event_log_append_general(batch jsonb) RETURNS jsonb
LANGUAGE plpgsql
-- as event_log_append: no JIT, and lookups by index even with plans cached when the log was small
SET jit = off
SET enable_seqscan = off
AS $fn$
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
        (SELECT max(version) FROM events WHERE stream_id = part->>'s'),
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
    UPDATE event_log_head SET position = h_pos, hash = h_hash WHERE id = 1;
  END IF;
  RETURN results;
END
$fn$`

/**
 * The append function's common path, O(n) in the batch: no event id of the batch is stored yet
 * and none repeats in the batch (else it hands the batch to `event_log_append_general`, after
 * taking the head lock). Set-based: one query for the stream versions of the batch, one pass
 * over the parts for the version checks (a failed job is undone), then one INSERT ... SELECT
 * that links the chain with the running aggregate `event_log_chain` (sha256(prev || content)).
 *
 * Input as the general function, plus `streams` (the batch's distinct stream ids), per part `i`
 * (its stream's 1-based index in `streams`) and `g` (its 1-based index among all parts), `np`
 * (the number of parts) and `rep` (an event id appears twice in the batch). Output:
 * `{ f: [first version - 1 per part, -1 if not written], q: [first position per part], x: { job: err } }`.
 */
const pgAppendFast = `
CREATE FUNCTION event_log_append(batch jsonb) RETURNS jsonb
LANGUAGE plpgsql
-- The planner's guesses for the jsonb set-returning functions (100 rows each, multiplied) would
-- make it JIT-compile the insert: ~10 ms per call for a handful of rows. And a session caches the
-- plans of these statements: planned while the table was small (a new log), a lookup would stay
-- a sequential scan of the whole table; every lookup here has its index.
SET jit = off
SET enable_seqscan = off
AS $fn$
DECLARE
  h_pos bigint;
  h_hash text;
  h_bytes bytea;
  rec_at timestamptz;
  cur_v bigint[];
  part_from bigint[];
  part_pos bigint[];
  errs jsonb := '{}'::jsonb;
  undo_si int[] := '{}';
  undo_v bigint[] := '{}';
  undo_n int;
  job jsonb;
  part jsonb;
  jn int := 0;
  g int;
  g0 int;
  si int;
  cur bigint;
  n bigint;
  expected jsonb;
  pos bigint;
  job_pos bigint;
  failure jsonb;
  k int;
BEGIN
  SELECT position, hash INTO h_pos, h_hash FROM event_log_head WHERE id = 1 FOR UPDATE;
  -- A retry (an event id already stored) or an id repeated in the batch: the general path decides.
  IF coalesce((batch->>'rep')::boolean, true) OR EXISTS (
      SELECT 1 FROM events WHERE event_id = ANY (ARRAY(
        SELECT e->>'id'
        FROM jsonb_array_elements(batch->'jobs') AS j(job),
             jsonb_array_elements(j.job) AS p(part),
             jsonb_array_elements(p.part->'ev') AS e))) THEN
    RETURN event_log_append_general(batch);
  END IF;
  rec_at := (batch->>'recordedAt')::timestamptz;
  -- one index probe per stream of the batch
  SELECT coalesce(array_agg(coalesce((SELECT max(ev.version) FROM events ev WHERE ev.stream_id = s.id), 0)
                            ORDER BY s.ord), '{}') INTO cur_v
    FROM jsonb_array_elements_text(batch->'streams') WITH ORDINALITY AS s(id, ord);
  part_from := array_fill(-1::bigint, ARRAY[(batch->>'np')::int]);
  part_pos := part_from;
  pos := h_pos;
  FOR job IN SELECT value FROM jsonb_array_elements(batch->'jobs') LOOP
    jn := jn + 1;
    job_pos := pos;
    undo_n := 0;
    failure := NULL;
    g0 := NULL;
    FOR part IN SELECT value FROM jsonb_array_elements(job) LOOP
      g := (part->>'g')::int;
      IF g0 IS NULL THEN g0 := g; END IF;
      si := (part->>'i')::int;
      IF (batch->'streams'->>(si - 1)) IS DISTINCT FROM part->>'s' THEN
        RAISE EXCEPTION 'event_log_append: part % names the stream index of another stream', g;
      END IF;
      cur := cur_v[si];
      expected := part->'e';
      IF NOT (expected = '"any"'::jsonb
          OR (expected = '"no-stream"'::jsonb AND cur = 0)
          OR (jsonb_typeof(expected) = 'number' AND (expected #>> '{}')::bigint = cur)) THEN
        failure := jsonb_build_object('tag', 'conflict', 's', part->>'s', 'e', expected, 'actual', cur);
        EXIT;
      END IF;
      n := jsonb_array_length(part->'ev');
      part_from[g] := cur;
      part_pos[g] := pos + 1;
      undo_n := undo_n + 1;
      undo_si[undo_n] := si;
      undo_v[undo_n] := cur;
      cur_v[si] := cur + n;
      pos := pos + n;
    END LOOP;
    IF failure IS NOT NULL THEN
      -- the job writes nothing: undo its versions and positions
      FOR k IN REVERSE undo_n..1 LOOP
        cur_v[undo_si[k]] := undo_v[k];
      END LOOP;
      FOR k IN g0..g LOOP
        part_from[k] := -1;
        part_pos[k] := -1;
      END LOOP;
      pos := job_pos;
      errs := errs || jsonb_build_object(jn::text, failure);
    END IF;
  END LOOP;
  IF pos > h_pos THEN
    h_bytes := decode(h_hash, 'hex');
    -- one statement: the rows and the head (the last row's hash)
    WITH inserted AS (
    INSERT INTO events (position, stream_id, version, event_id, type, schema_version, data, metadata,
                        occurred_at, recorded_at, content_hash, prev_hash, hash)
    SELECT c.position, c.stream_id, c.version, c.event_id, c.j->>'type', (c.j->>'schemaVersion')::int,
           c.j->'data', c.j->'metadata', (c.j->>'occurredAt')::timestamptz, rec_at, encode(c.chash, 'hex'),
           encode(coalesce(lag(c.hash) OVER (ORDER BY c.position), h_bytes), 'hex'), encode(c.hash, 'hex')
    FROM (
      SELECT r.*, r.canon::jsonb AS j, event_log_chain(r.chash, h_bytes) OVER (ORDER BY r.position) AS hash
      FROM (
        SELECT x.position, p.s AS stream_id, x.version, e.value->>'id' AS event_id, x.canon,
               sha256(convert_to(x.canon, 'UTF8')) AS chash
        FROM jsonb_array_elements(batch->'jobs') AS jb(value)
        CROSS JOIN LATERAL (
          SELECT pt.value->>'s' AS s, (pt.value->>'g')::int AS g, pt.value->'ev' AS ev
          FROM jsonb_array_elements(jb.value) AS pt(value)) AS p
        CROSS JOIN LATERAL jsonb_array_elements(p.ev) WITH ORDINALITY AS e(value, ord)
        CROSS JOIN LATERAL (
          SELECT part_pos[p.g] + e.ord - 1 AS position, part_from[p.g] + e.ord AS version,
                 (e.value->>'p') || (part_from[p.g] + e.ord)::text || '}' AS canon) AS x
        WHERE part_from[p.g] >= 0
      ) AS r
    ) AS c
    ORDER BY c.position
    RETURNING position, hash
    )
    UPDATE event_log_head SET position = pos, hash = (SELECT i.hash FROM inserted i WHERE i.position = pos)
    WHERE id = 1;
  END IF;
  RETURN jsonb_build_object('f', to_jsonb(part_from), 'q', to_jsonb(part_pos), 'x', errs);
END
$fn$`

/** The running hash of the chain: `sha256(previous || content)`, from the head's hash. */
const pgChainAggregate = [
  `CREATE FUNCTION event_log_chain_step(state bytea, content bytea, head bytea) RETURNS bytea
   LANGUAGE sql IMMUTABLE AS $fn$ SELECT sha256(coalesce(state, head) || content) $fn$`,
  `CREATE AGGREGATE event_log_chain(bytea, bytea) (SFUNC = event_log_chain_step, STYPE = bytea)`
]

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
      sql.unsafe(pgAppendFunction),
      ...pgChainAggregate.map((statement) => sql.unsafe(statement)),
      sql.unsafe(pgAppendFast)
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
      // Times as epoch milliseconds (the store's precision): a number is much cheaper for the
      // driver and for Date than parsing the text of a timestamptz, on every row of a read.
      readColumns: `position, stream_id, version, event_id, type, schema_version, data, metadata,
        floor(extract(epoch from occurred_at) * 1000)::bigint, floor(extract(epoch from recorded_at) * 1000)::bigint,
        prev_hash, hash`,
      decodeTime: (value) => new Date(Number(value)),
      hasAppendFunction: true
    }),
    orElse: (): Dialect => ({
      name: "sqlite",
      createEventLog: sqliteDdl(sql),
      withWriteTransaction: sqliteImmediateTransaction(sql),
      lockHead: sql<{ position: unknown; hash: string }>`SELECT position, hash FROM event_log_head WHERE id = 1`,
      decodeJson: (value) => JSON.parse(value as string),
      readColumns: `position, stream_id, version, event_id, type, schema_version, data, metadata,
        occurred_at, recorded_at, prev_hash, hash`,
      decodeTime: (value) => new Date(value as string),
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
    // `execute` reuses the client's prepared statements (these run once per append).
    begin: (conn) => conn.execute("BEGIN IMMEDIATE", [], undefined),
    savepoint: (conn, id) => conn.executeUnprepared(`SAVEPOINT effect_sql_${id}`, [], undefined),
    commit: (conn) => conn.execute("COMMIT", [], undefined),
    rollback: (conn) => conn.execute("ROLLBACK", [], undefined),
    rollbackSavepoint: (conn, id) => conn.executeUnprepared(`ROLLBACK TO SAVEPOINT effect_sql_${id}`, [], undefined)
  })
