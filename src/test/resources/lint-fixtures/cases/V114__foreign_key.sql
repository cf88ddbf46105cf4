-- expect: add-foreign-key-not-valid
ALTER TABLE fx_orders ADD CONSTRAINT fx_orders_customer_fk FOREIGN KEY (customer_id) REFERENCES fx_customers (id);
