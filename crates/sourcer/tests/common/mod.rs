//! Helpers for driving the real `sourcer` binary.

#![allow(dead_code)]

pub mod cluster;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

/// An HTTP client (reqwest is built without a default TLS provider; tests pick ring).
pub fn http() -> reqwest::blocking::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::new()
}

/// `sourcer --data-dir DIR ARGS...`, run to completion.
pub fn sourcer(dir: &Path, args: &[&str]) -> Output {
    sourcer_env(dir, args, &[])
}

/// `sourcer --data-dir DIR ARGS...` with extra environment variables, run to completion.
pub fn sourcer_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sourcer"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env("SOURCER_LOG", "error")
        .envs(env.iter().copied())
        .output()
        .expect("run sourcer")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Generates `count` profiles into `dir/people.jsonl` and imports them.
pub fn seed(dir: &Path, count: u64) {
    let generated = sourcer(dir, &["gen", "--count", &count.to_string(), "--seed", "5"]);
    assert!(generated.status.success());
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join("people.jsonl"), &generated.stdout).unwrap();
    let imported = sourcer(
        dir,
        &[
            "import",
            dir.join("people.jsonl").to_str().unwrap(),
            "--quiet",
        ],
    );
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
}

/// Creates a key with credits; returns the key.
pub fn key_with_credits(dir: &Path, workspace: &str, credits: i64) -> String {
    let created = sourcer(
        dir,
        &["keys", "create", "--workspace", workspace, "--project", "P"],
    );
    assert!(created.status.success());
    let key = stdout(&created).lines().last().unwrap().trim().to_string();
    let granted = sourcer(
        dir,
        &[
            "credits",
            "grant",
            "--workspace",
            workspace,
            "--amount",
            &credits.to_string(),
        ],
    );
    assert!(granted.status.success());
    key
}

/// A `sourcer serve --bind 127.0.0.1:0` process and the address it printed.
pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Server {
    pub fn start(dir: &Path, env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sourcer"));
        command
            .arg("--data-dir")
            .arg(dir)
            .args(["serve", "--bind", "127.0.0.1:0"])
            .env("SOURCER_LOG", "error")
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("start server");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().expect("a line").expect("stdout");
        let base = first
            .trim()
            .strip_prefix("Listening on ")
            .expect("address line")
            .to_string();
        Server { child, base }
    }

    /// SIGKILL: no graceful shutdown.
    pub fn kill(mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}
