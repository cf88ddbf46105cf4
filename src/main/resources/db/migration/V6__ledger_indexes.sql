-- Indexes for the runs page and `app runs` filters on a ledger that may hold many rows. Built CONCURRENTLY, so
-- writers of admin_runs are never blocked; Flyway runs a script made only of such statements outside a transaction.
CREATE INDEX CONCURRENTLY IF NOT EXISTS admin_runs_started_at ON admin_runs (started_at DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS admin_runs_outcome_id ON admin_runs (outcome, id DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS admin_runs_release_id ON admin_runs (release, id DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS formation_last_seen ON formation (last_seen_at DESC);
