-- training-ledger, migration 0001 on PostgreSQL: the event log.
--
-- events          one row per event, the single source of truth (see DESIGN.md, The event log)
-- event_log_head  the last position and its hash; every append locks this row, which serializes
--                 writers of every process, keeps positions gap-free and links the hash chain
--
-- Times are timestamptz(3): the column keeps exactly the milliseconds that the hash covers, so a
-- change too small to show in the hashed ISO text cannot hide in the column either.

CREATE TABLE events (
  position bigint PRIMARY KEY,
  stream_id text NOT NULL,
  version bigint NOT NULL,
  event_id text NOT NULL UNIQUE,
  type text NOT NULL,
  schema_version integer NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  occurred_at timestamptz(3) NOT NULL,
  recorded_at timestamptz(3) NOT NULL,
  content_hash text NOT NULL,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  UNIQUE (stream_id, version)
);

CREATE TABLE event_log_head (
  id integer PRIMARY KEY CHECK (id = 1),
  position bigint NOT NULL,
  hash text NOT NULL
);

INSERT INTO event_log_head (id, position, hash) VALUES (1, 0, repeat('0', 64));

-- The running hash of the chain: sha256(previous || content), starting from the head's hash.
CREATE FUNCTION event_log_chain_step(state bytea, content bytea, head bytea) RETURNS bytea
LANGUAGE sql IMMUTABLE AS $fn$ SELECT sha256(coalesce(state, head) || content) $fn$;

CREATE AGGREGATE event_log_chain(bytea, bytea) (SFUNC = event_log_chain_step, STYPE = bytea);

-- The append, one round trip per batch of appends (group commit). Mirrors the TypeScript decision
-- in adapters/log/AppendPlan.ts; the contract suite holds both to the same answers.
--
-- Input:  { recordedAt, streams: [stream ids], np: number of parts,
--           jobs: [[ { s: stream, i: 1-based index in streams, g: 1-based part index,
--                      e: expected version (number, "no-stream" or "any"),
--                      ev: [ { id: event id, p: canonical content without its version } ] } ]] }
--         The caller guarantees that no event id appears twice in the batch.
-- Output: { f: per part, the stream version before it (-1: not written, -2: already stored),
--           q: per part, its first position,
--           a: { part: { v: version, p: [positions] } } for parts already stored (a retry),
--           x: { job: error } for jobs that failed (they write nothing) }
--
-- Per job, in order, each part: if some of its event ids are stored, it is a retry: all stored
-- with the same stream, type, schema version and data -> already appended (positions from the
-- log, the expected version not checked); else IdempotencyMismatch. Otherwise its expected
-- version is checked against the stream's version, which counts the parts written before it in
-- this batch. A job that fails is undone. Then one INSERT ... SELECT writes every row, with the
-- chain linked by the running aggregate, and moves the head.
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
  stored jsonb;
  cur_v bigint[];
  part_from bigint[];
  part_pos bigint[];
  already jsonb := '{}'::jsonb;
  errs jsonb := '{}'::jsonb;
  undo_si int[] := '{}';
  undo_v bigint[] := '{}';
  undo_n int;
  job jsonb;
  part jsonb;
  ev jsonb;
  s jsonb;
  j jsonb;
  jn int := 0;
  g int;
  g0 int;
  si int;
  cur bigint;
  n bigint;
  n_stored int;
  expected jsonb;
  pos bigint;
  job_pos bigint;
  failure jsonb;
  reason text;
  positions jsonb;
  max_v bigint;
  k int;
BEGIN
  SELECT position, hash INTO h_pos, h_hash FROM event_log_head WHERE id = 1 FOR UPDATE;
  rec_at := (batch->>'recordedAt')::timestamptz;
  -- the batch's event ids already in the log (a retry), usually none: one index probe per id
  SELECT jsonb_object_agg(e.event_id, jsonb_build_array(e.stream_id, e.version, e.position, e.type,
                                                        e.schema_version, e.data))
    INTO stored
    FROM events e
    WHERE e.event_id = ANY (ARRAY(
      SELECT x->>'id'
      FROM jsonb_array_elements(batch->'jobs') AS jb(job),
           jsonb_array_elements(jb.job) AS p(part),
           jsonb_array_elements(p.part->'ev') AS x));
  -- one index probe per stream of the batch
  SELECT coalesce(array_agg(coalesce((SELECT max(ev.version) FROM events ev WHERE ev.stream_id = st.id), 0)
                            ORDER BY st.ord), '{}') INTO cur_v
    FROM jsonb_array_elements_text(batch->'streams') WITH ORDINALITY AS st(id, ord);
  part_from := array_fill(-1::bigint, ARRAY[(batch->>'np')::int]);
  part_pos := part_from;
  pos := h_pos;
  FOR job IN SELECT value FROM jsonb_array_elements(batch->'jobs') LOOP
    jn := jn + 1;
    job_pos := pos;
    undo_n := 0;
    failure := NULL;
    g0 := NULL;
    <<parts>>
    FOR part IN SELECT value FROM jsonb_array_elements(job) LOOP
      g := (part->>'g')::int;
      IF g0 IS NULL THEN g0 := g; END IF;
      si := (part->>'i')::int;
      IF (batch->'streams'->>(si - 1)) IS DISTINCT FROM part->>'s' THEN
        RAISE EXCEPTION 'event_log_append: part % names the stream index of another stream', g;
      END IF;
      n := jsonb_array_length(part->'ev');
      n_stored := 0;
      IF stored IS NOT NULL THEN
        SELECT count(*) INTO n_stored FROM jsonb_array_elements(part->'ev') AS x WHERE stored ? (x->>'id');
      END IF;
      IF n_stored > 0 THEN
        -- a retry: every event stored with the same content, or a mismatch (the first event that is
        -- missing or differs, in order)
        positions := '[]'::jsonb;
        max_v := 0;
        FOR ev IN SELECT value FROM jsonb_array_elements(part->'ev') LOOP
          s := stored->(ev->>'id');
          IF s IS NULL THEN
            failure := jsonb_build_object('tag', 'mismatch', 's', part->>'s', 'id', ev->>'id',
              'reason', format('only %s of the %s events of this append are stored', n_stored, n));
            EXIT parts;
          END IF;
          j := ((ev->>'p') || '0}')::jsonb;
          reason := CASE
            WHEN s->>0 <> part->>'s' THEN format('stored on stream %s', s->>0)
            WHEN s->>3 <> j->>'type' THEN format('stored with type %s', s->>3)
            WHEN (s->>4)::int <> (j->>'schemaVersion')::int THEN format('stored with schema version %s', s->>4)
            WHEN s->5 <> j->'data' THEN 'stored with other data'
          END;
          IF reason IS NOT NULL THEN
            failure := jsonb_build_object('tag', 'mismatch', 's', part->>'s', 'id', ev->>'id', 'reason', reason);
            EXIT parts;
          END IF;
          positions := positions || (s->2);
          max_v := greatest(max_v, (s->>1)::bigint);
        END LOOP;
        part_from[g] := -2;
        already := already || jsonb_build_object(g::text, jsonb_build_object('v', max_v, 'p', positions));
        CONTINUE parts;
      END IF;
      cur := cur_v[si];
      expected := part->'e';
      IF NOT (expected = '"any"'::jsonb
          OR (expected = '"no-stream"'::jsonb AND cur = 0)
          OR (jsonb_typeof(expected) = 'number' AND (expected #>> '{}')::bigint = cur)) THEN
        failure := jsonb_build_object('tag', 'conflict', 's', part->>'s', 'e', expected, 'actual', cur);
        EXIT parts;
      END IF;
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
        IF part_from[k] = -2 THEN
          already := already - k::text;
        END IF;
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
  RETURN jsonb_build_object('f', to_jsonb(part_from), 'q', to_jsonb(part_pos), 'a', already, 'x', errs);
END
$fn$;

-- Append-only in the database, not only detected: rows of the log are never updated or deleted,
-- the table is never truncated, and the head only moves forward. (A superuser can still drop
-- these triggers; verify() catches what is changed then.)
CREATE FUNCTION event_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'the event log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$fn$;

CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
  FOR EACH ROW EXECUTE FUNCTION event_log_refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION event_log_refuse_change();

CREATE FUNCTION event_log_head_forward() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'the event log head cannot be deleted' USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.position < OLD.position OR (NEW.position = OLD.position AND NEW.hash <> OLD.hash) THEN
    RAISE EXCEPTION 'the event log head only moves forward (from % to %)', OLD.position, NEW.position
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$fn$;

CREATE TRIGGER event_log_head_forward BEFORE UPDATE OR DELETE ON event_log_head
  FOR EACH ROW EXECUTE FUNCTION event_log_head_forward();
CREATE TRIGGER event_log_head_no_truncate BEFORE TRUNCATE ON event_log_head
  FOR EACH STATEMENT EXECUTE FUNCTION event_log_refuse_change();
