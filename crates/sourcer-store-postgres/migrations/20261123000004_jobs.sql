-- The durable job queue (leases, fenced completions, dead letters). Nodes claim with
-- `FOR UPDATE SKIP LOCKED`, so concurrent claimers never wait on or share a job.

CREATE TABLE jobs (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind         TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    status       TEXT    NOT NULL
        CHECK (status IN ('queued', 'running', 'done', 'failed', 'dead')),
    run_at       BIGINT  NOT NULL,
    -- Incremented by every claim; the fencing token of completions.
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    locked_by    TEXT,
    locked_until BIGINT,
    last_error   TEXT,
    dedup_key    TEXT    UNIQUE,
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    finished_at  BIGINT
);

CREATE INDEX jobs_due ON jobs (status, run_at);
CREATE INDEX jobs_lease ON jobs (status, locked_until);
