-- Contact reveals: paid once per workspace, person and channel.

CREATE TABLE contact_reveals (
    workspace_id TEXT    NOT NULL REFERENCES workspaces (id),
    pid          INTEGER NOT NULL REFERENCES profiles (pid),
    kind         TEXT    NOT NULL CHECK (kind IN ('EMAIL', 'PHONE')),
    cost         INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, pid, kind)
);
