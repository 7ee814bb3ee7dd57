//! Filter keys: the table of every key the sourcing API accepts, what kind of value each
//! holds and which operators it allows.

use std::fmt;

use serde::Serialize;

use super::Op;

/// Which employer records a condition looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Scope {
    /// `current_employers.*`: jobs without an end date.
    Current,
    /// `past_employers.*`: jobs with an end date.
    Past,
    /// `all_employers.*`: both lists.
    All,
}

impl Scope {
    pub const ALL: [Scope; 3] = [Scope::Current, Scope::Past, Scope::All];

    pub fn prefix(self) -> &'static str {
        match self {
            Scope::Current => "current_employers",
            Scope::Past => "past_employers",
            Scope::All => "all_employers",
        }
    }
}

/// A field of an employer record that can be filtered on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum EmployerField {
    Title,
    Name,
    Description,
    FunctionCategory,
    SeniorityLevel,
    EmploymentType,
    CompanyType,
    CompanyHqLocation,
    CompanyIndustries,
    CompanyHeadcountRange,
    CompanyHeadcountLatest,
    YearsAtCompany,
    FundingStage,
    HeadcountGrowth,
    AnnualRevenue,
    TotalFunding,
    YearFounded,
    RecentlyFunded,
}

impl EmployerField {
    pub const ALL: [EmployerField; 18] = [
        EmployerField::Title,
        EmployerField::Name,
        EmployerField::Description,
        EmployerField::FunctionCategory,
        EmployerField::SeniorityLevel,
        EmployerField::EmploymentType,
        EmployerField::CompanyType,
        EmployerField::CompanyHqLocation,
        EmployerField::CompanyIndustries,
        EmployerField::CompanyHeadcountRange,
        EmployerField::CompanyHeadcountLatest,
        EmployerField::YearsAtCompany,
        EmployerField::FundingStage,
        EmployerField::HeadcountGrowth,
        EmployerField::AnnualRevenue,
        EmployerField::TotalFunding,
        EmployerField::YearFounded,
        EmployerField::RecentlyFunded,
    ];

    pub fn name(self) -> &'static str {
        match self {
            EmployerField::Title => "title",
            EmployerField::Name => "name",
            EmployerField::Description => "description",
            EmployerField::FunctionCategory => "function_category",
            EmployerField::SeniorityLevel => "seniority_level",
            EmployerField::EmploymentType => "employment_type",
            EmployerField::CompanyType => "company_type",
            EmployerField::CompanyHqLocation => "company_hq_location",
            EmployerField::CompanyIndustries => "company_industries",
            EmployerField::CompanyHeadcountRange => "company_headcount_range",
            EmployerField::CompanyHeadcountLatest => "company_headcount_latest",
            EmployerField::YearsAtCompany => "years_at_company",
            EmployerField::FundingStage => "funding_stage",
            EmployerField::HeadcountGrowth => "headcount_growth",
            EmployerField::AnnualRevenue => "annual_revenue",
            EmployerField::TotalFunding => "total_funding",
            EmployerField::YearFounded => "year_founded",
            EmployerField::RecentlyFunded => "recently_funded",
        }
    }

    /// Company facts that also exist as top-level keys (`funding_stage`, ...), meaning the
    /// current employer.
    pub fn has_top_level_alias(self) -> bool {
        matches!(
            self,
            EmployerField::FundingStage
                | EmployerField::HeadcountGrowth
                | EmployerField::AnnualRevenue
                | EmployerField::TotalFunding
                | EmployerField::YearFounded
                | EmployerField::RecentlyFunded
        )
    }

    /// Firmographic fields describe the company rather than the person's role; the fallback
    /// ladder drops them first.
    pub fn is_firmographic(self) -> bool {
        match self {
            EmployerField::CompanyType
            | EmployerField::CompanyHqLocation
            | EmployerField::CompanyIndustries
            | EmployerField::CompanyHeadcountRange
            | EmployerField::CompanyHeadcountLatest
            | EmployerField::FundingStage
            | EmployerField::HeadcountGrowth
            | EmployerField::AnnualRevenue
            | EmployerField::TotalFunding
            | EmployerField::YearFounded
            | EmployerField::RecentlyFunded => true,
            EmployerField::Title
            | EmployerField::Name
            | EmployerField::Description
            | EmployerField::FunctionCategory
            | EmployerField::SeniorityLevel
            | EmployerField::EmploymentType
            | EmployerField::YearsAtCompany => false,
        }
    }

    pub fn kind(self) -> ValueKind {
        match self {
            EmployerField::Title | EmployerField::Name | EmployerField::CompanyIndustries => {
                ValueKind::Text
            }
            EmployerField::Description => ValueKind::LongText,
            EmployerField::CompanyHqLocation => ValueKind::Place,
            EmployerField::FunctionCategory
            | EmployerField::EmploymentType
            | EmployerField::CompanyType
            | EmployerField::FundingStage => ValueKind::Categorical(CategoricalKind::Generic),
            EmployerField::SeniorityLevel => ValueKind::Categorical(CategoricalKind::Seniority),
            EmployerField::CompanyHeadcountRange => {
                ValueKind::Categorical(CategoricalKind::HeadcountRange)
            }
            EmployerField::CompanyHeadcountLatest
            | EmployerField::HeadcountGrowth
            | EmployerField::YearFounded => ValueKind::Number,
            EmployerField::YearsAtCompany => ValueKind::Tenure,
            EmployerField::AnnualRevenue | EmployerField::TotalFunding => ValueKind::Money,
            EmployerField::RecentlyFunded => ValueKind::Recency,
        }
    }
}

/// A person-level field that can be filtered on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum ProfileField {
    /// `country_region`: the country, or any part of the region string.
    CountryRegion,
    /// `region`: a place; matches people located in it ("Maharashtra, India" contains
    /// "Pune, Maharashtra, India").
    Region,
    OpenToCards,
    Languages,
    YearsOfExperience,
    InstituteName,
    FieldOfStudy,
    DegreeName,
    CertificationName,
    HonorTitle,
}

impl ProfileField {
    pub const ALL: [ProfileField; 10] = [
        ProfileField::CountryRegion,
        ProfileField::Region,
        ProfileField::OpenToCards,
        ProfileField::Languages,
        ProfileField::YearsOfExperience,
        ProfileField::InstituteName,
        ProfileField::FieldOfStudy,
        ProfileField::DegreeName,
        ProfileField::CertificationName,
        ProfileField::HonorTitle,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ProfileField::CountryRegion => "country_region",
            ProfileField::Region => "region",
            ProfileField::OpenToCards => "open_to_cards",
            ProfileField::Languages => "languages",
            ProfileField::YearsOfExperience => "years_of_experience_raw",
            ProfileField::InstituteName => "education_background.institute_name",
            ProfileField::FieldOfStudy => "education_background.field_of_study",
            ProfileField::DegreeName => "education_background.degree_name",
            ProfileField::CertificationName => "certifications.name",
            ProfileField::HonorTitle => "honors.title",
        }
    }

    pub fn kind(self) -> ValueKind {
        match self {
            ProfileField::CountryRegion | ProfileField::Region => ValueKind::Place,
            ProfileField::OpenToCards | ProfileField::Languages => {
                ValueKind::Categorical(CategoricalKind::Generic)
            }
            ProfileField::YearsOfExperience => ValueKind::Number,
            ProfileField::InstituteName
            | ProfileField::FieldOfStudy
            | ProfileField::CertificationName
            | ProfileField::HonorTitle => ValueKind::Text,
            ProfileField::DegreeName => ValueKind::Categorical(CategoricalKind::Degree),
        }
    }
}

/// Any filterable field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum FilterKey {
    Profile(ProfileField),
    Employer(Scope, EmployerField),
}

impl FilterKey {
    pub fn kind(self) -> ValueKind {
        match self {
            FilterKey::Profile(f) => f.kind(),
            FilterKey::Employer(_, f) => f.kind(),
        }
    }

    /// Parses a key as clients write it; top-level company keys mean the current employer.
    pub fn parse(key: &str) -> Option<FilterKey> {
        if let Some(f) = ProfileField::ALL.into_iter().find(|f| f.key() == key) {
            return Some(FilterKey::Profile(f));
        }
        if let Some((prefix, field)) = key.split_once('.') {
            let scope = Scope::ALL.into_iter().find(|s| s.prefix() == prefix)?;
            let field = EmployerField::ALL.into_iter().find(|f| f.name() == field)?;
            return Some(FilterKey::Employer(scope, field));
        }
        let field = EmployerField::ALL.into_iter().find(|f| f.name() == key)?;
        field
            .has_top_level_alias()
            .then_some(FilterKey::Employer(Scope::Current, field))
    }

    /// Every accepted key, in the order documented in docs/queries.md.
    pub fn all_key_names() -> Vec<String> {
        let mut keys: Vec<String> = ProfileField::ALL
            .iter()
            .map(|f| f.key().to_string())
            .collect();
        keys.extend(SPECIAL_KEYS.iter().map(|k| k.to_string()));
        for scope in Scope::ALL {
            for field in EmployerField::ALL {
                keys.push(format!("{}.{}", scope.prefix(), field.name()));
            }
        }
        keys.extend(
            EmployerField::ALL
                .iter()
                .filter(|f| f.has_top_level_alias())
                .map(|f| f.name().into()),
        );
        keys
    }
}

/// Keys that are not conditions on a field: they shape the search.
pub const SPECIAL_KEYS: [&str; 4] = [
    "skills",
    "geo_distance",
    "allowFallback",
    "search_other_regions",
];

impl fmt::Display for FilterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FilterKey::Profile(p) => f.write_str(p.key()),
            FilterKey::Employer(scope, field) => write!(f, "{}.{}", scope.prefix(), field.name()),
        }
    }
}

/// How a field's values are compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ValueKind {
    /// Free text: `IN` matches a phrase at word boundaries, `=` the whole value, `(.)` a
    /// case-insensitive regular expression or substring.
    Text,
    /// Long free text (employer descriptions): phrase matching only.
    LongText,
    /// A place written "City, State, Country": `IN` matches the place or anything inside it.
    Place,
    /// A closed vocabulary compared after normalisation.
    Categorical(CategoricalKind),
    /// A number compared with `RANGE [min, max]` (either bound may be null).
    Number,
    /// `years_at_company` labels ("1 to 2 years", ...), derived from dates.
    Tenure,
    /// USD buckets in millions ("1_10", "under_1", "over_500").
    Money,
    /// Funding recency ("3m", "6m", "12m", "24m").
    Recency,
}

/// Which normalisation a categorical field uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum CategoricalKind {
    Generic,
    Seniority,
    Degree,
    HeadcountRange,
}

impl ValueKind {
    pub fn allowed_ops(self) -> &'static [Op] {
        match self {
            ValueKind::Text | ValueKind::Place | ValueKind::Categorical(_) => {
                &[Op::In, Op::NotIn, Op::Eq, Op::Contains, Op::NotContains]
            }
            ValueKind::LongText => &[Op::In, Op::NotIn],
            ValueKind::Number => &[Op::Range],
            ValueKind::Tenure | ValueKind::Money | ValueKind::Recency => {
                &[Op::In, Op::NotIn, Op::Eq]
            }
        }
    }
}
