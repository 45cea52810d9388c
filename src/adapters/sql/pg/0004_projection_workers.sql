-- Migration 0004 (PostgreSQL): what projection workers in several processes need.
--
-- training_ledger_channel()   the LISTEN/NOTIFY channel of this schema: 'tl_events_<schema>', or
--                             'tl_events_<md5 of the schema>' when that would not fit in 63 bytes;
--                             parallel schemas (tests, tenants) never wake each other
-- training_ledger_lock_key(t) the advisory-lock key of projection t in this schema (64-bit)
-- event_log_appended          after every append (the head row moves), NOTIFY the channel with
--                             the new head position; delivered when the append commits

CREATE FUNCTION training_ledger_channel() RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE WHEN octet_length('tl_events_' || current_schema()) <= 63
    THEN 'tl_events_' || current_schema()
    ELSE 'tl_events_' || md5(current_schema()) END
$$;

CREATE FUNCTION training_ledger_lock_key(projection text) RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT ('x' || substr(md5(current_schema() || '/' || projection), 1, 16))::bit(64)::bigint
$$;

CREATE FUNCTION event_log_notify_appended() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(training_ledger_channel(), NEW.position::text);
  RETURN NULL;
END;
$$;

CREATE TRIGGER event_log_appended AFTER UPDATE ON event_log_head
  FOR EACH ROW WHEN (NEW.position > OLD.position) EXECUTE FUNCTION event_log_notify_appended();
