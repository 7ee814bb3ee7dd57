//! `sourcer keys ...` and `sourcer credits ...`.

use anyhow::Context;
use sourcer_engine::Config;
use sourcer_store::{Store, Workspace};

use crate::cli::{CreditsCommand, KeysCommand};
use crate::context::open_store;

async fn workspace(store: &dyn Store, name: &str) -> anyhow::Result<Workspace> {
    store.find_workspace_by_name(name).await?.with_context(|| {
        format!("no workspace named {name:?} (create one with `sourcer keys create`)")
    })
}

pub async fn keys(config: &Config, command: KeysCommand) -> anyhow::Result<()> {
    let store = open_store(config).await?;
    match command {
        KeysCommand::Create { workspace, project } => {
            let issued = sourcer_engine::keys::issue_key(&*store, &workspace, &project).await?;
            println!(
                "workspace: {} ({})",
                issued.workspace.name, issued.workspace.id
            );
            println!("project: {} ({})", issued.project.name, issued.project.id);
            println!("key id: {}", issued.record.key_id);
            println!("The key is shown once; store it now:");
            println!("{}", issued.key);
        }
        KeysCommand::List { workspace: name } => {
            let ws = workspace(&*store, &name).await?;
            for key in store.list_api_keys(ws.id).await? {
                let state = if key.revoked_at.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                println!(
                    "{}  {}  project {}  {}",
                    key.key_id,
                    sourcer_engine::keys::masked(&key.key_id, &key.last4),
                    key.project_id,
                    state
                );
            }
        }
        KeysCommand::Revoke { key_id } => {
            let key = store
                .find_api_key(&key_id)
                .await?
                .with_context(|| format!("no key with id {key_id:?}"))?;
            store.revoke_api_key(key.workspace_id, &key_id).await?;
            println!("revoked {key_id}");
        }
    }
    Ok(())
}

pub async fn credits(config: &Config, command: CreditsCommand) -> anyhow::Result<()> {
    let store = open_store(config).await?;
    match command {
        CreditsCommand::Grant {
            workspace: name,
            amount,
        } => {
            anyhow::ensure!(amount > 0, "--amount must be positive");
            let ws = store.ensure_workspace(&name).await?;
            let balance = store
                .grant_credits(ws.id, amount, "granted by operator", None)
                .await?;
            println!(
                "granted {amount} credits to {name}; available: {}",
                balance.available
            );
        }
        CreditsCommand::Balance { workspace: name } => {
            let ws = workspace(&*store, &name).await?;
            let balance = store.credit_balance(ws.id).await?;
            println!("available: {}", balance.available);
            println!("held: {}", balance.held);
        }
        CreditsCommand::Ledger {
            workspace: name,
            limit,
        } => {
            let ws = workspace(&*store, &name).await?;
            let limit = u32::try_from(limit.clamp(1, 10_000)).unwrap_or(50);
            for e in store.list_ledger(ws.id, None, limit).await? {
                println!(
                    "{}  {:<8} {:>8}  available {:>8}  held {:>6}  {}",
                    sourcer_server::time::format_rfc3339(e.created_at),
                    e.kind.as_str(),
                    e.amount,
                    e.available_after,
                    e.held_after,
                    e.reason
                );
            }
        }
    }
    Ok(())
}
