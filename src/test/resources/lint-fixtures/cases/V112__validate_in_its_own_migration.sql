-- expect-none: validate-in-same-transaction
ALTER TABLE fx_customers VALIDATE CONSTRAINT fx_customers_email_nn;
