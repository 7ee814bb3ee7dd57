-- Profiles: the source of truth of the people index.
-- Timestamps everywhere are BIGINT Unix milliseconds (UTC), as in the SQLite twin, read from
-- the database's clock: every node agrees on one clock for leases and due times.

-- Counters that must never go back, even if the row holding the maximum is deleted. The
-- profile writer locks the `profile_seq` row until it commits, which serialises profile
-- writers: seqs become visible in the order they were handed out (see src/profile.rs).
CREATE TABLE counters (
    name  TEXT   PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO counters (name, value) VALUES ('profile_pid', 0), ('profile_seq', 0);

CREATE TABLE profiles (
    pid          BIGINT PRIMARY KEY,
    id           TEXT   NOT NULL UNIQUE,
    linkedin_key TEXT,
    -- The caller's u64 hash, stored bit-for-bit as a signed 64-bit integer.
    content_hash BIGINT NOT NULL,
    seq          BIGINT NOT NULL UNIQUE,
    data         TEXT   NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE INDEX profiles_linkedin_key ON profiles (linkedin_key) WHERE linkedin_key IS NOT NULL;
