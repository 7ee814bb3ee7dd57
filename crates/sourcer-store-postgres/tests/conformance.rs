//! Runs the backend-independent store suite on PostgreSQL, each test on its own copy of a
//! migrated template database (through `SOURCER_TEST_DATABASE_URL`, else the local server;
//! an unreachable server fails the tests).

use std::sync::Arc;

use sourcer_store::conformance::Fixture;
use sourcer_store_postgres::PgStore;
use sourcer_store_postgres::testing::TestDatabase;
use tokio::sync::OnceCell;

async fn fresh_postgres() -> Fixture {
    static TEMPLATE: OnceCell<TestDatabase> = OnceCell::const_new();
    let template = TEMPLATE
        .get_or_try_init(TestDatabase::migrated_template)
        .await
        .expect("a migrated template database");
    let database = TestDatabase::copy_of(template)
        .await
        .expect("a test database");
    let store = PgStore::open(database.url()).await.expect("open");
    Fixture::new(Arc::new(store), database)
}

sourcer_store::conformance_tests!(fresh_postgres);
