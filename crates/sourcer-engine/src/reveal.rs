//! Contact reveal (F7): find the person by LinkedIn URL, charge once per workspace and
//! contact type, return the values. A person without that contact type is a 404 and costs
//! nothing; revealing again in the same workspace is free.

use sourcer_core::linkedin::parse_profile_url;
use sourcer_core::{ObjectId, Profile};
use sourcer_store::{ApiKey, ContactKind};

use crate::engine::Engine;
use crate::error::{EngineError, EngineResult, not_found};

/// What a reveal returned.
#[derive(Debug, Clone)]
pub struct Revealed {
    pub kind: ContactKind,
    pub values: Vec<String>,
    /// False when the workspace had already paid for this contact.
    pub charged: bool,
    pub amount: i64,
    pub remaining_credits: i64,
}

impl Engine {
    /// Reveals one contact type of the person at `linkedin_url`, within a session of the
    /// caller's workspace.
    pub async fn reveal_contact(
        &self,
        caller: &ApiKey,
        session_id: ObjectId,
        linkedin_url: &str,
        kind: ContactKind,
    ) -> EngineResult<Revealed> {
        self.get_session(caller, session_id).await?;
        let key = parse_profile_url(linkedin_url).map_err(|e| {
            EngineError::InvalidLinkedinUrl(
                e.to_string().replace("Invalid LinkedIn profile URL: ", ""),
            )
        })?;
        let stored = self
            .store
            .find_profile_by_linkedin_key(&key)
            .await?
            .ok_or_else(|| {
                EngineError::NotFound("No profile found for this LinkedIn URL".into())
            })?;
        let profile: Profile = serde_json::from_str(&stored.data)
            .map_err(|e| EngineError::Internal(anyhow::Error::new(e).context("stored profile")))?;
        let values = match kind {
            ContactKind::Email => profile.emails,
            ContactKind::Phone => profile.phones,
        };
        if values.is_empty() {
            return Err(EngineError::NotFound(match kind {
                ContactKind::Email => "No email found for this profile".into(),
                ContactKind::Phone => "No phone found for this profile".into(),
            }));
        }
        let cost = match kind {
            ContactKind::Email => self.config.prices.reveal_email,
            ContactKind::Phone => self.config.prices.reveal_phone,
        };
        let outcome = self
            .store
            .reveal_contact(caller.workspace_id, stored.pid, kind, cost)
            .await
            .map_err(not_found("Profile"))?;
        Ok(Revealed {
            kind,
            values,
            charged: outcome.newly_revealed,
            amount: outcome.charged,
            remaining_credits: outcome.balance.available,
        })
    }
}
