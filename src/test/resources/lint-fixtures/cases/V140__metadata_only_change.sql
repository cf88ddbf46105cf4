-- expect-none: observed-lock
ALTER TABLE fx_archive ADD COLUMN tag TEXT;
