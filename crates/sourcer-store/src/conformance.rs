//! The backend-independent store test suite (feature `conformance`).
//!
//! Every test is an `async fn(Arc<dyn Store>)` that panics on failure, grouped by aggregate.
//! A backend runs all of them from one integration test file:
//!
//! ```text
//! async fn fresh() -> sourcer_store::conformance::Fixture { /* empty, migrated store */ }
//! sourcer_store::conformance_tests!(fresh);
//! ```
//!
//! The macro expands to one `#[tokio::test]` per suite test (the backend crate needs `tokio`
//! with macros and the multi-thread runtime as a dev-dependency), so failures are reported by
//! name and tests run in parallel. `conformance_tests!` is the list of record: a new suite
//! test must be added there to run anywhere.

use std::any::Any;
use std::sync::Arc;

use serde_json::json;
use sourcer_core::ObjectId;

use crate::{LedgerKind, NewJob, NewSession, ProfileUpsert, Project, RunStart, Store, Workspace};

pub mod credit;
pub mod job;
pub mod preview;
pub mod profile;
pub mod reveal;
pub mod session;
pub mod session_run;
pub mod tenant;
pub mod webhook;

/// An empty, migrated store plus whatever must live as long as it (a temp dir, a database
/// handle to drop).
pub struct Fixture {
    store: Arc<dyn Store>,
    _guard: Box<dyn Any + Send + Sync>,
}

impl Fixture {
    /// Wraps a fresh store and the guard that keeps its database alive.
    pub fn new(store: Arc<dyn Store>, guard: impl Any + Send + Sync) -> Self {
        Self {
            store,
            _guard: Box::new(guard),
        }
    }

    /// The store under test.
    pub fn store(&self) -> Arc<dyn Store> {
        Arc::clone(&self.store)
    }
}

/// Expands to one `#[tokio::test]` per conformance test, each on a fresh store made by the
/// given `async fn() -> Fixture`.
#[macro_export]
macro_rules! conformance_tests {
    ($fixture:path) => {
        $crate::__conformance_tests! { $fixture;
            profile::upsert_classifies_new_changed_and_unchanged_rows,
            profile::every_write_takes_a_higher_seq_and_the_feed_replays_them_in_order,
            profile::an_id_repeated_in_one_batch_ends_as_its_last_version,
            profile::batches_larger_than_one_statement_keep_input_order,
            profile::reads_by_pid_id_and_linkedin_key_agree,
            profile::load_profile_keys_returns_every_id_with_its_pid_and_hash,
            tenant::ensure_project_creates_what_is_missing_exactly_once,
            tenant::concurrent_ensure_project_calls_agree_on_one_row,
            tenant::api_keys_are_found_by_key_id_and_listed_per_workspace,
            tenant::revoking_a_key_is_scoped_to_its_workspace_and_keeps_the_first_time,
            tenant::key_ids_are_unique_and_need_an_existing_project,
            credit::grants_add_credits_and_are_journaled,
            credit::a_grant_dedup_key_applies_once,
            credit::the_ledger_pages_newest_first,
            credit::unknown_workspaces_and_non_positive_grants_are_refused,
            reveal::a_contact_is_charged_once_per_workspace,
            reveal::a_reveal_without_credits_writes_nothing,
            reveal::concurrent_reveals_never_overdraw,
            reveal::revealing_an_unknown_profile_is_not_found,
            session::creating_a_session_charges_and_enqueues_its_run,
            session::creating_a_session_without_credits_writes_nothing,
            session::another_workspace_never_sees_a_session_or_its_candidates,
            session::completing_a_run_adds_a_batch_of_candidates,
            session_run::a_stale_lease_cannot_complete_a_run,
            session_run::a_run_job_cannot_settle_another_session,
            session_run::fetch_more_starts_only_from_done_and_all_or_nothing,
            session_run::a_session_never_holds_a_profile_twice,
            session_run::update_merges_the_patch_and_counts_filter_changes,
            session_run::a_failed_run_is_refunded_exactly_once,
            session::candidates_page_by_fit_score_then_rank,
            job::claims_lease_the_oldest_due_job_of_the_requested_kinds,
            job::an_expired_lease_is_claimed_again_with_one_more_attempt,
            job::extending_a_lease_keeps_the_job_from_other_workers,
            job::retries_run_out_into_dead_jobs_that_can_be_requeued,
            job::failed_and_finished_jobs_are_counted_by_status,
            job::dedup_keys_admit_one_job,
            job::concurrent_claims_never_share_a_job,
            preview::creating_a_preview_holds_credits_and_enqueues_its_job,
            preview::completion_captures_used_credits_and_releases_the_rest,
            preview::failure_releases_the_whole_hold,
            preview::a_preview_without_credits_writes_nothing,
            preview::settling_needs_the_current_lease_and_a_capture_within_the_hold,
            preview::concurrent_previews_never_overdraw,
            preview::another_workspace_never_sees_a_preview,
            webhook::configs_are_scoped_to_their_workspace,
            webhook::events_reach_only_active_subscribed_configs,
            webhook::run_settlements_write_their_events_in_the_same_transaction,
            webhook::delivery_attempts_are_leased_fenced_and_recorded,
            webhook::failures_open_the_circuit_and_reset_closes_it,
            webhook::deleting_a_config_cancels_its_pending_deliveries,
        }
    };
}

#[doc(hidden)]
#[macro_export]
macro_rules! __conformance_tests {
    ($fixture:path; $($module:ident :: $name:ident),* $(,)?) => {
        $(
            #[::tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $name() {
                let fixture: $crate::conformance::Fixture = $fixture().await;
                $crate::conformance::$module::$name(fixture.store()).await;
            }
        )*
    };
}

/// A workspace and project named after `name`, created if missing.
pub async fn tenant(store: &Arc<dyn Store>, name: &str) -> (Workspace, Project) {
    store
        .ensure_project(name, "default")
        .await
        .expect("ensure project")
}

/// A tenant with `credits` granted.
pub async fn funded_tenant(
    store: &Arc<dyn Store>,
    name: &str,
    credits: i64,
) -> (Workspace, Project) {
    let (workspace, project) = tenant(store, name).await;
    if credits > 0 {
        store
            .grant_credits(workspace.id, credits, "test grant", None)
            .await
            .expect("grant");
    }
    (workspace, project)
}

/// A profile row with recognisable content.
pub fn profile(id: &str, version: u64) -> ProfileUpsert {
    ProfileUpsert {
        id: id.to_owned(),
        linkedin_key: Some(format!("linkedin.com/in/{id}")),
        content_hash: version.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ id.len() as u64,
        data: json!({ "id": id, "version": version }).to_string(),
    }
}

/// Inserts `count` profiles `p0, p1, ...`; returns their pids in that order.
pub async fn seed_profiles(store: &Arc<dyn Store>, count: usize) -> Vec<i64> {
    let rows = (0..count).map(|i| profile(&format!("p{i}"), 1)).collect();
    let outcomes = store.upsert_profiles(rows).await.expect("seed profiles");
    outcomes.into_iter().map(|o| o.pid).collect()
}

/// A session of `project` with typical FutureJobs content.
pub fn new_session(workspace: &Workspace, project: &Project) -> NewSession {
    NewSession {
        id: ObjectId::new(),
        workspace_id: workspace.id,
        project_id: project.id,
        created_by: "key_test".to_owned(),
        title: "Backend engineers".to_owned(),
        jd_text: "Rust, Postgres".to_owned(),
        sample_profile_url: None,
        queries: json!({ "skills": { "type": "IN", "value": { "mandatory": ["Rust"] } } }),
        nuances: json!([]),
        provider: Some("local".to_owned()),
    }
}

/// A run costing `cost` whose job is a `session_run`.
pub fn run(cost: i64) -> RunStart {
    RunStart {
        cost,
        job: NewJob::new("session_run", json!({ "test": true })),
    }
}

/// Replays the workspace's whole ledger and checks every row's running balance and the final
/// balance against the account.
pub async fn assert_ledger_matches_balance(store: &Arc<dyn Store>, workspace: &Workspace) {
    let mut entries = Vec::new();
    let mut before = None;
    loop {
        let page = store
            .list_ledger(workspace.id, before, 7)
            .await
            .expect("ledger page");
        let Some(last) = page.last() else { break };
        before = Some(last.id);
        entries.extend(page);
    }
    entries.reverse();
    let (mut available, mut held) = (0, 0);
    for entry in &entries {
        assert!(entry.amount > 0, "ledger amounts are positive: {entry:?}");
        let (da, dh) = entry.kind.effect();
        available += da * entry.amount;
        held += dh * entry.amount;
        assert_eq!(
            (available, held),
            (entry.available_after, entry.held_after),
            "{entry:?}"
        );
        assert!(available >= 0 && held >= 0);
    }
    let balance = store.credit_balance(workspace.id).await.expect("balance");
    assert_eq!((balance.available, balance.held), (available, held));
}

/// How many ledger rows of `kind` the workspace has.
pub async fn ledger_count(
    store: &Arc<dyn Store>,
    workspace: &Workspace,
    kind: LedgerKind,
) -> usize {
    let entries = store
        .list_ledger(workspace.id, None, 10_000)
        .await
        .expect("ledger");
    entries.iter().filter(|e| e.kind == kind).count()
}
