-- expect-none: require-concurrent-index, mixed-concurrent-script
CREATE INDEX CONCURRENTLY fx_orders_created ON fx_orders (created_at);
