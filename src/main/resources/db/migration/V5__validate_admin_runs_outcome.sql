-- Validates the CHECK that V4 added NOT VALID: the scan takes SHARE UPDATE EXCLUSIVE, which blocks neither readers
-- nor writers of admin_runs.
ALTER TABLE admin_runs VALIDATE CONSTRAINT admin_runs_outcome_check;
