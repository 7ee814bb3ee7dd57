//! Conformance: contact reveals, charged once and never overdrawn.

use std::sync::Arc;

use crate::conformance::{
    assert_ledger_matches_balance, funded_tenant, ledger_count, seed_profiles,
};
use crate::{ContactKind, LedgerKind, RevealedContact, Store, StoreError};

pub async fn a_contact_is_charged_once_per_workspace(store: Arc<dyn Store>) {
    let (a, _) = funded_tenant(&store, "a", 20).await;
    let (b, _) = funded_tenant(&store, "b", 20).await;
    let pids = seed_profiles(&store, 3).await;

    let first = store
        .reveal_contact(a.id, pids[0], ContactKind::Email, 3)
        .await
        .unwrap();
    assert!(first.newly_revealed);
    assert_eq!((first.charged, first.balance.available), (3, 17));
    let again = store
        .reveal_contact(a.id, pids[0], ContactKind::Email, 3)
        .await
        .unwrap();
    assert!(!again.newly_revealed);
    assert_eq!((again.charged, again.balance.available), (0, 17));
    let phone = store
        .reveal_contact(a.id, pids[0], ContactKind::Phone, 5)
        .await
        .unwrap();
    assert_eq!((phone.charged, phone.balance.available), (5, 12));
    let other = store
        .reveal_contact(b.id, pids[0], ContactKind::Email, 3)
        .await
        .unwrap();
    assert!(other.newly_revealed, "reveals are per workspace");

    assert_eq!(ledger_count(&store, &a, LedgerKind::Charge).await, 2);
    let revealed = store
        .revealed_contacts(a.id, &[pids[0], pids[1], 42])
        .await
        .unwrap();
    assert_eq!(
        revealed,
        [
            RevealedContact {
                pid: pids[0],
                kind: ContactKind::Email
            },
            RevealedContact {
                pid: pids[0],
                kind: ContactKind::Phone
            },
        ]
    );
    let revealed_b = store.revealed_contacts(b.id, &pids).await.unwrap();
    assert_eq!(
        revealed_b,
        [RevealedContact {
            pid: pids[0],
            kind: ContactKind::Email
        }]
    );
    assert_ledger_matches_balance(&store, &a).await;
    assert_ledger_matches_balance(&store, &b).await;
}

pub async fn a_reveal_without_credits_writes_nothing(store: Arc<dyn Store>) {
    let (a, _) = funded_tenant(&store, "a", 2).await;
    let pids = seed_profiles(&store, 1).await;
    let refused = store
        .reveal_contact(a.id, pids[0], ContactKind::Email, 3)
        .await;
    assert!(
        matches!(
            refused,
            Err(StoreError::InsufficientCredits {
                available: 2,
                required: 3
            })
        ),
        "{refused:?}"
    );
    assert!(
        store
            .revealed_contacts(a.id, &pids)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.credit_balance(a.id).await.unwrap().available, 2);
    assert_eq!(ledger_count(&store, &a, LedgerKind::Charge).await, 0);
}

pub async fn concurrent_reveals_never_overdraw(store: Arc<dyn Store>) {
    let (a, _) = funded_tenant(&store, "a", 100).await;
    let pids = seed_profiles(&store, 200).await;
    let tasks: Vec<_> = pids
        .iter()
        .map(|&pid| {
            let store = Arc::clone(&store);
            tokio::spawn(
                async move { store.reveal_contact(a.id, pid, ContactKind::Email, 1).await },
            )
        })
        .collect();
    let (mut revealed, mut refused) = (0, 0);
    for task in tasks {
        match task.await.unwrap() {
            Ok(outcome) => {
                assert!(outcome.newly_revealed && outcome.balance.available >= 0);
                revealed += 1;
            }
            Err(StoreError::InsufficientCredits { required: 1, .. }) => refused += 1,
            Err(other) => panic!("unexpected reveal error: {other:?}"),
        }
    }
    assert_eq!((revealed, refused), (100, 100));
    assert_eq!(store.credit_balance(a.id).await.unwrap().available, 0);
    assert_eq!(
        store.revealed_contacts(a.id, &pids).await.unwrap().len(),
        100
    );
    assert_eq!(ledger_count(&store, &a, LedgerKind::Charge).await, 100);
    assert_ledger_matches_balance(&store, &a).await;
}

pub async fn revealing_an_unknown_profile_is_not_found(store: Arc<dyn Store>) {
    let (a, _) = funded_tenant(&store, "a", 5).await;
    let missing = store.reveal_contact(a.id, 404, ContactKind::Phone, 1).await;
    assert!(matches!(missing, Err(StoreError::NotFound)), "{missing:?}");
    assert_eq!(store.credit_balance(a.id).await.unwrap().available, 5);
}
