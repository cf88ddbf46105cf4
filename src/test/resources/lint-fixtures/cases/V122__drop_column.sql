-- expect: drop-column
ALTER TABLE fx_orders DROP COLUMN legacy;
