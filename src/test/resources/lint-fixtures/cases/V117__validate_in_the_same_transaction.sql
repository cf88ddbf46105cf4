ALTER TABLE fx_archive ADD CONSTRAINT fx_archive_body_length CHECK (length(body) < 1000) NOT VALID;
-- expect: validate-in-same-transaction
ALTER TABLE fx_archive VALIDATE CONSTRAINT fx_archive_body_length;
