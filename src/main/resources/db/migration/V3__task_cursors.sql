-- Where each one-off task (per its own arguments and shard) got to: saved in the same transaction as each batch's
-- changes, so a run that crashed, was killed or was stopped resumes after the last committed batch.
CREATE TABLE task_cursors (
  task TEXT NOT NULL,
  arguments TEXT NOT NULL,
  shard TEXT NOT NULL,
  last_key BIGINT NOT NULL,
  complete BOOLEAN NOT NULL DEFAULT false,
  examined BIGINT NOT NULL DEFAULT 0,
  changed BIGINT NOT NULL DEFAULT 0,
  run_id BIGINT,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (task, arguments, shard)
);
