-- expect: constraint-without-index
ALTER TABLE fx_customers ADD CONSTRAINT fx_customers_email_key UNIQUE (email);
