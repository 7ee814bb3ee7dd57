//! Conformance: credit accounts, grants and the ledger.

use std::sync::Arc;

use crate::conformance::{assert_ledger_matches_balance, tenant};
use crate::{Balance, LedgerKind, Store, StoreError};

pub async fn grants_add_credits_and_are_journaled(store: Arc<dyn Store>) {
    let (workspace, _) = tenant(&store, "a").await;
    assert_eq!(
        store.credit_balance(workspace.id).await.unwrap(),
        Balance::default()
    );
    let balance = store
        .grant_credits(workspace.id, 100, "welcome", None)
        .await
        .unwrap();
    assert_eq!(
        balance,
        Balance {
            available: 100,
            held: 0
        }
    );
    let balance = store
        .grant_credits(workspace.id, 50, "top-up", Some("inv-1"))
        .await
        .unwrap();
    assert_eq!(balance.available, 150);

    let ledger = store.list_ledger(workspace.id, None, 10).await.unwrap();
    assert_eq!(ledger.len(), 2);
    assert_eq!(ledger[0].reason, "top-up", "newest first");
    assert_eq!(ledger[0].kind, LedgerKind::Grant);
    assert_eq!((ledger[0].amount, ledger[0].available_after), (50, 150));
    assert_eq!(ledger[0].dedup_key.as_deref(), Some("inv-1"));
    assert_eq!(ledger[1].workspace_id, workspace.id);
    assert_ledger_matches_balance(&store, &workspace).await;
}

pub async fn a_grant_dedup_key_applies_once(store: Arc<dyn Store>) {
    let (workspace, _) = tenant(&store, "a").await;
    store
        .grant_credits(workspace.id, 10, "invoice", Some("inv-7"))
        .await
        .unwrap();
    let retry = store
        .grant_credits(workspace.id, 10, "invoice", Some("inv-7"))
        .await;
    assert!(matches!(retry, Err(StoreError::Conflict(_))), "{retry:?}");
    assert_eq!(
        store.credit_balance(workspace.id).await.unwrap().available,
        10
    );
    assert_eq!(
        store
            .list_ledger(workspace.id, None, 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_ledger_matches_balance(&store, &workspace).await;
}

pub async fn the_ledger_pages_newest_first(store: Arc<dyn Store>) {
    let (a, _) = tenant(&store, "a").await;
    let (b, _) = tenant(&store, "b").await;
    for amount in 1..=5 {
        store
            .grant_credits(a.id, amount, "grant", None)
            .await
            .unwrap();
    }
    store
        .grant_credits(b.id, 99, "other tenant", None)
        .await
        .unwrap();

    let first = store.list_ledger(a.id, None, 2).await.unwrap();
    let amounts: Vec<i64> = first.iter().map(|e| e.amount).collect();
    assert_eq!(amounts, [5, 4]);
    let second = store.list_ledger(a.id, Some(first[1].id), 2).await.unwrap();
    let amounts: Vec<i64> = second.iter().map(|e| e.amount).collect();
    assert_eq!(amounts, [3, 2]);
    let last = store
        .list_ledger(a.id, Some(second[1].id), 2)
        .await
        .unwrap();
    assert_eq!(last.len(), 1);
    assert!(
        store
            .list_ledger(a.id, Some(last[0].id), 2)
            .await
            .unwrap()
            .is_empty()
    );
    assert_ledger_matches_balance(&store, &a).await;
    assert_ledger_matches_balance(&store, &b).await;
}

pub async fn unknown_workspaces_and_non_positive_grants_are_refused(store: Arc<dyn Store>) {
    let (workspace, _) = tenant(&store, "a").await;
    let nobody = sourcer_core::ObjectId::new();
    assert!(matches!(
        store.credit_balance(nobody).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.grant_credits(nobody, 5, "lost", None).await,
        Err(StoreError::NotFound)
    ));
    for amount in [0, -5] {
        let refused = store.grant_credits(workspace.id, amount, "bad", None).await;
        assert!(
            matches!(refused, Err(StoreError::Conflict(_))),
            "{refused:?}"
        );
    }
    assert!(
        store
            .list_ledger(workspace.id, None, 10)
            .await
            .unwrap()
            .is_empty()
    );
}
