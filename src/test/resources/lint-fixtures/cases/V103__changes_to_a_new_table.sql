-- A table created by a pending migration is empty and unused: nothing that locks it can hurt.
CREATE TABLE fx_new (id BIGINT, v TEXT, extra TEXT);
-- expect-none: require-concurrent-index
CREATE INDEX fx_new_v ON fx_new (v);
-- expect-none: change-column-type
ALTER TABLE fx_new ALTER COLUMN v TYPE VARCHAR(50);
-- expect-none: rename-column
ALTER TABLE fx_new RENAME COLUMN v TO value;
-- expect-none: drop-column
ALTER TABLE fx_new DROP COLUMN extra;
CREATE TABLE fx_tmp (id BIGINT);
-- expect-none: rename-table
ALTER TABLE fx_tmp RENAME TO fx_tmp2;
-- expect-none: drop-table
DROP TABLE fx_tmp2;
