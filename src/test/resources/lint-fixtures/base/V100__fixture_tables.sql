-- Tables for the lint fixtures: they exist, with rows, before the cases run.
CREATE TABLE fx_customers (id BIGSERIAL PRIMARY KEY, email TEXT, name TEXT);
CREATE TABLE fx_orders (
  id BIGSERIAL PRIMARY KEY,
  customer_id BIGINT,
  status TEXT,
  total NUMERIC(10, 2),
  note VARCHAR(20),
  legacy TEXT,
  old_name TEXT,
  created_at TIMESTAMPTZ DEFAULT now()
);
CREATE TABLE fx_events (id BIGSERIAL PRIMARY KEY, kind TEXT, payload TEXT);
CREATE TABLE fx_archive (id BIGSERIAL PRIMARY KEY, body TEXT);
CREATE TABLE fx_old (id BIGINT);
CREATE INDEX fx_orders_status ON fx_orders (status);
INSERT INTO fx_customers (email, name) SELECT 'c' || g || '@example.com', 'c' || g FROM generate_series(1, 100) g;
INSERT INTO fx_orders (customer_id, status, total) SELECT g % 100 + 1, 'new', g FROM generate_series(1, 1000) g;
