//! API keys: issuing them and checking a presented key.
//!
//! A key reads `fjk_<key id>_<secret>`: a 12-character public id the store indexes and a
//! 32-character random secret (base62, about 190 bits). Only the SHA-256 of the whole key is
//! stored; the key itself is shown once. Keys are high-entropy, so a fast hash is the right
//! tool (a password hash would only add latency to every request).

use rand::Rng;
use sha2::{Digest, Sha256};
use sourcer_store::{ApiKey, NewApiKey, Project, Store, Workspace};
use subtle::ConstantTimeEq;

const PREFIX: &str = "fjk_";
const ID_LEN: usize = 12;
const SECRET_LEN: usize = 32;
const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A freshly issued key; `key` is never stored and cannot be shown again.
pub struct IssuedKey {
    pub key: String,
    pub record: ApiKey,
    pub workspace: Workspace,
    pub project: Project,
}

fn random_text(len: usize, alphabet: &[u8]) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| alphabet[rng.random_range(0..alphabet.len())] as char)
        .collect()
}

fn hash_key(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

/// Creates the workspace and project if needed, then a key for the project.
pub async fn issue_key(
    store: &dyn Store,
    workspace: &str,
    project: &str,
) -> anyhow::Result<IssuedKey> {
    let (workspace, project) = store.ensure_project(workspace, project).await?;
    let key_id = random_text(ID_LEN, &ALPHABET[..36]).to_lowercase();
    let secret = random_text(SECRET_LEN, ALPHABET);
    let key = format!("{PREFIX}{key_id}_{secret}");
    let record = store
        .create_api_key(NewApiKey {
            key_id,
            project_id: project.id,
            secret_hash: hash_key(&key),
            last4: secret[SECRET_LEN - 4..].to_string(),
            name: None,
        })
        .await?;
    Ok(IssuedKey {
        key,
        record,
        workspace,
        project,
    })
}

/// The active key a presented string authenticates as; `None` for anything else (malformed,
/// unknown, wrong secret or revoked), so every failure looks the same to the caller.
pub async fn authenticate(store: &dyn Store, presented: &str) -> anyhow::Result<Option<ApiKey>> {
    let presented = presented.trim();
    let Some(key_id) = presented
        .strip_prefix(PREFIX)
        .and_then(|rest| rest.split_once('_'))
        .map(|(id, _)| id)
        .filter(|id| id.len() == ID_LEN && id.bytes().all(|b| b.is_ascii_alphanumeric()))
    else {
        return Ok(None);
    };
    let Some(record) = store.find_api_key(key_id).await? else {
        return Ok(None);
    };
    let matches: bool = hash_key(presented).ct_eq(&record.secret_hash).into();
    Ok((matches && record.is_active()).then_some(record))
}

/// `fjk_abcd…wxyz`: enough to recognise a key in a listing.
pub fn masked(key_id: &str, last4: &str) -> String {
    format!("{PREFIX}{key_id}_…{last4}")
}
