-- One credit account per workspace and its append-only ledger.

CREATE TABLE credit_accounts (
    workspace_id TEXT   PRIMARY KEY REFERENCES workspaces (id),
    -- Backstops: the conditional debits should make these unreachable.
    available    BIGINT NOT NULL DEFAULT 0 CHECK (available >= 0),
    held         BIGINT NOT NULL DEFAULT 0 CHECK (held >= 0),
    updated_at   BIGINT NOT NULL
);

CREATE TABLE ledger_entries (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workspace_id    TEXT   NOT NULL REFERENCES workspaces (id),
    kind            TEXT   NOT NULL
        CHECK (kind IN ('grant', 'charge', 'refund', 'hold', 'capture', 'release')),
    amount          BIGINT NOT NULL CHECK (amount > 0),
    available_after BIGINT NOT NULL,
    held_after      BIGINT NOT NULL,
    reason          TEXT   NOT NULL,
    reference_type  TEXT,
    reference_id    TEXT,
    -- A retried job can never charge or refund twice.
    dedup_key       TEXT   UNIQUE,
    created_at      BIGINT NOT NULL
);

CREATE INDEX ledger_entries_workspace ON ledger_entries (workspace_id, id);

-- The journal is append-only: corrections are new rows, never edits.
CREATE FUNCTION ledger_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ledger_entries is append-only' USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER ledger_entries_no_update BEFORE UPDATE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();

CREATE TRIGGER ledger_entries_no_delete BEFORE DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_entries_append_only();

-- TRUNCATE skips row triggers; PostgreSQL has statement triggers for it.
CREATE TRIGGER ledger_entries_no_truncate BEFORE TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION ledger_entries_append_only();
