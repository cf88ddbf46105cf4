-- expect: rename-column
ALTER TABLE fx_orders RENAME COLUMN old_name TO new_name;
