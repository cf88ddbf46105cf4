-- expect-none: require-concurrent-reindex
REINDEX INDEX CONCURRENTLY fx_orders_pkey;
