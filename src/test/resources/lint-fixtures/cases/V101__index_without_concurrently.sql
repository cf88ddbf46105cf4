-- expect: require-concurrent-index
CREATE INDEX fx_orders_customer ON fx_orders (customer_id);
