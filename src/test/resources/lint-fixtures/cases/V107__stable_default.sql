-- now() is the same for every row: PostgreSQL stores it once, no rewrite.
-- expect-none: add-column-volatile-default
ALTER TABLE fx_events ADD COLUMN seen_at TIMESTAMPTZ DEFAULT now();
