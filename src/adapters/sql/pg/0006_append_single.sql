-- training-ledger, migration 0006 on PostgreSQL: a short path for appends of one stream each.
--
-- The append function of migration 0001 answers any batch of the group commit: jobs of parts on
-- several streams, retries, conflicts undone job by job. For the batches most stores send (each
-- append to one stream, no two on the same stream, their events new: every append of a single
-- writer, most batches of a busy store), its generality costs: about 500 µs of server CPU for one
-- append, against about 130 µs for the bare inserts of the same rows (measured on 2 Dec 2026, the
-- backend's CPU time over 3,000 appends). This migration renames it event_log_append_batch and
-- puts in its place a function that writes such a batch with one lookup per question and the rows
-- inserted one by one, and hands every other batch, and a batch that holds a stored event id (a
-- retry), to event_log_append_batch unchanged. The contract suite holds both to the answers of
-- adapters/log/AppendPlan.ts, and test/adapters/PgAppendSingle.test.ts holds this one to the batch
-- function's answers, rows, hashes and tree; the answer's shape is the batch function's (see 0001).

ALTER FUNCTION event_log_append(jsonb) RENAME TO event_log_append_batch;

CREATE FUNCTION event_log_append(batch jsonb) RETURNS jsonb
LANGUAGE plpgsql
-- as the batch function: no JIT for a handful of rows, and every lookup on its index
SET jit = off
SET enable_seqscan = off
AS $fn$
DECLARE
  np int := (batch->>'np')::int;
  part jsonb;
  evs jsonb;
  ids text[];
  cur_v bigint[];
  part_from bigint[];
  part_pos bigint[];
  errs jsonb := '{}'::jsonb;
  n int;
  h_pos bigint;
  h_hash text;
  pos bigint;
  prev bytea;
  h bytea;
  chash bytea;
  canon text;
  j jsonb;
  cur bigint;
  expected jsonb;
  rec_at timestamptz;
  stream text;
  g int;
  k int;
BEGIN
  -- Each stream's turn in shared mode, before the head: an append waits while a retrying writer
  -- holds its stream's turn exclusively (PgAppend.takeTurn), and never holds the head while it
  -- waits. 21580 (0x544c) is PgAppend.turnClass. Taken here rather than in the caller's statement
  -- (as before this migration): a plain `SELECT event_log_append($1)` is cheaper to plan, and every
  -- statement is planned again (the driver sends them unnamed).
  PERFORM pg_advisory_xact_lock_shared(21580, hashtext(current_schema() || ':' || s))
    FROM jsonb_array_elements_text(batch->'streams') AS s;
  -- one part per job, each on a stream of its own (np parts, np jobs, np streams)
  IF np IS NULL OR np < 1 OR jsonb_array_length(batch->'jobs') <> np OR jsonb_array_length(batch->'streams') <> np
     OR EXISTS (SELECT 1 FROM jsonb_array_elements(batch->'jobs') AS jb(job) WHERE jsonb_array_length(jb.job) <> 1) THEN
    RETURN event_log_append_batch(batch);
  END IF;
  -- the head first, as the batch function: every writer takes the same locks in the same order
  SELECT position, hash INTO h_pos, h_hash FROM event_log_head WHERE id = 1 FOR UPDATE;
  ids := ARRAY(SELECT x->>'id'
               FROM jsonb_array_elements(batch->'jobs') AS jb(job), jsonb_array_elements(jb.job->0->'ev') AS x);
  IF EXISTS (SELECT 1 FROM events WHERE event_id = ANY (ids)) THEN
    -- a retry of a stored append, or a mismatch: the batch function's answer (it locks the head
    -- row again, which this transaction holds already)
    RETURN event_log_append_batch(batch);
  END IF;
  -- one index probe per stream, in the order of batch->'streams' (the parts' `i`)
  SELECT array_agg(coalesce((SELECT max(ev.version) FROM events ev WHERE ev.stream_id = st.id), 0) ORDER BY st.ord)
    INTO cur_v
    FROM jsonb_array_elements_text(batch->'streams') WITH ORDINALITY AS st(id, ord);
  part_from := array_fill(-1::bigint, ARRAY[np]);
  part_pos := part_from;
  rec_at := (batch->>'recordedAt')::timestamptz;
  pos := h_pos;
  prev := decode(h_hash, 'hex');
  FOR g IN 1..np LOOP
    part := batch->'jobs'->(g - 1)->0;
    stream := part->>'s';
    IF (batch->'streams'->>((part->>'i')::int - 1)) IS DISTINCT FROM stream THEN
      RAISE EXCEPTION 'event_log_append: part % names the stream index of another stream', g;
    END IF;
    cur := cur_v[(part->>'i')::int];
    expected := part->'e';
    IF NOT (expected = '"any"'::jsonb
        OR (expected = '"no-stream"'::jsonb AND cur = 0)
        OR (jsonb_typeof(expected) = 'number' AND (expected #>> '{}')::bigint = cur)) THEN
      errs := errs || jsonb_build_object(g::text,
        jsonb_build_object('tag', 'conflict', 's', stream, 'e', expected, 'actual', cur));
      CONTINUE;
    END IF;
    part_from[g] := cur;
    part_pos[g] := pos + 1;
    evs := part->'ev';
    n := jsonb_array_length(evs);
    FOR k IN 1..n LOOP
      -- the canonical content completed with its version, hashed and linked as in 0001's chain
      canon := (evs->(k - 1)->>'p') || (cur + k)::text || '}';
      j := canon::jsonb;
      chash := sha256(convert_to(canon, 'UTF8'));
      h := sha256(prev || chash);
      INSERT INTO events (position, stream_id, version, event_id, type, schema_version, data, metadata,
                          occurred_at, recorded_at, content_hash, prev_hash, hash)
      VALUES (pos + k, stream, cur + k, evs->(k - 1)->>'id', j->>'type', (j->>'schemaVersion')::int, j->'data',
              j->'metadata', (j->>'occurredAt')::timestamptz, rec_at, encode(chash, 'hex'), encode(prev, 'hex'),
              encode(h, 'hex'));
      prev := h;
    END LOOP;
    pos := pos + n;
  END LOOP;
  IF pos > h_pos THEN
    UPDATE event_log_head SET position = pos, hash = encode(prev, 'hex') WHERE id = 1;
  END IF;
  RETURN jsonb_build_object('f', to_jsonb(part_from), 'q', to_jsonb(part_pos), 'a', '{}'::jsonb, 'x', errs);
END
$fn$;
