-- Profiles: the source of truth of the people index.
-- Timestamps everywhere are INTEGER Unix milliseconds (UTC): compact, and they compare
-- correctly, which ISO text with a variable number of fraction digits does not.

-- Counters that must never go back, even if the row holding the maximum is deleted.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('profile_pid', 0), ('profile_seq', 0);

CREATE TABLE profiles (
    pid          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    linkedin_key TEXT,
    -- The caller's u64 hash, stored bit-for-bit as a signed 64-bit integer.
    content_hash INTEGER NOT NULL,
    seq          INTEGER NOT NULL UNIQUE,
    data         TEXT    NOT NULL,
    updated_at   INTEGER NOT NULL
);

CREATE INDEX profiles_linkedin_key ON profiles (linkedin_key) WHERE linkedin_key IS NOT NULL;
