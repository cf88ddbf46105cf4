-- Round 2 bookkeeping. Every change to an existing table here is metadata-only (new nullable or constant-default
-- columns, a relaxed NOT NULL, a CHECK added NOT VALID), so its ACCESS EXCLUSIVE lock lasts milliseconds; the CHECK is
-- validated in V5 under a lock that blocks no reader or writer, and the new indexes are built CONCURRENTLY in V6.

-- Why a run was started (the console asks for it), and what the run saw when it started: the schema version, the
-- releases of the running web and worker processes, whether release drift was allowed. heartbeat_at moves with
-- every progress write, so a run whose process died shows as stalled.
ALTER TABLE admin_runs ADD COLUMN reason TEXT;
ALTER TABLE admin_runs ADD COLUMN context JSONB NOT NULL DEFAULT '{}';
ALTER TABLE admin_runs ADD COLUMN heartbeat_at TIMESTAMPTZ;
-- 'refused': the run stopped before doing anything (release drift, an unsafe migration).
ALTER TABLE admin_runs DROP CONSTRAINT admin_runs_outcome_check;
ALTER TABLE admin_runs ADD CONSTRAINT admin_runs_outcome_check
  CHECK (outcome IN ('running', 'succeeded', 'failed', 'interrupted', 'dry-run', 'locked', 'refused')) NOT VALID;

-- Every statement of a console session, written as it runs on a connection of its own: it survives the session's
-- rollback, a lost connection and kill -9. Secrets are masked before they get here.
CREATE TABLE admin_run_statements (
  run_id BIGINT NOT NULL REFERENCES admin_runs (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  language TEXT NOT NULL CHECK (language IN ('sql', 'jpql')),
  statement TEXT NOT NULL,
  started_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
  duration_ms BIGINT,
  rows_returned BIGINT,
  rows_changed BIGINT,
  outcome TEXT NOT NULL DEFAULT 'running'
    CHECK (outcome IN ('running', 'ok', 'error', 'refused', 'canceled', 'timeout')),
  transaction TEXT CHECK (transaction IN ('uncommitted', 'committed', 'rolled back')),
  error TEXT,
  PRIMARY KEY (run_id, seq)
);

-- The running formation: every web and worker process registers itself and refreshes last_seen_at every few
-- seconds; stopped_at is set on shutdown. A row whose last_seen_at is old belongs to a process that died.
CREATE TABLE formation (
  id TEXT PRIMARY KEY,
  process_type TEXT NOT NULL CHECK (process_type IN ('web', 'worker')),
  release TEXT NOT NULL,
  host TEXT NOT NULL,
  pid INTEGER,
  started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  last_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  stopped_at TIMESTAMPTZ
);

-- Fencing tokens of the task locks: a run that takes a task's advisory lock increments fence, and every batch it
-- commits requires its own fence, so a run that lost its lock (its connection was terminated) cannot commit again
-- once another run has taken over.
CREATE TABLE task_leases (
  task TEXT NOT NULL,
  shard TEXT NOT NULL,
  fence BIGINT NOT NULL,
  run_id BIGINT,
  acquired_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (task, shard)
);

-- Cursors of any key type (uuid, text, timestamp plus id) and of file imports (byte offset plus file identity), as
-- JSON. last_key stays for the previous release, which reads it (expand now, contract in a later release).
ALTER TABLE task_cursors ADD COLUMN position TEXT;
ALTER TABLE task_cursors ALTER COLUMN last_key DROP NOT NULL;
