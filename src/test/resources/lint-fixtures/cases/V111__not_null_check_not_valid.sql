-- expect-none: add-check-not-valid
ALTER TABLE fx_customers ADD CONSTRAINT fx_customers_email_nn CHECK (email IS NOT NULL) NOT VALID;
