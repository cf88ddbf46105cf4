-- How often the worker handled a record, and which worker process did it last: proof that concurrent workers never
-- handle a record twice, and a lead when one misbehaves. Both have defaults, so inserts that omit them stay valid.
ALTER TABLE records ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE records ADD COLUMN processed_by TEXT;
