//! The evaluation formats of `sourcer eval` and its report.
//!
//! - A job line: `{"job_id", "sessionTitle", "jdDetail": {"userText"}, "queries"}`.
//! - A label line: `{"job_id", "profile_id", "label"}` with label 0 (no fit) to 3
//!   (excellent); `profile_id` is the profile's `id` field.
//!
//! The CLI runs each job through the real pipeline and hands the ranked profile ids to
//! [`EvalReport::from_rankings`], which prints NDCG@10, P@10, and recall of relevant
//! profiles (label >= 2) in the first 25 and 100, per job and overall (the mean over jobs
//! where the metric is defined).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use sourcer_core::Query;

use crate::metrics::{RELEVANT, ndcg_at, precision_at, recall_at};
use crate::{Job, MatchError};

/// The JD part of a job line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct JdDetail {
    #[serde(rename = "userText", default)]
    pub user_text: String,
}

/// One job of an evaluation set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalJob {
    pub job_id: String,
    #[serde(rename = "sessionTitle", default)]
    pub session_title: String,
    #[serde(rename = "jdDetail", default)]
    pub jd_detail: JdDetail,
    pub queries: serde_json::Value,
    /// Session nuances, when the set uses them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub nuances: Vec<String>,
}

impl EvalJob {
    /// The job's `queries`, parsed.
    pub fn query(&self) -> Result<Query, MatchError> {
        Query::parse(&self.queries).map_err(MatchError::InvalidQuery)
    }

    /// The job prepared for scoring.
    pub fn job(&self) -> Result<Job, MatchError> {
        Job::new(
            &self.session_title,
            &self.jd_detail.user_text,
            &self.query()?,
            &self.nuances,
        )
    }
}

/// One label line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelLine {
    pub job_id: String,
    pub profile_id: String,
    pub label: u8,
}

/// Parses a JSON Lines file; blank lines are skipped. `file` names it in errors.
pub fn read_jsonl<T: for<'de> Deserialize<'de>>(
    text: &str,
    file: &str,
) -> Result<Vec<T>, MatchError> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| MatchError::BadLine {
                file: file.to_string(),
                line: i + 1,
                message: e.to_string(),
            })
        })
        .collect()
}

/// Labels by job, then by profile id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Labels {
    by_job: BTreeMap<String, BTreeMap<String, u8>>,
}

impl Labels {
    /// Parses a labels file, refusing labels above 3.
    pub fn from_jsonl(text: &str, file: &str) -> Result<Labels, MatchError> {
        let mut labels = Labels::default();
        for (i, raw) in text.lines().enumerate() {
            if raw.trim().is_empty() {
                continue;
            }
            let bad = |message: String| MatchError::BadLine {
                file: file.to_string(),
                line: i + 1,
                message,
            };
            let line: LabelLine = serde_json::from_str(raw).map_err(|e| bad(e.to_string()))?;
            if line.label > 3 {
                return Err(bad(format!("label {} is outside 0-3", line.label)));
            }
            labels
                .by_job
                .entry(line.job_id)
                .or_default()
                .insert(line.profile_id, line.label);
        }
        Ok(labels)
    }

    /// A profile's label for a job; unjudged profiles are 0.
    pub fn label(&self, job_id: &str, profile_id: &str) -> u8 {
        self.by_job
            .get(job_id)
            .and_then(|m| m.get(profile_id))
            .copied()
            .unwrap_or(0)
    }

    /// Every judged label of a job.
    pub fn judged(&self, job_id: &str) -> Vec<u8> {
        self.by_job
            .get(job_id)
            .map(|m| m.values().copied().collect())
            .unwrap_or_default()
    }
}

/// Metrics of one job.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JobMetrics {
    pub job_id: String,
    pub ndcg_at_10: Option<f64>,
    pub precision_at_10: f64,
    pub recall_at_25: Option<f64>,
    pub recall_at_100: Option<f64>,
    /// Profiles the pipeline returned.
    pub returned: usize,
    /// Judged profiles with label >= 2.
    pub relevant: usize,
}

/// Means over the jobs where each metric is defined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overall {
    pub jobs: usize,
    pub ndcg_at_10: Option<f64>,
    pub precision_at_10: Option<f64>,
    pub recall_at_25: Option<f64>,
    pub recall_at_100: Option<f64>,
}

/// Per-job and overall metrics; `Serialize` gives the `--json` form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    pub jobs: Vec<JobMetrics>,
    pub overall: Overall,
}

fn mean(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let defined: Vec<f64> = values.flatten().collect();
    (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64)
}

impl EvalReport {
    /// Scores rankings: for each job, its profile ids in result order.
    pub fn from_rankings(labels: &Labels, rankings: &[(String, Vec<String>)]) -> EvalReport {
        let jobs: Vec<JobMetrics> = rankings
            .iter()
            .map(|(job_id, ranked_ids)| {
                let ranked: Vec<u8> = ranked_ids.iter().map(|p| labels.label(job_id, p)).collect();
                let judged = labels.judged(job_id);
                let relevant = judged.iter().filter(|&&l| l >= RELEVANT).count();
                JobMetrics {
                    job_id: job_id.clone(),
                    ndcg_at_10: ndcg_at(&ranked, &judged, 10),
                    precision_at_10: precision_at(&ranked, 10),
                    recall_at_25: recall_at(&ranked, relevant, 25),
                    recall_at_100: recall_at(&ranked, relevant, 100),
                    returned: ranked.len(),
                    relevant,
                }
            })
            .collect();
        let overall = Overall {
            jobs: jobs.len(),
            ndcg_at_10: mean(jobs.iter().map(|j| j.ndcg_at_10)),
            precision_at_10: mean(jobs.iter().map(|j| Some(j.precision_at_10))),
            recall_at_25: mean(jobs.iter().map(|j| j.recall_at_25)),
            recall_at_100: mean(jobs.iter().map(|j| j.recall_at_100)),
        };
        EvalReport { jobs, overall }
    }

    /// A plain-text table, one row per job and one for the overall means.
    pub fn to_text(&self) -> String {
        let cell = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"));
        let mut out = format!(
            "{:<24} {:>8} {:>6} {:>10} {:>11} {:>8} {:>8}\n",
            "job", "NDCG@10", "P@10", "Recall@25", "Recall@100", "returned", "relevant"
        );
        for j in &self.jobs {
            let _ = writeln!(
                out,
                "{:<24} {:>8} {:>6} {:>10} {:>11} {:>8} {:>8}",
                j.job_id,
                cell(j.ndcg_at_10),
                cell(Some(j.precision_at_10)),
                cell(j.recall_at_25),
                cell(j.recall_at_100),
                j.returned,
                j.relevant
            );
        }
        let o = &self.overall;
        let _ = writeln!(
            out,
            "{:<24} {:>8} {:>6} {:>10} {:>11}",
            format!("overall ({} jobs)", o.jobs),
            cell(o.ndcg_at_10),
            cell(o.precision_at_10),
            cell(o.recall_at_25),
            cell(o.recall_at_100)
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_per_job_and_overall_metrics() {
        let labels = Labels::from_jsonl(
            "{\"job_id\":\"a\",\"profile_id\":\"p1\",\"label\":3}\n\
             {\"job_id\":\"a\",\"profile_id\":\"p2\",\"label\":0}\n\
             \n\
             {\"job_id\":\"b\",\"profile_id\":\"q1\",\"label\":2}\n",
            "labels.jsonl",
        )
        .unwrap();
        let report = EvalReport::from_rankings(
            &labels,
            &[
                ("a".into(), vec!["p1".into(), "p2".into()]),
                ("b".into(), vec!["zz".into(), "q1".into()]),
            ],
        );
        assert_eq!(report.jobs[0].ndcg_at_10, Some(1.0));
        assert_eq!(report.jobs[1].recall_at_25, Some(1.0));
        assert_eq!(report.jobs[1].precision_at_10, 0.1);
        let b = 1.0 / 3f64.log2();
        assert!((report.overall.ndcg_at_10.unwrap() - (1.0 + b) / 2.0).abs() < 1e-12);
        assert!(report.to_text().contains("overall (2 jobs)"));
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["jobs"][0]["job_id"], "a");
    }

    #[test]
    fn bad_lines_name_their_file_and_line() {
        let err = Labels::from_jsonl(
            "{\"job_id\":\"a\",\"profile_id\":\"p\",\"label\":1}\n{\"job_id\":\"a\",\"profile_id\":\"p\",\"label\":7}",
            "l.jsonl",
        )
        .unwrap_err();
        assert!(err.to_string().contains("l.jsonl line 2"), "{err}");
        let err = read_jsonl::<EvalJob>("{\"job_id\": 5}", "jobs.jsonl").unwrap_err();
        assert!(err.to_string().starts_with("jobs.jsonl line 1"), "{err}");
    }
}
