-- SET UNLOGGED rewrites the table under ACCESS EXCLUSIVE: no static rule knows, the scratch database shows it.
-- expect-observed: observed-lock
ALTER TABLE fx_archive SET UNLOGGED;
