-- Contact reveals: paid once per workspace, person and channel.

CREATE TABLE contact_reveals (
    workspace_id TEXT   NOT NULL REFERENCES workspaces (id),
    pid          BIGINT NOT NULL REFERENCES profiles (pid),
    kind         TEXT   NOT NULL CHECK (kind IN ('EMAIL', 'PHONE')),
    cost         BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, pid, kind)
);
