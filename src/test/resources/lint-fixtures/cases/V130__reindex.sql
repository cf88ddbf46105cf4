-- expect: require-concurrent-reindex
REINDEX INDEX fx_orders_pkey;
