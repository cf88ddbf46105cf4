-- expect-none: script-timeout
SET statement_timeout = '10min';
-- expect-none: script-timeout
SET lock_timeout = '3s';
ALTER TABLE fx_events ADD COLUMN note TEXT;
