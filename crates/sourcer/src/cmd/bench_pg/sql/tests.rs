//! What the compiler writes for representative queries (the SQL's behaviour on real rows is
//! checked against the index in `bench_pg/tests.rs`).

use serde_json::json;
use sourcer_core::{MonthStamp, Query};
use sourcer_index::PidSet;
use sourcer_taxonomy::RedFlag;

use super::compile;
use super::pred::pg_pattern;

fn sql(queries: serde_json::Value) -> String {
    sql_with(queries, &[], None)
}

fn sql_with(queries: serde_json::Value, nuances: &[RedFlag], exclude: Option<&PidSet>) -> String {
    let query = Query::parse(&queries).unwrap_or_else(|p| panic!("refused: {p:?}"));
    compile(&query, nuances, MonthStamp::new(2026, 11), exclude, 20).unwrap()
}

fn assert_has(sql: &str, fragment: &str) {
    assert!(sql.contains(fragment), "missing {fragment:?} in\n{sql}");
}

#[test]
fn same_job_conditions_share_one_employer_record_and_skills_filter_and_rank() {
    let sql = sql(json!({
        "current_employers.title": {"type": "IN", "value": [".NET Developer"]},
        "current_employers.name": {"type": "IN", "value": ["Tech Mahindra"]},
        "skills": {"type": "IN", "value": {"mandatory": ["C Sharp"], "core": ["K8s", "csharp"], "secondary": ["Postgres"]}}
    }));
    assert_has(
        &sql,
        "EXISTS (SELECT 1 FROM employers e WHERE e.pid = p.pid AND e.is_current AND \
         e.title_w LIKE '% .net developer %' AND e.name_w LIKE '% tech mahindra %')",
    );
    assert_has(&sql, "p.skills @> ARRAY['c#']::text[]");
    // `csharp` is the mandatory skill again: it does not score as core.
    assert_has(&sql, "3 * (p.skills @> ARRAY['kubernetes']::text[])::int");
    assert!(!sql.contains("3 * (p.skills @> ARRAY['c#']"), "{sql}");
    assert_has(&sql, "1 * (p.skills @> ARRAY['postgresql']::text[])::int");
    assert_has(
        &sql,
        "WHEN e.is_current AND e.title_w IN ('| .net developer |') THEN 6",
    );
    assert_has(
        &sql,
        "WHEN NOT e.is_current AND e.end_month >= 24298 AND e.title_w LIKE",
    );
    assert_has(&sql, "SELECT pid, score, (SELECT count(*) FROM m) AS total");
    assert_has(&sql, "ORDER BY score DESC, pid\nLIMIT 20");
}

#[test]
fn negations_exclude_on_any_record_and_never_on_absent_values() {
    let sql = sql(json!({
        "all_employers.name": {"type": "NOT_IN", "value": ["Infosys"]},
        "region": {"type": "(!)", "value": ["^pune"]},
        "skills": {"type": "IN", "value": {"core": ["Python"]}}
    }));
    assert_has(
        &sql,
        "NOT EXISTS (SELECT 1 FROM employers e WHERE e.pid = p.pid AND e.name_w LIKE '% infosys %')",
    );
    assert_has(&sql, "NOT COALESCE(p.region_f ~* '^pune', false)");
}

#[test]
fn places_categories_buckets_and_ranges_use_their_normalised_columns() {
    let sql = sql(json!({
        "country_region": {"type": "IN", "value": ["Maharashtra, India"]},
        "current_employers.seniority_level": {"type": "IN", "value": ["Sr", "Lead"]},
        "current_employers.years_at_company": {"type": "IN", "value": ["1 to 2 years"]},
        "annual_revenue": {"type": "=", "value": ["10_50"]},
        "recently_funded": {"type": "=", "value": ["12m"]},
        "languages": {"type": "IN", "value": ["English"]},
        "years_of_experience_raw": {"type": "RANGE", "value": [3, null]},
        "skills": {"type": "IN", "value": {"core": ["Python"]}}
    }));
    assert_has(
        &sql,
        "(p.region_sub && ARRAY['maharashtra, india']::text[] OR \
         p.country_sub && ARRAY['maharashtra, india']::text[])",
    );
    assert_has(&sql, "e.seniority_k IN ('senior', 'lead')");
    assert_has(
        &sql,
        "GREATEST(COALESCE(e.end_month, 24322) - e.start_month, 0) BETWEEN 12 AND 35",
    );
    assert_has(
        &sql,
        "(e.revenue >= 10000000::float8 AND e.revenue < 50000000::float8)",
    );
    assert_has(&sql, "e.last_funding_month BETWEEN 24310 AND 24322");
    assert_has(&sql, "p.langs_k && ARRAY['english']::text[]");
    assert_has(&sql, "(p.years >= 3::float8)");
}

#[test]
fn a_radius_replaces_the_region_condition_by_box_and_distance() {
    let sql = sql(json!({
        "region": {"type": "IN", "value": ["Pune, Maharashtra, India"]},
        "geo_distance": {"type": "=", "value": ["50_km"]},
        "skills": {"type": "IN", "value": {"core": ["Python"]}}
    }));
    assert!(!sql.contains("region_sub"), "{sql}");
    assert_has(&sql, "point(p.lon, p.lat) <@ box(point(");
    assert_has(&sql, "2 * 6371.0088 * asin(");
    assert_has(&sql, "<= 50::float8");
}

#[test]
fn nuances_and_exclusions_filter_people_out() {
    let exclude: PidSet = [7, 3, 11].into_iter().collect();
    let sql = sql_with(
        json!({"skills": {"type": "IN", "value": {"mandatory": ["Python"]}}}),
        &[RedFlag::GrammarAndSpelling, RedFlag::FrequentJobSwitch],
        Some(&exclude),
    );
    assert_has(
        &sql,
        "NOT (p.red_flags && ARRAY['Frequent Job Switch']::text[])",
    );
    assert!(
        !sql.contains("Grammar"),
        "a flag that is never raised is dropped"
    );
    assert_has(&sql, "p.pid <> ALL ('{3,7,11}'::bigint[])");
    assert_has(&sql, "SELECT p.pid, 0 AS score");
}

#[test]
fn patterns_keep_their_meaning_in_postgres_syntax() {
    assert_eq!(pg_pattern("^Sénior").unwrap(), "^Senior");
    assert_eq!(pg_pattern(r"\bdev\b").unwrap(), r"\ydev\y");
    // Not a valid expression: matched literally, like the index does.
    assert_eq!(pg_pattern("(senior").unwrap(), r"\(senior");
    let sql = sql(json!({
        "current_employers.title": {"type": "(.)", "value": ["engineer|developer", "o'neil"]},
        "skills": {"type": "IN", "value": {"core": ["Python"]}}
    }));
    assert_has(
        &sql,
        "(e.title_f ~* 'engineer|developer' OR e.title_f ~* 'o''neil')",
    );
}
