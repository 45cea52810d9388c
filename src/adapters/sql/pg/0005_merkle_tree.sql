-- training-ledger, migration 0005 on PostgreSQL: the Merkle tree over the log (docs/audit-proofs.md).
--
-- merkle_nodes  the hash of every perfect subtree of the RFC 6962 tree whose leaves are the events'
--               content hashes (leaf index = position - 1): `node` is the subtree's in-order key,
--               index * 2^(level + 1) + 2^level - 1 (src/audit/Merkle.ts, nodeKey), `hash` 64 lowercase
--               hex digits. Nodes are written a block of 16 leaves at a time: when the event at a
--               position that is a multiple of 16 is inserted, every node that block completes is
--               written in the same transaction. The events after the last complete block (at most
--               15) are the tree's tail: a proof reads their content hashes with the stored nodes.
--               A node is written once and never changes.
-- ledger_meta   the log's stable id (written by the migration, fixed once the log holds an event).
--
-- Why blocks: the fixed cost of running the tree step (a trigger call, its statements) is paid
-- once per 16 events instead of once per append; per append it was about a third of the append's
-- own cost in the database, per block it is a few percent (measured, see the report of issue 11).
-- Why a trigger on events, not a step inside event_log_append: every path that inserts events (the
-- append function, an import) keeps the tree, and the append function of migration 0001 stays as
-- it is. It runs as the owner (SECURITY DEFINER), so an application role needs no right to write
-- the tree: only SELECT on merkle_nodes and ledger_meta, for proofs.

CREATE TABLE merkle_nodes (
  node bigint PRIMARY KEY,
  hash text NOT NULL
);

CREATE TABLE ledger_meta (
  id integer PRIMARY KEY CHECK (id = 1),
  log_id text NOT NULL
);

-- Merkle.nodesToAdd, ported line by line: the nodes an append of the leaves `content_hashes` (in
-- position order) to a tree of `tree_size` leaves completes, inserted in one statement. It reads, in
-- one query, only the right-edge subtrees that become the left child of a node the append completes
-- (Merkle.nodesNeededForAppend). Byte for byte the TypeScript computation: the tests compare both.
-- (A recursive CTE computing a level per step was measured too: 10 % faster for a block of 16
-- leaves, 3.5 times slower for the 10,000 leaves of a backfill batch.)
CREATE FUNCTION event_log_merkle_add(tree_size bigint, content_hashes text[]) RETURNS void
LANGUAGE plpgsql
SET jit = off
AS $fn$
DECLARE
  k int := coalesce(array_length(content_hashes, 1), 0);
  -- the right-edge subtrees the batch needs, one per level (index: level + 1)
  edge bytea[] := '{}';
  want_node bigint[] := '{}';
  want_level int[] := '{}';
  -- the node most recently completed at each level by this batch (index: level + 1)
  last_idx bigint[] := '{}';
  last_hash bytea[] := '{}';
  nodes bigint[] := '{}';
  hashes text[] := '{}';
  n int := 0;
  lvl int;
  width bigint;
  at bigint;
  t int;
  h bytea;
  idx bigint;
  lft bytea;
  r record;
BEGIN
  IF k = 0 THEN
    RETURN;
  END IF;
  -- Only the levels where the append completes a node (a prefix of the levels: usually one or two),
  -- not every level of the tree: each PL/pgSQL statement costs about a microsecond.
  lvl := 0;
  width := 1;
  at := tree_size;
  WHILE (tree_size + k) / width > at LOOP
    IF at % 2 = 1 THEN
      want_node := want_node || ((at - 1) * width * 2 + width - 1);
      want_level := want_level || lvl;
    END IF;
    lvl := lvl + 1;
    width := width * 2;
    at := tree_size / width;
  END LOOP;
  IF cardinality(want_node) > 0 THEN
    FOR r IN SELECT w.lvl, m.hash
             FROM unnest(want_node, want_level) AS w(node, lvl) JOIN merkle_nodes m ON m.node = w.node LOOP
      edge[r.lvl + 1] := decode(r.hash, 'hex');
    END LOOP;
  END IF;
  FOR t IN 1..k LOOP
    h := sha256('\x00'::bytea || decode(content_hashes[t], 'hex'));
    lvl := 0;
    idx := tree_size + t - 1;
    LOOP
      n := n + 1;
      nodes[n] := idx * (2::bigint << lvl) + (1::bigint << lvl) - 1;
      hashes[n] := encode(h, 'hex');
      IF idx % 2 = 0 THEN
        last_idx[lvl + 1] := idx;
        last_hash[lvl + 1] := h;
        EXIT;
      END IF;
      IF last_idx[lvl + 1] = idx - 1 THEN
        lft := last_hash[lvl + 1];
      ELSE
        lft := edge[lvl + 1];
        IF lft IS NULL THEN
          RAISE EXCEPTION 'Merkle node (level %, index %) is not stored', lvl, idx - 1;
        END IF;
      END IF;
      last_idx[lvl + 1] := idx;
      last_hash[lvl + 1] := h;
      h := sha256('\x01'::bytea || lft || h);
      lvl := lvl + 1;
      idx := (idx - 1) / 2;
    END LOOP;
  END LOOP;
  INSERT INTO merkle_nodes (node, hash) SELECT * FROM unnest(nodes, hashes);
END
$fn$;

-- Only the tree's own trigger (running as the owner) calls it: an application role writes no node.
REVOKE EXECUTE ON FUNCTION event_log_merkle_add(bigint, text[]) FROM PUBLIC;

-- The tree grows a block at a time: the insert of the event at position 16 b completes block b
-- (positions 16 b - 15 .. 16 b), and this trigger writes the nodes it completes. The block before
-- it must be there (its last leaf).
CREATE FUNCTION event_log_merkle_on_block() RETURNS trigger
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path FROM CURRENT
AS $fn$
DECLARE
  hashes text[];
BEGIN
  IF NEW.position > 16 AND NOT EXISTS (SELECT 1 FROM merkle_nodes WHERE node = 2 * (NEW.position - 17)) THEN
    RAISE EXCEPTION 'the Merkle tree has no leaf for position %: the block before % is missing', NEW.position - 16, NEW.position;
  END IF;
  hashes := ARRAY(SELECT content_hash FROM events
                  WHERE position > NEW.position - 16 AND position <= NEW.position ORDER BY position);
  IF cardinality(hashes) <> 16 THEN
    RAISE EXCEPTION 'the block of 16 events ending at position % has % events', NEW.position, cardinality(hashes);
  END IF;
  PERFORM event_log_merkle_add(NEW.position - 16, hashes);
  RETURN NULL;
END
$fn$;

CREATE TRIGGER events_merkle AFTER INSERT ON events
  FOR EACH ROW WHEN (NEW.position % 16 = 0) EXECUTE FUNCTION event_log_merkle_on_block();

-- Append-only, as the events: a node is never changed or removed.
CREATE TRIGGER merkle_nodes_append_only BEFORE UPDATE OR DELETE ON merkle_nodes
  FOR EACH ROW EXECUTE FUNCTION event_log_refuse_change();
CREATE TRIGGER merkle_nodes_no_truncate BEFORE TRUNCATE ON merkle_nodes
  FOR EACH STATEMENT EXECUTE FUNCTION event_log_refuse_change();

-- The log id never changes once the log holds an event (an import into an empty store sets it to
-- the imported log's id first).
CREATE FUNCTION ledger_meta_fixed() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'DELETE' OR (SELECT position FROM event_log_head WHERE id = 1) > 0 THEN
    RAISE EXCEPTION 'the log id is fixed once the log holds an event: % on ledger_meta is refused', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END
$fn$;

CREATE TRIGGER ledger_meta_fixed BEFORE UPDATE OR DELETE ON ledger_meta
  FOR EACH ROW EXECUTE FUNCTION ledger_meta_fixed();
CREATE TRIGGER ledger_meta_no_truncate BEFORE TRUNCATE ON ledger_meta
  FOR EACH STATEMENT EXECUTE FUNCTION event_log_refuse_change();
