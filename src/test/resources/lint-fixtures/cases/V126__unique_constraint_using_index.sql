-- expect-none: constraint-without-index
ALTER TABLE fx_customers ADD CONSTRAINT fx_customers_name_unique UNIQUE USING INDEX fx_customers_name_key;
