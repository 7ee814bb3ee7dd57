-- Preview runs (InstaView preview API).

CREATE TABLE preview_runs (
    id            TEXT    PRIMARY KEY,
    workspace_id  TEXT    NOT NULL REFERENCES workspaces (id),
    project_id    TEXT    NOT NULL REFERENCES projects (id),
    request       TEXT    NOT NULL,
    result_limit  INTEGER NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('processing', 'completed', 'failed')),
    held          INTEGER NOT NULL,
    captured      INTEGER NOT NULL DEFAULT 0,
    result        TEXT,
    error_code    TEXT,
    error_message TEXT,
    webhook_id    TEXT,
    job_id        INTEGER NOT NULL REFERENCES jobs (id),
    created_at    INTEGER NOT NULL,
    completed_at  INTEGER
);

CREATE INDEX preview_runs_workspace ON preview_runs (workspace_id, created_at);
