-- Sourcing sessions (FutureJobs) and their candidates.

CREATE TABLE sourcing_sessions (
    id                         TEXT    PRIMARY KEY,
    workspace_id               TEXT    NOT NULL REFERENCES workspaces (id),
    project_id                 TEXT    NOT NULL REFERENCES projects (id),
    created_by                 TEXT    NOT NULL,
    title                      TEXT    NOT NULL,
    jd_text                    TEXT    NOT NULL,
    sample_profile_url         TEXT,
    queries                    TEXT    NOT NULL,
    nuances                    TEXT    NOT NULL,
    status                     TEXT    NOT NULL
        CHECK (status IN ('processing', 'fetching_more', 'done')),
    sourcing_error             TEXT,
    next_cursor                TEXT,
    search_more_counter        BIGINT  NOT NULL DEFAULT 0,
    filter_changes_counter     BIGINT  NOT NULL DEFAULT 0,
    total_available            BIGINT  NOT NULL DEFAULT 0,
    total_for_matching         BIGINT  NOT NULL DEFAULT 0,
    total_matched              BIGINT  NOT NULL DEFAULT 0,
    provider                   TEXT,
    credit_charged             BOOLEAN NOT NULL DEFAULT FALSE,
    fallback_filters           TEXT,
    is_fallback                BOOLEAN NOT NULL DEFAULT FALSE,
    has_used_final_fallback    BOOLEAN NOT NULL DEFAULT FALSE,
    batches                    TEXT    NOT NULL DEFAULT '[]',
    run_job_id                 BIGINT  REFERENCES jobs (id),
    last_candidates_fetched_at BIGINT,
    created_at                 BIGINT  NOT NULL,
    updated_at                 BIGINT  NOT NULL,
    version                    BIGINT  NOT NULL DEFAULT 0
);

CREATE INDEX sourcing_sessions_project
    ON sourcing_sessions (workspace_id, project_id, created_at);

CREATE TABLE session_candidates (
    id          TEXT             PRIMARY KEY,
    session_id  TEXT             NOT NULL REFERENCES sourcing_sessions (id),
    pid         BIGINT           NOT NULL REFERENCES profiles (pid),
    profile_id  TEXT             NOT NULL,
    batch       BIGINT           NOT NULL,
    rank        BIGINT           NOT NULL,
    fit_score   DOUBLE PRECISION NOT NULL,
    final_score DOUBLE PRECISION NOT NULL,
    analysis    TEXT             NOT NULL,
    created_at  BIGINT           NOT NULL,
    -- A session never holds a profile twice.
    UNIQUE (session_id, pid)
);

CREATE INDEX session_candidates_order
    ON session_candidates (session_id, fit_score DESC, rank);
