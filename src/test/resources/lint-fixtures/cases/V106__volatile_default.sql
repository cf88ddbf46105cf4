-- expect: add-column-volatile-default
ALTER TABLE fx_events ADD COLUMN uid UUID DEFAULT gen_random_uuid();
