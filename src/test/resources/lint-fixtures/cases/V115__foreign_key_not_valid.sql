ALTER TABLE fx_events ADD COLUMN customer_id BIGINT;
-- expect-none: add-foreign-key-not-valid
ALTER TABLE fx_events ADD CONSTRAINT fx_events_customer_fk FOREIGN KEY (customer_id) REFERENCES fx_customers (id)
  NOT VALID;
