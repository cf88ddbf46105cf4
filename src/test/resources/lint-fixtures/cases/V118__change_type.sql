-- expect: change-column-type
ALTER TABLE fx_events ALTER COLUMN kind TYPE VARCHAR(10);
