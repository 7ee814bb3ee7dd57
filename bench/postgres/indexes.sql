-- Constraints and indexes of the comparison schema, created after the COPY (building them
-- once is much faster than maintaining them row by row). One statement per `;`.
--
-- What each index serves (docs/queries.md):
--   GIN on arrays        skills @> (mandatory), place subsequences && (IN), categorical
--                        lists && (languages, open-to cards, degrees)
--   GIN pg_trgm          LIKE on word keys (text IN and =) and ~* on folded text ((.))
--   b-tree               ranges and buckets, categorical keys, the employer primary key
--                        (which also serves every `e.pid = p.pid` lookup)
--   GiST on point        the geo_distance bounding box; haversine checks what it returns

ALTER TABLE people ADD PRIMARY KEY (pid);
ALTER TABLE employers ADD PRIMARY KEY (pid, is_current, slot);
ALTER TABLE employers ADD FOREIGN KEY (pid) REFERENCES people (pid);

CREATE INDEX people_skills ON people USING gin (skills);
CREATE INDEX people_region_sub ON people USING gin (region_sub);
CREATE INDEX people_country_sub ON people USING gin (country_sub);
CREATE INDEX people_region_trgm ON people USING gin (region_f gin_trgm_ops);
CREATE INDEX people_country_trgm ON people USING gin (country_f gin_trgm_ops);
CREATE INDEX people_years ON people (years);
CREATE INDEX people_point ON people USING gist (point(lon, lat));
CREATE INDEX people_langs ON people USING gin (langs_k);
CREATE INDEX people_cards ON people USING gin (cards_k);
CREATE INDEX people_degrees ON people USING gin (degree_k);
CREATE INDEX people_inst_trgm ON people USING gin (inst_w gin_trgm_ops);

CREATE INDEX employers_title_w ON employers USING gin (title_w gin_trgm_ops);
CREATE INDEX employers_title_f ON employers USING gin (title_f gin_trgm_ops);
CREATE INDEX employers_name_w ON employers USING gin (name_w gin_trgm_ops);
CREATE INDEX employers_name_f ON employers USING gin (name_f gin_trgm_ops);
CREATE INDEX employers_desc_w ON employers USING gin (desc_w gin_trgm_ops);
CREATE INDEX employers_industries_w ON employers USING gin (industries_w gin_trgm_ops);
CREATE INDEX employers_hq_sub ON employers USING gin (hq_sub);
CREATE INDEX employers_function ON employers (function_k);
CREATE INDEX employers_seniority ON employers (seniority_k);
CREATE INDEX employers_funding_stage ON employers (funding_stage_k);
CREATE INDEX employers_hc_range ON employers (hc_range_k);
CREATE INDEX employers_headcount ON employers (headcount);
CREATE INDEX employers_growth ON employers (growth);
CREATE INDEX employers_revenue ON employers (revenue);
CREATE INDEX employers_funding ON employers (funding);
CREATE INDEX employers_founded ON employers (founded);
CREATE INDEX employers_last_funding ON employers (last_funding_month);
