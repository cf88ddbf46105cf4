-- expect: cluster
CLUSTER fx_orders USING fx_orders_pkey;
-- expect-none: cluster
ALTER TABLE fx_orders SET WITHOUT CLUSTER;
