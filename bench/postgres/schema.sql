-- The PostgreSQL side of `sourcer bench postgres` (docs/benchmarks.md, "Index vs PostgreSQL"):
-- the tables a DBA would design to answer the `queries` filters of docs/queries.md in SQL.
--
-- Columns hold the normalised forms the filters compare, computed by the loader with the same
-- code paths as the index (crates/sourcer/src/cmd/bench_pg/rows.rs):
--   *_f    folded text (lower case, accents removed, whitespace collapsed): `(.)` regexes
--   *_w    word keys, each value as '| w1 w2 |' and a list as '| a b | c |': `IN` is
--          LIKE '% w1 w2 %' (a phrase at word boundaries), `=` is LIKE '%| w1 w2 |%'
--   *_k    categorical keys (`Full-time` = `FULL_TIME`, `Sr` = `Senior`, `BSc` = `bachelors`)
--   *_key  a place's components joined by ', ' (place `=`)
--   *_sub  every in-order subsequence of a place's components (place `IN`: a value matches
--          the place and everything inside it)
--   months are months since January of year 0, so differences are durations in months.
-- Constraints and indexes are created after the COPY (bench/postgres/indexes.sql).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- What was loaded (profiles, file, as-of month, these two files): a different one reloads.
CREATE TABLE bench_meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

-- One row per person; pid is the store's row id (the line's position among accepted lines).
CREATE TABLE people (
    pid         bigint NOT NULL,
    id          text NOT NULL,
    region_f    text,
    region_key  text,
    region_sub  text[],
    country_f   text,
    country_key text,
    country_sub text[],
    -- `location`, else the gazetteer point of the region, else of the country.
    lat         double precision,
    lon         double precision,
    years       double precision,
    -- Canonical taxonomy keys (`C#`, `csharp` and `C Sharp` are one key).
    skills      text[] NOT NULL,
    cards_k     text[] NOT NULL,
    cards_f     text[] NOT NULL,
    langs_k     text[] NOT NULL,
    langs_f     text[] NOT NULL,
    -- Education, certifications and honors: any record may meet each condition.
    inst_w      text,
    inst_f      text[] NOT NULL,
    fos_w       text,
    fos_f       text[] NOT NULL,
    degree_k    text[] NOT NULL,
    degree_f    text[] NOT NULL,
    cert_w      text,
    cert_f      text[] NOT NULL,
    honor_w     text,
    honor_f     text[] NOT NULL,
    -- Red-flag nuances raised as of the load's as-of month (the rules live in Rust,
    -- sourcer_taxonomy::career; a production schema would refresh this monthly).
    red_flags   text[] NOT NULL
);

-- One row per job: `current_employers` (is_current) and `past_employers`, slot = position.
CREATE TABLE employers (
    pid                bigint NOT NULL,
    is_current         boolean NOT NULL,
    slot               integer NOT NULL,
    title_f            text,
    title_w            text,
    name_f             text,
    name_w             text,
    -- Word key of the description's first 10,000 characters.
    desc_w             text,
    function_k         text,
    function_f         text,
    seniority_k        text,
    seniority_f        text,
    emp_type_k         text,
    emp_type_f         text,
    co_type_k          text,
    co_type_f          text,
    hq_f               text,
    hq_key             text,
    hq_sub             text[],
    industries_w       text,
    industries_f       text[] NOT NULL,
    hc_range_k         text,
    hc_range_f         text,
    funding_stage_k    text,
    funding_stage_f    text,
    headcount          double precision,
    growth             double precision,
    revenue            double precision,
    funding            double precision,
    founded            double precision,
    start_month        integer,
    end_month          integer,
    last_funding_month integer
);
