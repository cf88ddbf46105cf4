-- Records submitted over HTTP and validated by the worker; the data the admin tasks repair and clean up.
CREATE TABLE records (
  id BIGSERIAL PRIMARY KEY,
  status TEXT NOT NULL CHECK (status IN ('pending', 'processed', 'invalid')),
  payload JSONB NOT NULL,
  error TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX records_status_id ON records (status, id);

-- The ledger: one row per admin run, written when it starts and completed when it ends, so a run whose process
-- died keeps its 'running' row.
CREATE TABLE admin_runs (
  id BIGSERIAL PRIMARY KEY,
  command TEXT NOT NULL,
  arguments JSONB NOT NULL DEFAULT '[]',
  release TEXT NOT NULL,
  host TEXT NOT NULL,
  os_user TEXT NOT NULL,
  shard TEXT,
  started_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  finished_at TIMESTAMPTZ,
  outcome TEXT NOT NULL DEFAULT 'running'
    CHECK (outcome IN ('running', 'succeeded', 'failed', 'interrupted', 'dry-run', 'locked')),
  exit_code INTEGER,
  summary JSONB NOT NULL DEFAULT '{}',
  error TEXT
);
CREATE INDEX admin_runs_command_id ON admin_runs (command, id DESC);
