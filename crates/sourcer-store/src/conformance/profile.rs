//! Conformance: profiles, upsert classification and the seq change feed.

use std::sync::Arc;

use crate::conformance::profile;
use crate::{ProfileChange, ProfileUpsert, Store};

pub async fn upsert_classifies_new_changed_and_unchanged_rows(store: Arc<dyn Store>) {
    let first = store
        .upsert_profiles(vec![profile("a", 1), profile("b", 1), profile("c", 1)])
        .await
        .unwrap();
    assert!(first.iter().all(|o| o.change == ProfileChange::Inserted));
    let pids: Vec<i64> = first.iter().map(|o| o.pid).collect();
    assert!(
        pids[0] < pids[1] && pids[1] < pids[2],
        "pids are dense and increasing"
    );

    let second = store
        .upsert_profiles(vec![profile("b", 2), profile("a", 1), profile("d", 1)])
        .await
        .unwrap();
    let changes: Vec<ProfileChange> = second.iter().map(|o| o.change).collect();
    assert_eq!(
        changes,
        [
            ProfileChange::Updated,
            ProfileChange::Unchanged,
            ProfileChange::Inserted
        ]
    );
    assert_eq!(second[0].pid, pids[1], "an update keeps the pid");
    assert_eq!(second[1].pid, pids[0]);
    assert_eq!(
        second[1].seq, first[0].seq,
        "an unchanged row keeps its seq"
    );
    assert!(
        second[0].seq > first[2].seq,
        "a change takes a new, higher seq"
    );
    assert!(second[2].pid > pids[2]);

    let b = store.find_profile_by_id("b").await.unwrap().unwrap();
    assert_eq!(b.data, profile("b", 2).data);
    assert_eq!(b.content_hash, profile("b", 2).content_hash);
    assert_eq!(store.count_profiles().await.unwrap(), 4);
    assert!(store.upsert_profiles(Vec::new()).await.unwrap().is_empty());
}

pub async fn every_write_takes_a_higher_seq_and_the_feed_replays_them_in_order(
    store: Arc<dyn Store>,
) {
    assert_eq!(store.max_profile_seq().await.unwrap(), 0);
    assert!(store.profile_changes_after(0, 10).await.unwrap().is_empty());
    store
        .upsert_profiles(vec![profile("a", 1), profile("b", 1), profile("c", 1)])
        .await
        .unwrap();
    let seen = store.max_profile_seq().await.unwrap();
    store.upsert_profiles(vec![profile("a", 2)]).await.unwrap();

    let feed = store.profile_changes_after(0, 100).await.unwrap();
    let ids: Vec<&str> = feed.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["b", "c", "a"],
        "a's change moved it to the end of the feed"
    );
    assert!(feed.windows(2).all(|w| w[0].seq < w[1].seq));

    let after = store.profile_changes_after(seen, 100).await.unwrap();
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].id, "a");
    assert_eq!(after[0].data, profile("a", 2).data);
    assert_eq!(store.max_profile_seq().await.unwrap(), after[0].seq);

    let limited = store.profile_changes_after(0, 2).await.unwrap();
    assert_eq!(limited.len(), 2);
    let rest = store
        .profile_changes_after(limited[1].seq, 2)
        .await
        .unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].id, "a");
}

pub async fn an_id_repeated_in_one_batch_ends_as_its_last_version(store: Arc<dyn Store>) {
    let outcomes = store
        .upsert_profiles(vec![profile("x", 1), profile("x", 2), profile("x", 2)])
        .await
        .unwrap();
    let changes: Vec<ProfileChange> = outcomes.iter().map(|o| o.change).collect();
    assert_eq!(
        changes,
        [
            ProfileChange::Inserted,
            ProfileChange::Updated,
            ProfileChange::Unchanged
        ]
    );
    assert!(
        outcomes
            .iter()
            .all(|o| o.pid == outcomes[0].pid && o.seq == outcomes[2].seq)
    );
    let stored = store.find_profile_by_id("x").await.unwrap().unwrap();
    assert_eq!(stored.data, profile("x", 2).data);
    assert_eq!(stored.seq, outcomes[2].seq);
    assert_eq!(store.count_profiles().await.unwrap(), 1);
    assert_eq!(store.profile_changes_after(0, 10).await.unwrap().len(), 1);
}

pub async fn batches_larger_than_one_statement_keep_input_order(store: Arc<dyn Store>) {
    let rows: Vec<ProfileUpsert> = (0..1234)
        .map(|i| profile(&format!("bulk-{i}"), 1))
        .collect();
    let inserted = store.upsert_profiles(rows).await.unwrap();
    assert_eq!(inserted.len(), 1234);
    assert!(
        inserted
            .windows(2)
            .all(|w| w[0].pid < w[1].pid && w[0].seq < w[1].seq)
    );

    // Every third row changes; outcomes must line up with their inputs.
    let rows: Vec<ProfileUpsert> = (0..1234)
        .rev()
        .map(|i| profile(&format!("bulk-{i}"), if i % 3 == 0 { 2 } else { 1 }))
        .collect();
    let again = store.upsert_profiles(rows).await.unwrap();
    for (position, outcome) in again.iter().enumerate() {
        let i = 1233 - position;
        assert_eq!(outcome.pid, inserted[i].pid, "row {i}");
        let expected = if i % 3 == 0 {
            ProfileChange::Updated
        } else {
            ProfileChange::Unchanged
        };
        assert_eq!(outcome.change, expected, "row {i}");
    }
    let changed = store
        .profile_changes_after(inserted[1233].seq, 10_000)
        .await
        .unwrap();
    assert_eq!(changed.len(), 412);
    assert_eq!(store.load_profile_keys().await.unwrap().len(), 1234);
}

pub async fn reads_by_pid_id_and_linkedin_key_agree(store: Arc<dyn Store>) {
    let mut same_person = profile("dup-b", 1);
    same_person.linkedin_key = Some("linkedin.com/in/shared".to_owned());
    let mut first_person = profile("dup-a", 1);
    first_person.linkedin_key = Some("linkedin.com/in/shared".to_owned());
    let mut anonymous = profile("anon", 1);
    anonymous.linkedin_key = None;
    let out = store
        .upsert_profiles(vec![first_person, same_person, anonymous, profile("z", 1)])
        .await
        .unwrap();

    let wanted = [out[3].pid, 999_999, out[0].pid, out[2].pid];
    let found = store.profiles_by_pids(&wanted).await.unwrap();
    let ids: Vec<&str> = found.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        ["z", "dup-a", "anon"],
        "asked order, unknown pids skipped"
    );

    let by_id = store.find_profile_by_id("anon").await.unwrap().unwrap();
    assert_eq!(
        (by_id.pid, by_id.linkedin_key.as_deref()),
        (out[2].pid, None)
    );
    assert!(store.find_profile_by_id("nobody").await.unwrap().is_none());

    let shared = store
        .find_profile_by_linkedin_key("linkedin.com/in/shared")
        .await
        .unwrap();
    assert_eq!(
        shared.unwrap().id,
        "dup-b",
        "the most recently changed row wins"
    );
    store
        .upsert_profiles(vec![{
            let mut p = profile("dup-a", 2);
            p.linkedin_key = Some("linkedin.com/in/shared".to_owned());
            p
        }])
        .await
        .unwrap();
    let shared = store
        .find_profile_by_linkedin_key("linkedin.com/in/shared")
        .await
        .unwrap();
    assert_eq!(shared.unwrap().id, "dup-a");
    assert!(
        store
            .find_profile_by_linkedin_key("linkedin.com/in/nobody")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.count_profiles().await.unwrap(), 4);
}

pub async fn load_profile_keys_returns_every_id_with_its_pid_and_hash(store: Arc<dyn Store>) {
    assert!(store.load_profile_keys().await.unwrap().is_empty());
    let mut odd = profile("id with spaces, commas and ünïcödé", 1);
    odd.content_hash = u64::MAX;
    let mut zero = profile("", 1);
    zero.content_hash = 0;
    let rows = vec![odd.clone(), zero.clone(), profile("plain", 7)];
    let out = store.upsert_profiles(rows.clone()).await.unwrap();

    let keys = store.load_profile_keys().await.unwrap();
    assert_eq!(keys.len(), 3);
    for (row, outcome) in rows.iter().zip(&out) {
        let key = keys[&row.id];
        assert_eq!(
            (key.pid, key.content_hash),
            (outcome.pid, row.content_hash),
            "{}",
            row.id
        );
    }
    let unchanged = store.upsert_profiles(vec![odd, zero]).await.unwrap();
    assert!(
        unchanged
            .iter()
            .all(|o| o.change == ProfileChange::Unchanged)
    );
}
