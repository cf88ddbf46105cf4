-- expect: rename-table
ALTER TABLE fx_old RENAME TO fx_older;
