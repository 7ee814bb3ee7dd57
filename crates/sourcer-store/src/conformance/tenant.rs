//! Conformance: workspaces, projects and API keys.

use std::sync::Arc;

use crate::conformance::tenant;
use crate::{NewApiKey, Store, StoreError};

fn key(key_id: &str, project_id: sourcer_core::ObjectId) -> NewApiKey {
    NewApiKey {
        key_id: key_id.to_owned(),
        project_id,
        secret_hash: [7; 32],
        last4: "wxyz".to_owned(),
        name: Some("ci".to_owned()),
    }
}

pub async fn ensure_project_creates_what_is_missing_exactly_once(store: Arc<dyn Store>) {
    let (w1, p1) = store.ensure_project("acme", "search").await.unwrap();
    let (w2, p2) = store.ensure_project("acme", "search").await.unwrap();
    assert_eq!((w1.id, p1.id), (w2.id, p2.id));
    assert_eq!((w1.name.as_str(), p1.name.as_str()), ("acme", "search"));
    assert_eq!(p1.workspace_id, w1.id);

    let (w3, p3) = store.ensure_project("acme", "hiring").await.unwrap();
    assert_eq!(w3.id, w1.id);
    assert_ne!(p3.id, p1.id);
    let (other, same_name) = store.ensure_project("globex", "search").await.unwrap();
    assert_ne!(other.id, w1.id);
    assert_ne!(
        same_name.id, p1.id,
        "project names are unique per workspace only"
    );

    let projects = store.list_projects(w1.id).await.unwrap();
    let names: Vec<&str> = projects.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["hiring", "search"]);
    assert_eq!(store.get_workspace(w1.id).await.unwrap(), w1);
    assert_eq!(
        store.find_workspace_by_name("acme").await.unwrap(),
        Some(w1.clone())
    );
    assert_eq!(store.find_workspace_by_name("initech").await.unwrap(), None);
    assert_eq!(store.get_project(w1.id, p1.id).await.unwrap(), p1);
    assert!(matches!(
        store.get_project(other.id, p1.id).await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.ensure_workspace("acme").await.unwrap(), w1);
    let fresh = store.ensure_workspace("initech").await.unwrap();
    assert_eq!(
        store.credit_balance(fresh.id).await.unwrap().available,
        0,
        "with an account"
    );
}

pub async fn concurrent_ensure_project_calls_agree_on_one_row(store: Arc<dyn Store>) {
    let tasks: Vec<_> = (0..12)
        .map(|_| {
            let store = Arc::clone(&store);
            tokio::spawn(async move { store.ensure_project("race", "same").await.unwrap() })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        let (workspace, project) = task.await.unwrap();
        ids.push((workspace.id, project.id));
    }
    assert!(ids.iter().all(|pair| *pair == ids[0]));
    assert_eq!(store.list_projects(ids[0].0).await.unwrap().len(), 1);
}

pub async fn api_keys_are_found_by_key_id_and_listed_per_workspace(store: Arc<dyn Store>) {
    let (a, project_a) = tenant(&store, "a").await;
    let (b, _) = tenant(&store, "b").await;
    let created = store
        .create_api_key(key("kid_one", project_a.id))
        .await
        .unwrap();
    assert_eq!(
        (created.workspace_id, created.project_id),
        (a.id, project_a.id)
    );
    assert!(created.is_active());
    store
        .create_api_key(key("kid_two", project_a.id))
        .await
        .unwrap();

    let found = store.find_api_key("kid_one").await.unwrap().unwrap();
    assert_eq!(found, created);
    assert_eq!(found.secret_hash, [7; 32]);
    assert!(store.find_api_key("kid_none").await.unwrap().is_none());

    let listed = store.list_api_keys(a.id).await.unwrap();
    let ids: Vec<&str> = listed.iter().map(|k| k.key_id.as_str()).collect();
    assert_eq!(ids, ["kid_one", "kid_two"]);
    assert_eq!(listed[0].last4, "wxyz");
    assert!(
        store.list_api_keys(b.id).await.unwrap().is_empty(),
        "B never sees A's keys"
    );
}

pub async fn revoking_a_key_is_scoped_to_its_workspace_and_keeps_the_first_time(
    store: Arc<dyn Store>,
) {
    let (a, project_a) = tenant(&store, "a").await;
    let (b, _) = tenant(&store, "b").await;
    store
        .create_api_key(key("kid", project_a.id))
        .await
        .unwrap();

    assert!(matches!(
        store.revoke_api_key(b.id, "kid").await,
        Err(StoreError::NotFound)
    ));
    assert!(
        store
            .find_api_key("kid")
            .await
            .unwrap()
            .unwrap()
            .is_active()
    );

    let revoked = store.revoke_api_key(a.id, "kid").await.unwrap();
    let at = revoked.revoked_at.expect("revoked");
    let again = store.revoke_api_key(a.id, "kid").await.unwrap();
    assert_eq!(again.revoked_at, Some(at));
    let found = store.find_api_key("kid").await.unwrap().unwrap();
    assert!(!found.is_active());
    assert!(matches!(
        store.revoke_api_key(a.id, "missing").await,
        Err(StoreError::NotFound)
    ));
}

pub async fn key_ids_are_unique_and_need_an_existing_project(store: Arc<dyn Store>) {
    let (_, project) = tenant(&store, "a").await;
    store.create_api_key(key("kid", project.id)).await.unwrap();
    let duplicate = store.create_api_key(key("kid", project.id)).await;
    assert!(
        matches!(duplicate, Err(StoreError::Conflict(_))),
        "{duplicate:?}"
    );
    let orphan = store
        .create_api_key(key("kid2", sourcer_core::ObjectId::new()))
        .await;
    assert!(matches!(orphan, Err(StoreError::NotFound)), "{orphan:?}");
}
