-- expect-none: require-concurrent-drop-index
DROP INDEX CONCURRENTLY fx_orders_created;
