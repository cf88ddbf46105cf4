-- expect-none: add-column-required
ALTER TABLE fx_customers ADD COLUMN tier TEXT NOT NULL DEFAULT 'basic';
