//! The relaxation ladder: how a query is loosened, one documented step at a time, when too
//! few people match and the caller allows a fallback.
//!
//! Steps, in order (each applies on top of the previous ones, and only when it changes the
//! query). The order keeps what a recruiter is least willing to give up (the role, the
//! location, the must-have skills) for last:
//! 1. `drop_firmographics`: drop positive company filters (type, HQ, industries, headcount,
//!    funding, revenue, founding year).
//! 2. `widen_years`: widen `years_of_experience_raw` by 2 years on each side.
//! 3. `drop_seniority`: drop seniority-level conditions (the scorer still weighs seniority;
//!    many profiles do not state one).
//! 4. `widen_radius`: double `geo_distance` (at most 1000 km).
//! 5. `widen_titles`: title conditions on current employers also accept past employers
//!    (someone who held the title before).
//! 6. `demote_mandatory_skills`: mandatory skills become core skills.
//! 7. `widen_region`: `region` places become their country (the last component of
//!    "City, State, Country"), matched against the profile's region or country (as
//!    `country_region`), and `geo_distance` is dropped.
//! 8. `drop_titles`: drop title conditions (the scorer still ranks by title relevance).
//! 9. `drop_years`: drop the `years_of_experience_raw` range (the scorer still weighs it).
//! 10. `drop_location`: only when `search_other_regions` is true: drop `region`,
//!     `country_region` and `geo_distance`.

use serde::Serialize;

use super::{Distance, EmployerField, FilterKey, Op, ProfileField, Query, Scope, Values};

/// One rung of the ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelaxationStep {
    DropFirmographics,
    WidenYears,
    DropSeniority,
    WidenRadius,
    WidenTitles,
    DemoteMandatorySkills,
    WidenRegion,
    DropTitles,
    DropYears,
    DropLocation,
}

/// A step that was applied, and the keys it changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relaxation {
    pub step: RelaxationStep,
    pub keys: Vec<String>,
}

impl RelaxationStep {
    pub const LADDER: [RelaxationStep; 10] = [
        RelaxationStep::DropFirmographics,
        RelaxationStep::WidenYears,
        RelaxationStep::DropSeniority,
        RelaxationStep::WidenRadius,
        RelaxationStep::WidenTitles,
        RelaxationStep::DemoteMandatorySkills,
        RelaxationStep::WidenRegion,
        RelaxationStep::DropTitles,
        RelaxationStep::DropYears,
        RelaxationStep::DropLocation,
    ];
}

impl Query {
    /// Applies one step; `None` when the step would not change this query.
    pub fn relax(&self, step: RelaxationStep) -> Option<(Query, Relaxation)> {
        let mut next = self.clone();
        let keys = match step {
            RelaxationStep::DropFirmographics => next.drop_conditions(
                |key| matches!(key, FilterKey::Employer(_, field) if field.is_firmographic()),
            ),
            RelaxationStep::WidenYears => next.widen_years(),
            RelaxationStep::DropSeniority => next.drop_conditions(|key| {
                matches!(key, FilterKey::Employer(_, EmployerField::SeniorityLevel))
            }),
            RelaxationStep::DropYears => next
                .drop_conditions(|key| key == FilterKey::Profile(ProfileField::YearsOfExperience)),
            RelaxationStep::WidenRadius => next.widen_radius(),
            RelaxationStep::WidenTitles => next.widen_titles(),
            RelaxationStep::WidenRegion => next.widen_region(),
            RelaxationStep::DropTitles => next
                .drop_conditions(|key| matches!(key, FilterKey::Employer(_, EmployerField::Title))),
            RelaxationStep::DemoteMandatorySkills => {
                if next.skills.mandatory.is_empty() {
                    vec![]
                } else {
                    let mut demoted = std::mem::take(&mut next.skills.mandatory);
                    demoted.append(&mut next.skills.core);
                    next.skills.core = demoted;
                    vec!["skills.mandatory".to_string()]
                }
            }
            RelaxationStep::DropLocation if self.search_other_regions == Some(true) => {
                let mut keys = next.drop_conditions(|key| {
                    matches!(
                        key,
                        FilterKey::Profile(ProfileField::Region | ProfileField::CountryRegion)
                    )
                });
                if next.geo_distance.take().is_some() {
                    keys.push("geo_distance".into());
                }
                keys
            }
            RelaxationStep::DropLocation => vec![],
        };
        (!keys.is_empty()).then_some((next, Relaxation { step, keys }))
    }

    /// True when some step after `last` (or any step, for `None`) would still change the
    /// query: false means the ladder is used up.
    pub fn can_relax_after(&self, last: Option<RelaxationStep>) -> bool {
        let start = last.map_or(0, |l| {
            RelaxationStep::LADDER
                .iter()
                .position(|s| *s == l)
                .map_or(0, |i| i + 1)
        });
        RelaxationStep::LADDER[start..]
            .iter()
            .any(|step| self.relax(*step).is_some())
    }

    fn drop_conditions(&mut self, drop: impl Fn(FilterKey) -> bool) -> Vec<String> {
        let mut keys = Vec::new();
        self.conditions.retain(|c| {
            let dropped = !c.op.is_negated() && drop(c.key);
            if dropped {
                keys.push(c.key.to_string());
            }
            !dropped
        });
        keys
    }

    fn widen_years(&mut self) -> Vec<String> {
        let key = FilterKey::Profile(ProfileField::YearsOfExperience);
        let mut keys = Vec::new();
        for c in self.conditions.iter_mut().filter(|c| c.key == key) {
            if let Values::Range { min, max } = &mut c.values {
                *min = min.map(|m| (m - 2.0).max(0.0));
                *max = max.map(|m| m + 2.0);
                keys.push(key.to_string());
            }
        }
        keys
    }

    fn widen_titles(&mut self) -> Vec<String> {
        let mut keys = Vec::new();
        for c in &mut self.conditions {
            if let FilterKey::Employer(Scope::Current, EmployerField::Title) = c.key
                && !c.op.is_negated()
            {
                keys.push(c.key.to_string());
                c.key = FilterKey::Employer(Scope::All, EmployerField::Title);
            }
        }
        keys
    }

    fn widen_region(&mut self) -> Vec<String> {
        let key = FilterKey::Profile(ProfileField::Region);
        let country_region = FilterKey::Profile(ProfileField::CountryRegion);
        let mut keys = Vec::new();
        for c in self
            .conditions
            .iter_mut()
            .filter(|c| c.key == key && !c.op.is_negated())
        {
            let (Op::In | Op::Eq, Values::Texts(places)) = (c.op, &mut c.values) else {
                continue;
            };
            let mut countries: Vec<String> = Vec::new();
            for place in places.iter() {
                let country = place.rsplit(',').next().unwrap_or(place).trim().to_string();
                if !countries.contains(&country) {
                    countries.push(country);
                }
            }
            *places = countries;
            c.key = country_region;
            keys.push(key.to_string());
        }
        if !keys.is_empty() && self.geo_distance.take().is_some() {
            keys.push("geo_distance".into());
        }
        keys
    }

    fn widen_radius(&mut self) -> Vec<String> {
        match &self.geo_distance {
            Some(d) if d.km < Distance::MAX_KM => {
                let km = (d.km * 2.0).min(Distance::MAX_KM);
                self.geo_distance = Some(Distance {
                    label: format!("{km}_km"),
                    km,
                });
                vec!["geo_distance".into()]
            }
            _ => vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn query(value: serde_json::Value) -> Query {
        Query::parse(&value).unwrap()
    }

    #[test]
    fn each_step_reports_the_keys_it_changed() {
        let q = query(json!({
            "current_employers.title": {"type": "IN", "value": [".NET Developer"]},
            "current_employers.name": {"type": "NOT_IN", "value": ["Infosys"]},
            "funding_stage": {"type": "IN", "value": ["series_a"]},
            "years_of_experience_raw": {"type": "RANGE", "value": [1, 5]},
            "current_employers.seniority_level": {"type": "IN", "value": ["Senior"]},
            "region": {"type": "IN", "value": ["Pune, Maharashtra, India", "Mumbai, Maharashtra, India"]},
            "geo_distance": {"type": "=", "value": ["50_km"]},
            "skills": {"type": "IN", "value": {"mandatory": ["C#"], "core": ["SQL"]}}
        }));
        let mut current = q.clone();
        let mut applied = Vec::new();
        for step in RelaxationStep::LADDER {
            if let Some((next, relaxation)) = current.relax(step) {
                applied.push((relaxation.step, relaxation.keys));
                current = next;
            }
        }
        let steps: Vec<RelaxationStep> = applied.iter().map(|(s, _)| *s).collect();
        use RelaxationStep::*;
        assert_eq!(
            steps,
            vec![
                DropFirmographics,
                WidenYears,
                DropSeniority,
                WidenRadius,
                WidenTitles,
                DemoteMandatorySkills,
                WidenRegion,
                DropTitles,
                DropYears
            ],
            "drop_location needs search_other_regions"
        );
        assert_eq!(applied[0].1, vec!["current_employers.funding_stage"]);
        assert_eq!(applied[2].1, vec!["current_employers.seniority_level"]);
        assert_eq!(applied[4].1, vec!["current_employers.title"]);
        assert_eq!(applied[6].1, vec!["region", "geo_distance"]);
        assert_eq!(applied[8].1, vec!["years_of_experience_raw"]);
        let region = FilterKey::Profile(ProfileField::Region);
        assert_eq!(current.conditions_on(region).count(), 0);
        let country_region = FilterKey::Profile(ProfileField::CountryRegion);
        let Values::Texts(places) = &current.conditions_on(country_region).next().unwrap().values
        else {
            panic!("the places become their countries");
        };
        assert_eq!(places, &vec!["India".to_string()]);
        assert_eq!(current.skills.core, vec!["C#", "SQL"]);
        let negation = FilterKey::Employer(Scope::Current, EmployerField::Name);
        assert_eq!(
            current.conditions_on(negation).count(),
            1,
            "exclusions are never relaxed"
        );
        assert!(!current.can_relax_after(applied.last().map(|(s, _)| *s)));
        assert!(q.can_relax_after(None));
    }
}
