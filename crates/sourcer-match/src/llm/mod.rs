//! The optional LLM provider: re-scores the top of a batch with an OpenAI-compatible
//! `/chat/completions` endpoint and writes its reasons, falling back to the built-in
//! analysis on any failure.
//!
//! Off unless configured. Requests carry a timeout; at most `max_concurrency` run at once
//! (a semaphore); answers are cached in memory by (job fingerprint, profile id + content
//! hash), and failures are not cached, so a later batch retries. The prompt leaves out
//! everything the built-in scorer ignores for fairness (name, contact details, photos,
//! education years), see [`prompt`].

mod prompt;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::Deserialize;
use sha2::{Digest, Sha256};
use sourcer_core::Profile;
use tokio::sync::Semaphore;

use crate::analysis::{FitAnalysis, stars};
use crate::{Job, MatchError};

/// Where and how to call the model.
#[derive(Debug, Clone, PartialEq)]
pub struct LlmConfig {
    /// Base URL up to and excluding `/chat/completions` (`https://api.openai.com/v1`).
    pub base_url: String,
    pub model: String,
    /// Sent as `Authorization: Bearer <key>` when present.
    pub api_key: Option<String>,
    /// Per request, including reading the answer.
    pub timeout: Duration,
    pub max_concurrency: usize,
    /// How many of a batch's best candidates (by the built-in score) are re-scored.
    pub top_n: usize,
}

impl LlmConfig {
    /// A config with the defaults: 30 s timeout, 4 concurrent requests, top 25.
    pub fn new(base_url: impl Into<String>, model: impl Into<String>) -> LlmConfig {
        LlmConfig {
            base_url: base_url.into(),
            model: model.into(),
            api_key: None,
            timeout: Duration::from_secs(30),
            max_concurrency: 4,
            top_n: 25,
        }
    }
}

/// The model's verdict on one candidate, as the prompt asks for it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Verdict {
    fit_score: f64,
    recommendation: String,
    #[serde(default)]
    fit_points: Vec<String>,
    #[serde(default)]
    red_flags: Vec<String>,
}

type CacheKey = (String, String);

/// A configured provider; cheap to share behind an `Arc`.
pub struct LlmProvider {
    config: LlmConfig,
    name: String,
    client: reqwest::Client,
    permits: Arc<Semaphore>,
    cache: Mutex<HashMap<CacheKey, Verdict>>,
}

impl LlmProvider {
    /// A provider for `config`; refuses a base URL that is not http(s) and a concurrency of 0.
    pub fn new(config: LlmConfig) -> Result<LlmProvider, MatchError> {
        if config.max_concurrency == 0 {
            return Err(MatchError::Llm("max_concurrency must be at least 1".into()));
        }
        if !(config.base_url.starts_with("http://") || config.base_url.starts_with("https://")) {
            return Err(MatchError::Llm(format!(
                "base_url {:?} must start with http:// or https://",
                config.base_url
            )));
        }
        // reqwest is built without a bundled TLS provider and refuses to build a client,
        // even for plain http, until one is installed; an Err only means one already is.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(config.timeout)
            .build()
            .map_err(|e| MatchError::Llm(format!("building the HTTP client: {e}")))?;
        Ok(LlmProvider {
            name: format!("llm:{}", config.model),
            permits: Arc::new(Semaphore::new(config.max_concurrency)),
            cache: Mutex::new(HashMap::new()),
            client,
            config,
        })
    }

    /// `"llm:<model>"`, the value of `provider` on analyses this provider wrote.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Re-scores the best `top_n` of a batch. The batch is first put in built-in order
    /// (best first, ties by profile id); the top entries that the model answers for get its
    /// score, recommendation, fit points and red flags, keep the built-in highlights and
    /// signals, and are re-ordered among themselves by the new score. Entries it fails on
    /// keep their built-in analysis. Everything below the top keeps its order.
    pub async fn rescore(&self, job: &Job, batch: &mut [(&Profile, FitAnalysis)]) {
        batch.sort_by(|a, b| {
            a.1.rank_cmp(&b.1)
                .then_with(|| a.0.resolved_id().cmp(&b.0.resolved_id()))
        });
        let top = self.config.top_n.min(batch.len());
        let verdicts = futures::future::join_all(
            batch[..top]
                .iter()
                .map(|(profile, analysis)| self.verdict(job, profile, analysis)),
        )
        .await;
        for ((_, analysis), verdict) in batch[..top].iter_mut().zip(verdicts) {
            if let Some(v) = verdict {
                self.apply(analysis, v);
            }
        }
        batch[..top].sort_by(|a, b| a.1.rank_cmp(&b.1));
    }

    fn apply(&self, analysis: &mut FitAnalysis, v: Verdict) {
        let fit = v.fit_score.round().clamp(0.0, 100.0) as u8;
        let (final_score, star_label) = stars(fit);
        analysis.fit_score = fit;
        analysis.final_score = final_score;
        analysis.star_label = star_label;
        analysis.exact_score = v.fit_score as f32;
        analysis.recommendation = v.recommendation;
        analysis.fit_points = v.fit_points;
        analysis.red_flags = v.red_flags;
        analysis.provider = self.name.clone();
    }

    async fn verdict(
        &self,
        job: &Job,
        profile: &Profile,
        analysis: &FitAnalysis,
    ) -> Option<Verdict> {
        let key = (job.fingerprint().to_string(), profile_key(profile));
        if let Some(hit) = self.cached(&key) {
            return Some(hit);
        }
        let _permit = self.permits.acquire().await.ok()?;
        let call = self.ask(job, profile, analysis);
        let result = match tokio::time::timeout(self.config.timeout, call).await {
            Ok(result) => result,
            Err(_) => Err(format!("no answer within {:?}", self.config.timeout)),
        };
        match result {
            Ok(verdict) => {
                if let Ok(mut cache) = self.cache.lock() {
                    cache.insert(key, verdict.clone());
                }
                Some(verdict)
            }
            Err(reason) => {
                tracing::warn!(
                    profile.id = %key.1,
                    model = %self.config.model,
                    "llm scoring failed, keeping the built-in analysis: {reason}"
                );
                None
            }
        }
    }

    fn cached(&self, key: &CacheKey) -> Option<Verdict> {
        self.cache.lock().ok()?.get(key).cloned()
    }

    async fn ask(
        &self,
        job: &Job,
        profile: &Profile,
        analysis: &FitAnalysis,
    ) -> Result<Verdict, String> {
        let url = format!(
            "{}/chat/completions",
            self.config.base_url.trim_end_matches('/')
        );
        let body = serde_json::json!({
            "model": self.config.model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [
                {"role": "system", "content": prompt::SYSTEM},
                {"role": "user", "content": prompt::user_message(job, profile, analysis)},
            ],
        });
        let mut request = self.client.post(url).json(&body);
        if let Some(key) = &self.config.api_key {
            request = request.bearer_auth(key);
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("request failed: {e}"))?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("HTTP {status}"));
        }
        let completion: serde_json::Value = response
            .json()
            .await
            .map_err(|e| format!("unreadable completion: {e}"))?;
        let content = completion["choices"][0]["message"]["content"]
            .as_str()
            .ok_or("the completion has no choices[0].message.content")?;
        parse_verdict(content)
    }
}

/// A profile's cache identity: its id and a digest of its content, so an edited profile is
/// asked about again.
fn profile_key(profile: &Profile) -> String {
    let digest = Sha256::digest(profile.canonical_json().as_bytes());
    format!("{}:{}", profile.resolved_id(), hex::encode(&digest[..12]))
}

/// Reads the model's answer: a JSON object, possibly inside a Markdown code fence.
fn parse_verdict(content: &str) -> Result<Verdict, String> {
    let text = content.trim();
    let text = text
        .strip_prefix("```json")
        .or_else(|| text.strip_prefix("```"))
        .map_or(text, |t| t.trim_end().trim_end_matches("```"))
        .trim();
    let v: Verdict = serde_json::from_str(text).map_err(|e| format!("malformed answer: {e}"))?;
    if !(0.0..=100.0).contains(&v.fit_score) {
        return Err(format!("fitScore {} is outside 0-100", v.fit_score));
    }
    if v.recommendation.trim().is_empty() {
        return Err("empty recommendation".into());
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_with_or_without_a_code_fence() {
        let plain =
            r#"{"fitScore": 81, "recommendation": "Good", "fitPoints": ["a"], "redFlags": []}"#;
        assert_eq!(parse_verdict(plain).unwrap().fit_score, 81.0);
        let fenced = format!("```json\n{plain}\n```");
        assert_eq!(parse_verdict(&fenced).unwrap().fit_points, vec!["a"]);
        assert!(parse_verdict(r#"{"fitScore": 140, "recommendation": "x"}"#).is_err());
        assert!(parse_verdict("I think they are great").is_err());
    }
}
