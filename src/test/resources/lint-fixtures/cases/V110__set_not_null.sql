-- expect: set-not-null
ALTER TABLE fx_orders ALTER COLUMN status SET NOT NULL;
