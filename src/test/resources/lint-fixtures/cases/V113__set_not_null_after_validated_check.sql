-- The validated CHECK proves it: PostgreSQL skips the scan.
-- expect-none: set-not-null
ALTER TABLE fx_customers ALTER COLUMN email SET NOT NULL;
