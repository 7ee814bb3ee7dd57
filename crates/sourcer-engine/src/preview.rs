//! Preview runs (InstaView I1/I2): a quick, unscored search started with free text.
//!
//! Starting one validates the input and the webhook, turns the text into a `queries` object
//! with JD-to-filters ([`preview_queries`]), then holds `ceil(limit/20)` page prices, stores
//! the run and enqueues its `preview_run` job in one store transaction (so `402` comes before
//! anything is written). The job queries the index in pages of 20 with cursors, at most
//! `ceil(limit/20)` pages, stopping at the first short page, and keeps retrieval order (no
//! fit scoring); when the first page finds fewer than `limit` people even after the
//! relaxation ladder, the job-title filters lifted from the text are dropped too. It
//! completes the run by capturing the pages served (a page that returned at least one
//! candidate), releasing the rest of the hold and queueing `SOURCING_COMPLETED` for the run's
//! webhook, all in one transaction; a run that cannot finish releases the whole hold and
//! queues `SOURCING_FAILED`.

use serde_json::{Value, json};
use sourcer_core::linkedin::profile_id_from_url;
use sourcer_core::query::ProblemCode;
use sourcer_core::{Profile, Query, QueryProblem};
use sourcer_match::MatchError;
use sourcer_store::{ApiKey, NewJob, NewPreview, PreviewRun};
use uuid::Uuid;

use crate::engine::Engine;
use crate::error::{EngineError, EngineResult, not_found};
use crate::webhook::events::{SOURCING_COMPLETED, SOURCING_FAILED, subscribes_to_sourcing};

/// The stable job kind.
pub const PREVIEW_RUN: &str = "preview_run";
/// Candidates per page, and the unit of billing.
pub const PAGE_SIZE: i64 = 20;
/// Default and maximum `limit`.
pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;
/// Field limits of I1, in characters.
pub const MAX_TITLE: usize = 200;
pub const MAX_JOB_DESCRIPTION: usize = 10_000;
pub const MAX_LOCATION: usize = 200;
pub const MAX_QUERY: usize = 500;
/// `errorCode` of a failed run (InstaView's example code).
pub const AGENT_ERROR: &str = "AGENT_ERROR";

/// Start a preview (I1), as received.
#[derive(Debug, Clone, Default)]
pub struct StartPreview {
    pub title: Option<String>,
    pub job_description: Option<String>,
    pub location: Option<String>,
    /// Replaces title + job description as the text the filters are derived from.
    pub query: Option<String>,
    pub limit: Option<i64>,
    pub webhook_id: Option<String>,
}

/// The credits a preview of `limit` candidates holds: one page price per page of 20.
pub fn pages_for(limit: i64) -> i64 {
    (limit + PAGE_SIZE - 1) / PAGE_SIZE
}

fn non_empty(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

impl StartPreview {
    fn check(&self) -> EngineResult<i64> {
        let fields = [
            ("title", &self.title, MAX_TITLE),
            ("jobDescription", &self.job_description, MAX_JOB_DESCRIPTION),
            ("location", &self.location, MAX_LOCATION),
            ("query", &self.query, MAX_QUERY),
        ];
        for (name, value, max) in fields {
            if value.as_ref().is_some_and(|v| v.chars().count() > max) {
                return Err(EngineError::InvalidInput(format!(
                    "{name} is limited to {max} characters"
                )));
            }
        }
        if [&self.title, &self.job_description, &self.query]
            .into_iter()
            .all(|t| non_empty(t).is_none())
        {
            return Err(EngineError::InvalidInput(
                "give at least one of title, jobDescription or query".into(),
            ));
        }
        let limit = self.limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(EngineError::InvalidInput(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        Ok(limit)
    }
}

/// The `queries` object a preview runs: JD-to-filters over `query` when given, else over
/// title and job description; `location`, when given, replaces the places found in the text
/// ("Remote" removes them). Text that names no known skill is refused like a `queries`
/// object without skills.
pub fn preview_queries(input: &StartPreview) -> EngineResult<Value> {
    let text = match non_empty(&input.query) {
        Some(query) => query.to_string(),
        None => [non_empty(&input.title), non_empty(&input.job_description)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let mut annotation = sourcer_match::annotate(&text);
    if let Some(location) = non_empty(&input.location) {
        let place = sourcer_match::annotate(&format!("Location: {location}"));
        if !place.regions.is_empty() || !place.countries.is_empty() {
            annotation.regions = place.regions;
            annotation.countries = place.countries;
        } else if place.remote {
            annotation.regions.clear();
            annotation.countries.clear();
        } else {
            return Err(EngineError::InvalidInput(format!(
                "location {location:?} is not a place Sourcer knows; give a city, region or \
                 country, or \"Remote\""
            )));
        }
    }
    annotation.to_queries().map_err(|e| match e {
        MatchError::NoSkillFound => EngineError::InvalidQuery(vec![QueryProblem::new(
            "skills",
            ProblemCode::SkillsRequired,
            "the text names no skill Sourcer knows; name at least one skill in jobDescription \
             or query",
        )]),
        other => EngineError::Internal(anyhow::Error::new(other)),
    })
}

/// The 9 fields of a preview candidate, never contact data. `profileId` is the md5 hex of
/// the normalised LinkedIn URL (the profile's stored id when it has no URL).
pub fn preview_candidate(profile: &Profile, stored_id: &str) -> Value {
    let current = profile.current_employers.first();
    let url = profile
        .linkedin_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    json!({
        "profileId": url.map_or_else(|| stored_id.to_string(), profile_id_from_url),
        "fullName": profile.name,
        "profileUrl": url,
        "title": current.and_then(|e| e.title.as_deref()),
        "headline": profile.headline,
        "location": profile.region,
        "country": profile.country,
        "companyName": current.and_then(|e| e.name.as_deref()),
        "companyUrl": current.and_then(|e| e.company_url.as_deref()),
    })
}

impl Engine {
    /// I1: validates, derives the search, holds the maximum cost and queues the run.
    pub async fn start_preview(
        &self,
        caller: &ApiKey,
        input: StartPreview,
    ) -> EngineResult<PreviewRun> {
        let limit = input.check()?;
        let webhook_id = match non_empty(&input.webhook_id) {
            Some(raw) => Some(self.preview_webhook(caller, raw).await?),
            None => None,
        };
        let derive = input.clone();
        let queries = tokio::task::spawn_blocking(move || preview_queries(&derive))
            .await
            .map_err(|e| EngineError::Internal(e.into()))??;
        Query::parse(&queries).map_err(EngineError::InvalidQuery)?;
        let id = format!("req_prev_{}", Uuid::new_v4());
        let request = json!({
            "title": input.title, "jobDescription": input.job_description,
            "location": input.location, "query": input.query, "limit": limit,
            "webhookId": webhook_id, "queries": queries,
        });
        let job = NewJob::new(
            PREVIEW_RUN,
            json!({"preview_id": id, "workspace_id": caller.workspace_id}),
        );
        let preview = NewPreview {
            id,
            workspace_id: caller.workspace_id,
            project_id: caller.project_id,
            request,
            limit,
            webhook_id,
        };
        let hold = pages_for(limit) * self.config.prices.preview_page;
        let started = self.store.create_preview(preview, hold, job).await?;
        self.jobs.notify_one();
        Ok(started.preview)
    }

    /// I2: a run of the caller's workspace; any other id is "Request not found".
    pub async fn get_preview(&self, caller: &ApiKey, id: &str) -> EngineResult<PreviewRun> {
        self.store
            .get_preview(caller.workspace_id, id)
            .await
            .map_err(not_found("Request"))
    }

    /// The run's webhook: a config of the caller's workspace (another workspace's id looks
    /// exactly like an unknown one, see docs/api.md) that subscribes to a sourcing event.
    async fn preview_webhook(&self, caller: &ApiKey, raw: &str) -> EngineResult<Uuid> {
        let id: Uuid = raw
            .parse()
            .map_err(|_| EngineError::InvalidInput("webhookId must be a UUID".into()))?;
        let config = self
            .store
            .get_webhook(caller.workspace_id, id)
            .await
            .map_err(not_found("Webhook"))?;
        if !subscribes_to_sourcing(&config.events) {
            return Err(EngineError::WebhookNotSubscribed(format!(
                "webhook {id} subscribes to neither {SOURCING_COMPLETED} nor {SOURCING_FAILED}"
            )));
        }
        Ok(id)
    }
}

mod run;
pub use run::PreviewRunHandler;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_field_replaces_the_job_text_as_the_search_source() {
        let input = StartPreview {
            title: Some("Data Engineer".into()),
            job_description: Some("We need Python and Spark.".into()),
            query: Some("Kubernetes".into()),
            ..StartPreview::default()
        };
        let queries = preview_queries(&input).unwrap();
        let skills = queries["skills"]["value"].to_string();
        assert!(skills.contains("Kubernetes"), "{skills}");
        assert!(!skills.contains("Python"), "{skills}");
    }

    #[test]
    fn text_without_a_known_skill_is_refused_as_skills_required() {
        let input = StartPreview {
            title: Some("Wizard".into()),
            ..StartPreview::default()
        };
        match preview_queries(&input) {
            Err(EngineError::InvalidQuery(problems)) => {
                assert_eq!(problems[0].code, ProblemCode::SkillsRequired);
            }
            other => panic!("expected skills_required, got {other:?}"),
        }
    }

    #[test]
    fn a_location_replaces_the_places_of_the_text_and_remote_removes_them() {
        let input = |location: &str| StartPreview {
            job_description: Some("Python developer. Location: Pune, India".into()),
            location: Some(location.into()),
            ..StartPreview::default()
        };
        let berlin = preview_queries(&input("Berlin")).unwrap().to_string();
        assert!(
            berlin.contains("Berlin") && !berlin.contains("Pune"),
            "{berlin}"
        );
        let remote = preview_queries(&input("Remote")).unwrap();
        assert!(remote.get("region").is_none() && remote.get("country_region").is_none());
        assert!(matches!(
            preview_queries(&input("Qwxzzyville")),
            Err(EngineError::InvalidInput(_))
        ));
    }

    #[test]
    fn a_candidate_has_exactly_the_nine_preview_fields_and_no_contact_data() {
        let profile: Profile = serde_json::from_value(json!({
            "name": "Asha Kulkarni", "linkedin_url": "https://www.linkedin.com/in/Asha-K/",
            "headline": "Engineer", "region": "Pune, Maharashtra, India", "country": "India",
            "emails": ["asha@example.com"], "phones": ["+91 1"],
            "current_employers": [{"name": "Acme", "title": "Backend Engineer",
                "company_url": "https://www.linkedin.com/company/acme"}]
        }))
        .unwrap();
        let candidate = preview_candidate(&profile, "stored");
        let keys: Vec<&String> = candidate.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 9, "{keys:?}");
        assert_eq!(
            candidate["profileId"],
            profile_id_from_url("linkedin.com/in/asha-k")
        );
        assert_eq!(candidate["title"], "Backend Engineer");
        assert_eq!(candidate["companyName"], "Acme");
        assert!(!candidate.to_string().contains("asha@example.com"));
    }
}
