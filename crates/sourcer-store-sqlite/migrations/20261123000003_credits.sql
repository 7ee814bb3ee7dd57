-- One credit account per workspace and its append-only ledger.

CREATE TABLE credit_accounts (
    workspace_id TEXT    PRIMARY KEY REFERENCES workspaces (id),
    -- Backstops: the conditional debits should make these unreachable.
    available    INTEGER NOT NULL DEFAULT 0 CHECK (available >= 0),
    held         INTEGER NOT NULL DEFAULT 0 CHECK (held >= 0),
    updated_at   INTEGER NOT NULL
);

CREATE TABLE ledger_entries (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    workspace_id    TEXT    NOT NULL REFERENCES workspaces (id),
    kind            TEXT    NOT NULL
        CHECK (kind IN ('grant', 'charge', 'refund', 'hold', 'capture', 'release')),
    amount          INTEGER NOT NULL CHECK (amount > 0),
    available_after INTEGER NOT NULL,
    held_after      INTEGER NOT NULL,
    reason          TEXT    NOT NULL,
    reference_type  TEXT,
    reference_id    TEXT,
    -- A retried job can never charge or refund twice.
    dedup_key       TEXT    UNIQUE,
    created_at      INTEGER NOT NULL
);

CREATE INDEX ledger_entries_workspace ON ledger_entries (workspace_id, id);

-- The journal is append-only: corrections are new rows, never edits.
CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;

CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
BEGIN
    SELECT RAISE(ABORT, 'ledger_entries is append-only');
END;
