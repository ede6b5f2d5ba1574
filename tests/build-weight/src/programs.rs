//! The programs that are built: fresh binary crates, each in its own
//! directory with an empty `[workspace]` so that no enclosing workspace (or
//! its `.cargo/config.toml` profile settings) applies to them.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The README's first example, with the service crate named directly
/// instead of through the facade's `nttcom::sign_common`.
const SERVICE_MAIN: &str = r#"use nttcom_sign_common::Client;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::builder()
        .keystone("my-api-key", "my-api-secret", "550e8400e29b41d4a716446655440000")
        .build()?;
    let addresses = client.list_shipping_addresses().send().await?;
    println!("{:#?}", addresses.into_inner());
    Ok(())
}
"#;

/// The same two requests (Keystone token, then the list) by hand.
const BASELINE_MAIN: &str = r#"use serde_json::{json, Value};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let http = reqwest::Client::new();
    let tenant = "550e8400e29b41d4a716446655440000";
    let auth = json!({"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "domain": {"id": "default"}, "name": "my-api-key", "password": "my-api-secret"}}},
        "scope": {"project": {"id": tenant}}}});
    let exchange = http
        .post("https://api.ntt.com/keystone/v3/auth/tokens")
        .header("content-type", "application/json")
        .body(serde_json::to_vec(&auth)?)
        .send()
        .await?
        .error_for_status()?;
    let token = exchange
        .headers()
        .get("x-subject-token")
        .ok_or("no token")?
        .to_str()?
        .to_owned();
    let body = http
        .get(format!("https://api.ntt.com/sdpf-iot-pf/v1/tenants/{tenant}/shipping-addresses"))
        .header("x-auth-token", token)
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    let addresses: Value = serde_json::from_slice(&body)?;
    println!("{addresses:#}");
    Ok(())
}
"#;

/// How the service crate is depended on.
pub struct ServiceDependency {
    pub features: Vec<String>,
    pub default_features: bool,
}

pub struct Program {
    pub label: String,
    pub dir: PathBuf,
    pub bin: String,
}

impl Program {
    /// The README's example on `crates/sign-common` of the tree at `root`.
    pub fn service(
        label: &str,
        root: &Path,
        lock: &Path,
        scratch: &Path,
        dependency: &ServiceDependency,
    ) -> Result<Self, String> {
        let bin = format!("example-{}", slug(label));
        let crate_dir = root.join("crates/sign-common");
        let features = dependency
            .features
            .iter()
            .map(|f| format!("{f:?}"))
            .collect::<Vec<_>>()
            .join(", ");
        let manifest = format!(
            r#"[package]
name = "{bin}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
nttcom-sign-common = {{ path = {path:?}, default-features = {default}, features = [{features}] }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}

[workspace]
"#,
            path = crate_dir.display().to_string(),
            default = dependency.default_features,
        );
        Self::write(label, &bin, &manifest, SERVICE_MAIN, lock, scratch)
    }

    /// The baseline: plain `reqwest` with its default features.
    pub fn baseline(lock: &Path, scratch: &Path) -> Result<Self, String> {
        let bin = "baseline-reqwest".to_owned();
        let manifest = format!(
            r#"[package]
name = "{bin}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
reqwest = "0.13"
serde_json = "1"
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}

[workspace]
"#
        );
        Self::write(
            "reqwest + serde_json",
            &bin,
            &manifest,
            BASELINE_MAIN,
            lock,
            scratch,
        )
    }

    fn write(
        label: &str,
        bin: &str,
        manifest: &str,
        main: &str,
        lock: &Path,
        scratch: &Path,
    ) -> Result<Self, String> {
        let dir = scratch.join(bin);
        let write = |path: PathBuf, text: &str| {
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
        };
        std::fs::create_dir_all(dir.join("src")).map_err(|e| format!("{}: {e}", dir.display()))?;
        write(dir.join("Cargo.toml"), manifest)?;
        write(dir.join("src/main.rs"), main)?;
        // The workspace's lock file, so that shared dependencies resolve to
        // the same versions the workspace tests; cargo trims the rest.
        std::fs::copy(lock, dir.join("Cargo.lock"))
            .map_err(|e| format!("{}: {e}", lock.display()))?;
        Ok(Self {
            label: label.to_owned(),
            dir,
            bin: bin.to_owned(),
        })
    }

    /// Resolves and downloads the dependencies, untimed.
    pub fn fetch(&self) -> Result<(), String> {
        let status = Command::new(cargo())
            .arg("fetch")
            .current_dir(&self.dir)
            .stdout(Stdio::null())
            .status()
            .map_err(|e| format!("cargo fetch: {e}"))?;
        if !status.success() {
            return Err(format!("cargo fetch failed in {}", self.dir.display()));
        }
        Ok(())
    }
}

/// The tree of commit `rev`, extracted with `git archive` (the repository's
/// worktrees and refs are left alone).
pub fn extract_rev(repo: &Path, rev: &str, scratch: &Path) -> Result<PathBuf, String> {
    let dir = scratch.join(format!("tree-{}", slug(rev)));
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let archive = dir.join("tree.tar");
    let status = Command::new("git")
        .args(["archive", "--format=tar", "-o"])
        .arg(&archive)
        .arg(rev)
        .current_dir(repo)
        .status()
        .map_err(|e| format!("git archive: {e}"))?;
    if !status.success() {
        return Err(format!("git archive {rev} failed"));
    }
    let status = Command::new("tar")
        .arg("-xf")
        .arg(&archive)
        .current_dir(&dir)
        .status()
        .map_err(|e| format!("tar: {e}"))?;
    if !status.success() {
        return Err("tar -xf failed".to_owned());
    }
    Ok(dir)
}

/// The cargo that runs this program (set by `cargo run`), else `cargo`.
pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}

fn slug(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}
