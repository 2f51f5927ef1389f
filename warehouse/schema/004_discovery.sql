-- Discovery on live GOV.UK: what a capped first run left for backfill, and how often GOV.UK's
-- 429s paused a run. status gains 'rate_limited' (stopped cleanly; unfetched pages due next run).
ALTER TABLE runs ADD COLUMN left_for_backfill INTEGER DEFAULT 0;
ALTER TABLE runs ADD COLUMN rate_limit_pauses INTEGER DEFAULT 0;

DROP VIEW run_summary;
CREATE VIEW run_summary AS
SELECT run_id, flow, source, started_at, finished_at, status, discovered, fetched, not_modified,
       unchanged, new_documents, new_versions, changes, flagged_changes, errors, left_for_backfill,
       rate_limit_pauses
FROM runs ORDER BY run_id DESC;
