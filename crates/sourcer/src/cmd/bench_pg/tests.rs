//! The comparison is only meaningful if both engines answer the same question: generated
//! profiles go into an index and (through the loader) into a throwaway PostgreSQL database,
//! and every query of the standard mix must give the same people in the same order with the
//! same scores.

use std::str::FromStr;
use std::sync::Arc;

use sourcer_engine::parse::parse_profile_line;
use sourcer_index::{IndexOptions, PeopleIndex, PidSet, WriterOptions};
use sourcer_store_postgres::testing::TestDatabase;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection};

use super::{compare, load, sql};

const PROFILES: u64 = 1_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_and_the_index_agree_on_every_query_of_the_mix() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("people.jsonl");
    let mut jsonl = Vec::new();
    sourcer_gen::write_jsonl(42, PROFILES, &mut jsonl).unwrap();
    std::fs::write(&file, &jsonl).unwrap();
    let as_of = sourcer_gen::as_of();

    let index = PeopleIndex::open_in_ram(IndexOptions::default()).unwrap();
    let options = WriterOptions {
        threads: 1,
        memory_budget: 50 << 20,
    };
    let mut writer = index.writer_with(options).unwrap();
    for (i, line) in String::from_utf8(jsonl).unwrap().lines().enumerate() {
        let parsed = parse_profile_line(line).unwrap();
        writer
            .upsert(i as u64 + 1, &parsed.upsert.id, &parsed.profile)
            .unwrap();
    }
    writer.commit(PROFILES).unwrap();
    writer.finish().unwrap();

    let database = TestDatabase::create().await.unwrap();
    let db = PgConnectOptions::from_str(database.url())
        .unwrap()
        .disable_statement_logging();
    let report = load::load(&db, file, as_of).await.unwrap();
    assert_eq!(report.profiles, PROFILES);
    assert_eq!(report.rejected_lines, 0);

    let exclude: Arc<PidSet> = Arc::new((1..=PROFILES).step_by(3).collect());
    let mix = sourcer_index::bench::standard_mix(&index, as_of, exclude).unwrap();
    assert!(mix.len() >= 30);
    let mut conn = PgConnection::connect_with(&db).await.unwrap();
    compare::tune(&mut conn).await.unwrap();
    let mut nonempty = 0;
    for q in &mix {
        // Every match, not only the first page: the whole order and every score must agree.
        let mut r = q.request.clone();
        r.limit = PROFILES as usize;
        let text =
            sql::compile(&r.query, &r.nuances, as_of, r.exclude.as_deref(), r.limit).unwrap();
        let (total, page) = compare::execute(&mut conn, &text).await.unwrap();
        let expected = index.search(&r).unwrap();
        let expected_page: Vec<(u64, i64)> = expected
            .hits
            .iter()
            .map(|h| (h.pid, h.score as i64))
            .collect();
        assert_eq!(total, expected.total, "total of {}:\n{text}", q.name);
        assert_eq!(page, expected_page, "ranking of {}:\n{text}", q.name);
        nonempty += usize::from(total > 0);
    }
    conn.close().await.ok();
    // Most queries must match someone, or agreeing would prove little.
    assert!(nonempty * 4 >= mix.len() * 3, "{nonempty} of {}", mix.len());
}
