-- Webhook configs, the delivery outbox and delivery attempts.

CREATE TABLE webhook_configs (
    id                   TEXT    PRIMARY KEY,
    workspace_id         TEXT    NOT NULL REFERENCES workspaces (id),
    url                  TEXT    NOT NULL,
    name                 TEXT    NOT NULL,
    description          TEXT    NOT NULL,
    events               TEXT    NOT NULL,
    headers              TEXT    NOT NULL,
    signing_secret       TEXT    NOT NULL,
    is_active            BOOLEAN NOT NULL,
    max_retries          INTEGER NOT NULL,
    timeout_ms           BIGINT  NOT NULL,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    circuit_opened_at    BIGINT,
    created_at           BIGINT  NOT NULL,
    updated_at           BIGINT  NOT NULL,
    -- Deleted configs are kept so their deliveries and attempts stay readable.
    deleted_at           BIGINT
);

CREATE INDEX webhook_configs_workspace ON webhook_configs (workspace_id, created_at);

CREATE TABLE webhook_deliveries (
    id              TEXT    PRIMARY KEY,
    config_id       TEXT    NOT NULL REFERENCES webhook_configs (id),
    event           TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    status          TEXT    NOT NULL
        CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
    -- Incremented by every claim; the fencing token of attempt reports.
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT  NOT NULL,
    created_at      BIGINT  NOT NULL
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_config ON webhook_deliveries (config_id, created_at);

CREATE TABLE webhook_attempts (
    id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id  TEXT    NOT NULL REFERENCES webhook_deliveries (id),
    attempt      INTEGER NOT NULL,
    started_at   BIGINT  NOT NULL,
    http_status  INTEGER,
    error        TEXT,
    duration_ms  BIGINT  NOT NULL,
    UNIQUE (delivery_id, attempt)
);
