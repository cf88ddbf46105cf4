-- expect-none: backfill-in-migration
UPDATE fx_orders SET status = 'open' WHERE id BETWEEN 1 AND 100;
