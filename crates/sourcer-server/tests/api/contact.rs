use serde_json::{Value, json};
use sourcer_core::Profile;
use sourcer_test_support::TestApp;

use crate::{done_session, engineering_queries};

fn reveal_path(session: &str, url: &str, kind: &str) -> String {
    let url: String = url
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!(
        "/api/v1/wl/sourcing-session/contact/reveal?sourcingSessionId={session}&linkedin_profile_url={url}&revealType={kind}"
    )
}

async fn people_with_email(app: &TestApp, n: usize) -> Vec<Profile> {
    let rows = app
        .engine
        .store
        .profile_changes_after(0, 2_000)
        .await
        .unwrap();
    rows.iter()
        .map(|r| serde_json::from_str::<Profile>(&r.data).unwrap())
        .filter(|p| !p.emails.is_empty() && p.linkedin_url.is_some())
        .take(n)
        .collect()
}

async fn available(app: &TestApp, key: &str) -> i64 {
    let record = sourcer_engine::keys::authenticate(&*app.engine.store, key)
        .await
        .unwrap()
        .unwrap();
    app.engine
        .store
        .credit_balance(record.workspace_id)
        .await
        .unwrap()
        .available
}

#[tokio::test]
async fn revealing_an_email_charges_once_per_workspace() {
    let app = TestApp::new().await;
    let session = done_session(&app, engineering_queries()).await;
    let person = &people_with_email(&app, 1).await[0];
    let url = person.linkedin_url.clone().unwrap();
    let before = available(&app, &app.key_a).await;
    let first = app
        .post(&reveal_path(&session, &url, "EMAIL"), &app.key_a, json!({}))
        .await;
    assert_eq!(first.status, 200, "{:?}", first.body);
    assert_eq!(first.body["message"], "Email revealed successfully");
    assert_eq!(
        first.body["data"][0],
        json!({"type": "EMAIL", "values": person.emails, "status": "FOUND"})
    );
    assert_eq!(
        first.body["data"][1],
        json!({"type": "PHONE", "values": [], "status": null})
    );
    assert_eq!(first.body["creditInfo"]["charged"], true);
    assert_eq!(available(&app, &app.key_a).await, before - 1);
    let again = app
        .post(
            &reveal_path(
                &session,
                &url.to_uppercase().replace("HTTPS://", "https://"),
                "EMAIL",
            ),
            &app.key_a,
            json!({}),
        )
        .await;
    assert_eq!(again.status, 200, "{:?}", again.body);
    assert_eq!(again.body["creditInfo"]["charged"], false);
    assert_eq!(available(&app, &app.key_a).await, before - 1);
}

#[tokio::test]
async fn unknown_people_and_bad_urls_cost_nothing() {
    let app = TestApp::new().await;
    let session = done_session(&app, engineering_queries()).await;
    let before = available(&app, &app.key_a).await;
    let unknown = app
        .post(
            &reveal_path(
                &session,
                "https://www.linkedin.com/in/nobody-at-all-999",
                "EMAIL",
            ),
            &app.key_a,
            json!({}),
        )
        .await;
    assert_eq!(unknown.status, 404);
    assert!(
        unknown.body["message"]
            .as_str()
            .unwrap()
            .contains("No profile found")
    );
    let invalid = app
        .post(
            &reveal_path(&session, "https://example.com/someone", "EMAIL"),
            &app.key_a,
            json!({}),
        )
        .await;
    assert_eq!(invalid.status, 422);
    assert!(
        invalid.body["message"]
            .as_str()
            .unwrap()
            .contains("Invalid LinkedIn profile URL")
    );
    let spaces = app
        .post(
            &reveal_path(&session, "https://linkedin.com/in/a b", "PHONE"),
            &app.key_a,
            json!({}),
        )
        .await;
    assert_eq!(spaces.status, 422);
    let kind = app
        .post(
            &reveal_path(&session, "https://linkedin.com/in/x", "FAX"),
            &app.key_a,
            json!({}),
        )
        .await;
    assert_eq!(kind.status, 400);
    assert_eq!(available(&app, &app.key_a).await, before);
}

#[tokio::test]
async fn revealed_contacts_show_on_the_profile_docs() {
    let app = TestApp::new().await;
    let session = done_session(&app, engineering_queries()).await;
    let page = app
        .get(
            &format!("/api/v1/wl/sourcing-session/{session}/profiles?limit=25"),
            &app.key_a,
        )
        .await;
    let doc: &Value = page.body["data"]["docs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["profile"]["linkedin_profile_url"].is_string())
        .unwrap();
    let url = doc["profile"]["linkedin_profile_url"].as_str().unwrap();
    let reply = app
        .post(&reveal_path(&session, url, "PHONE"), &app.key_a, json!({}))
        .await;
    if reply.status == 404 {
        return; // this person has no phone: nothing to show
    }
    assert_eq!(reply.status, 200, "{:?}", reply.body);
    let page = app
        .get(
            &format!("/api/v1/wl/sourcing-session/{session}/profiles?limit=25"),
            &app.key_a,
        )
        .await;
    let doc = page.body["data"]["docs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["profile"]["linkedin_profile_url"] == url)
        .unwrap()
        .clone();
    assert_eq!(doc["revealStatus"]["phone"]["revealed"], true);
    assert_eq!(
        doc["revealStatus"]["phone"]["values"],
        reply.body["data"][1]["values"]
    );
    assert_eq!(doc["revealStatus"]["email"]["revealed"], false);
}

#[tokio::test]
async fn concurrent_reveals_never_overdraw_the_balance() {
    let app = TestApp::new().await;
    let issued = sourcer_engine::keys::issue_key(&*app.engine.store, "gamma", "P")
        .await
        .unwrap();
    app.engine
        .store
        .grant_credits(issued.workspace.id, 105, "test", None)
        .await
        .unwrap();
    let created = app
        .post(
            "/api/v1/wl/sourcing-session",
            &issued.key,
            json!({"queries": engineering_queries()}),
        )
        .await;
    assert_eq!(created.status, 201);
    let session = created.body["data"]["session"]["_id"]
        .as_str()
        .unwrap()
        .to_string();
    let people = people_with_email(&app, 200).await;
    assert_eq!(people.len(), 200);
    let paths: Vec<String> = people
        .iter()
        .map(|p| reveal_path(&session, p.linkedin_url.as_deref().unwrap(), "EMAIL"))
        .collect();
    let replies =
        futures::future::join_all(paths.iter().map(|p| app.post(p, &issued.key, json!({})))).await;
    let ok = replies.iter().filter(|r| r.status == 200).count();
    let refused = replies.iter().filter(|r| r.status == 402).count();
    assert_eq!((ok, refused), (100, 100));
    assert_eq!(
        app.engine
            .store
            .credit_balance(issued.workspace.id)
            .await
            .unwrap()
            .available,
        0
    );
}
