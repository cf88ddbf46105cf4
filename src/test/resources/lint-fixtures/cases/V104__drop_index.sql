-- expect: require-concurrent-drop-index
DROP INDEX fx_orders_status;
