-- Workspaces, projects and API keys.

CREATE TABLE workspaces (
    id         TEXT   PRIMARY KEY,
    name       TEXT   NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE projects (
    id           TEXT   PRIMARY KEY,
    workspace_id TEXT   NOT NULL REFERENCES workspaces (id),
    name         TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    UNIQUE (workspace_id, name)
);

-- Only the SHA-256 of a key's secret is stored, never the secret.
CREATE TABLE api_keys (
    key_id       TEXT   PRIMARY KEY,
    workspace_id TEXT   NOT NULL REFERENCES workspaces (id),
    project_id   TEXT   NOT NULL REFERENCES projects (id),
    secret_hash  BYTEA  NOT NULL,
    last4        TEXT   NOT NULL,
    name         TEXT,
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT
);

CREATE INDEX api_keys_workspace ON api_keys (workspace_id, created_at);
