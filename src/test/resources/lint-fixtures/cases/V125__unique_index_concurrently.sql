CREATE UNIQUE INDEX CONCURRENTLY fx_customers_name_key ON fx_customers (name);
