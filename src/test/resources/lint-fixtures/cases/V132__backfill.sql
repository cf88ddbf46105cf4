-- expect: backfill-in-migration
UPDATE fx_orders SET status = 'open';
-- expect: backfill-in-migration
DELETE FROM fx_events WHERE kind = 'x';
