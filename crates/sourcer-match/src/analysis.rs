//! The result of scoring one candidate for one job, in the field names the two vendor APIs
//! use: FutureJobs (`fitScore`, `finalScore`, `highlights[]` with `Category`/`Highlight`/
//! `Icon`, `recommendation`, `starLabel`) and InstaView (`fitPoints`, `redFlags`).

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

/// The provider name of the built-in scorer.
pub const BUILTIN_PROVIDER: &str = "sourcer";

/// A candidate's fit for a job, with the evidence behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FitAnalysis {
    /// 0-100.
    pub fit_score: u8,
    /// 1-5 stars, derived from `fit_score` ([`stars`]).
    pub final_score: u8,
    pub star_label: StarLabel,
    /// One line: the verdict and its main reasons.
    pub recommendation: String,
    pub highlights: Vec<Highlight>,
    /// What speaks for the candidate, each citing its evidence.
    pub fit_points: Vec<String>,
    /// What speaks against, each citing its evidence.
    pub red_flags: Vec<String>,
    /// The weighted breakdown the score is computed from.
    pub signals: Vec<Signal>,
    /// Who scored: `"sourcer"` or `"llm:<model>"`.
    pub provider: String,
    /// The unrounded score, so that ties in `fit_score` still order deterministically.
    pub exact_score: f32,
}

impl FitAnalysis {
    /// Session order: higher exact score first. Callers break remaining ties by profile id.
    pub fn rank_cmp(&self, other: &FitAnalysis) -> Ordering {
        other.exact_score.total_cmp(&self.exact_score)
    }

    /// The FutureJobs `profileAnalysis` object (F4/F8): highlights, recommendation, and the
    /// star rating that mirrors `finalScore`.
    pub fn fj_profile_analysis(&self) -> serde_json::Value {
        serde_json::json!({
            "highlights": self.highlights,
            "recommendation": self.recommendation,
            "starRating": self.final_score,
            "starLabel": self.star_label,
        })
    }

    /// The InstaView scoring fields of a full candidate (I4).
    pub fn instaview_fields(&self) -> serde_json::Value {
        serde_json::json!({
            "matchScore": self.fit_score,
            "rationale": self.recommendation,
            "aiFitPoints": self.fit_points,
            "aiRedFlags": self.red_flags,
        })
    }
}

/// The words that go with a star rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StarLabel {
    Poor,
    Weak,
    Fair,
    Good,
    Excellent,
}

impl StarLabel {
    /// The label as serialised ("excellent").
    pub fn as_str(self) -> &'static str {
        match self {
            StarLabel::Poor => "poor",
            StarLabel::Weak => "weak",
            StarLabel::Fair => "fair",
            StarLabel::Good => "good",
            StarLabel::Excellent => "excellent",
        }
    }
}

/// Lowest fit score of each star rating from 2 to 5 (docs/scoring.md).
pub const STAR_THRESHOLDS: [u8; 4] = [35, 50, 65, 80];

/// Stars (1-5) and their label for a fit score.
pub fn stars(fit_score: u8) -> (u8, StarLabel) {
    let stars = 1 + STAR_THRESHOLDS.iter().filter(|&&t| fit_score >= t).count() as u8;
    let label = match stars {
        5 => StarLabel::Excellent,
        4 => StarLabel::Good,
        3 => StarLabel::Fair,
        2 => StarLabel::Weak,
        _ => StarLabel::Poor,
    };
    (stars, label)
}

/// One FutureJobs highlight. The capitalised keys are the vendor's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Highlight {
    pub category: String,
    pub highlight: String,
    pub icon: String,
}

/// What a signal measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignalKind {
    MandatorySkills,
    CoreSkills,
    SecondarySkills,
    DescriptionSkills,
    TitleRelevance,
    YearsOfExperience,
    Seniority,
    Location,
    RelevantExperience,
    CareerProgression,
    Tenure,
}

/// One weighted component of the score. Only signals the job gives a basis for appear
/// (no years range, no years signal); their weights are renormalised to sum to 100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Signal {
    pub kind: SignalKind,
    /// Nominal weight (docs/scoring.md).
    pub weight: f32,
    /// 0-1: how well the candidate does on this signal.
    pub score: f32,
    /// Points this signal adds to the 0-100 score before penalties and caps.
    pub points: f32,
    /// The facts the score rests on.
    pub evidence: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn star_thresholds_map_scores_to_ratings() {
        assert_eq!(stars(0), (1, StarLabel::Poor));
        assert_eq!(stars(34), (1, StarLabel::Poor));
        assert_eq!(stars(35), (2, StarLabel::Weak));
        assert_eq!(stars(64), (3, StarLabel::Fair));
        assert_eq!(stars(65), (4, StarLabel::Good));
        assert_eq!(stars(100), (5, StarLabel::Excellent));
    }

    #[test]
    fn highlights_serialise_with_the_vendor_capitalisation() {
        let h = Highlight {
            category: "SKILLS".into(),
            highlight: "C#".into(),
            icon: "BULB".into(),
        };
        assert_eq!(
            serde_json::to_string(&h).unwrap(),
            r#"{"Category":"SKILLS","Highlight":"C#","Icon":"BULB"}"#
        );
    }
}
