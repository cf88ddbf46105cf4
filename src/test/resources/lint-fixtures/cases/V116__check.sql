-- expect: add-check-not-valid
ALTER TABLE fx_orders ADD CONSTRAINT fx_orders_total_positive CHECK (total >= 0);
