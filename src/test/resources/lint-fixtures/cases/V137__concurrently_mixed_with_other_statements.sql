-- expect: mixed-concurrent-script
CREATE INDEX CONCURRENTLY fx_events_kind ON fx_events (kind);
ALTER TABLE fx_events ADD COLUMN note2 TEXT;
