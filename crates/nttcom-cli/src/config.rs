//! The configuration file: named profiles of credentials, a TOML file at the
//! platform's configuration location, written by `nttcom configure`.
//!
//! ```toml
//! [profiles.default]
//! # Keystone services (sign-common, icms-profiles, fic-premium-support)
//! api-key = "..."
//! api-secret = "..."
//! tenant-id = "0123456789abcdef0123456789abcdef"
//! # API-gateway services (ipoe, service-order)
//! client-id = "..."
//! client-secret = "..."
//! # Or a token obtained elsewhere
//! # token = "..."
//!
//! [profiles.default.base-url]      # optional, per service
//! ipoe = "https://api.customer.jp"
//! ```
//!
//! Where: `NTTCOM_CONFIG` when set, else `$XDG_CONFIG_HOME/nttcom/config.toml`
//! or `~/.config/nttcom/config.toml` (Linux and other Unix systems),
//! `~/Library/Application Support/nttcom/config.toml` (macOS),
//! `%APPDATA%\nttcom\config.toml` (Windows).
//!
//! **Permissions (Unix)**: the file holds secrets, and its base URLs say
//! where they are sent. A file that other users can read or write (any
//! group or other permission bit) is refused, as ssh refuses such a private
//! key: the command exits with code 3 and says to run `chmod 600`. `nttcom
//! configure` creates the file (and its folder) readable by its owner only,
//! by writing a new file and renaming it over the old one.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::exit::Failure;

/// The variable naming another configuration file.
pub const CONFIG_VAR: &str = "NTTCOM_CONFIG";
/// The variable naming the profile used when `--profile` is not given.
pub const PROFILE_VAR: &str = "NTTCOM_PROFILE";
/// The profile used when neither `--profile` nor `NTTCOM_PROFILE` names one.
pub const DEFAULT_PROFILE: &str = "default";

#[derive(Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

/// One named set of credentials. Every field is optional: a profile may
/// hold Keystone credentials, client credentials, both, or a token.
#[derive(Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Profile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
    /// Base URL per service slug, instead of the production endpoint.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub base_url: BTreeMap<String, String>,
}

/// Names which fields are set, never their values.
impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let set = |value: &Option<String>| if value.is_some() { "<set>" } else { "-" };
        f.debug_struct("Profile")
            .field("api_key", &set(&self.api_key))
            .field("api_secret", &set(&self.api_secret))
            .field("tenant_id", &self.tenant_id)
            .field("client_id", &set(&self.client_id))
            .field("client_secret", &set(&self.client_secret))
            .field("token", &set(&self.token))
            .field("base_url", &self.base_url)
            .finish()
    }
}

/// Where the configuration file is, reading variables through `lookup`.
pub fn path(lookup: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    let set = |name: &str| lookup(name).filter(|value| !value.is_empty());
    if let Some(path) = set(CONFIG_VAR) {
        return Some(PathBuf::from(path));
    }
    let folder = if cfg!(windows) {
        PathBuf::from(set("APPDATA")?)
    } else if cfg!(target_os = "macos") {
        PathBuf::from(set("HOME")?).join("Library/Application Support")
    } else if let Some(xdg) = set("XDG_CONFIG_HOME") {
        PathBuf::from(xdg)
    } else {
        PathBuf::from(set("HOME")?).join(".config")
    };
    Some(folder.join("nttcom").join("config.toml"))
}

/// Reads the file at `path`, refusing it when others can access it; `None`
/// when there is none.
pub fn load(path: &Path) -> Result<Option<Config>, Failure> {
    read(path, true)
}

/// Reads the file at `path`, checking its permissions if `check`.
pub fn read(path: &Path, check: bool) -> Result<Option<Config>, Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(Failure::credentials(format!(
                "cannot read the config file {}: {error}",
                path.display()
            )));
        }
    };
    if check {
        check_private(path)?;
    }
    // toml's message quotes the offending line, which may hold a secret: only
    // its position and reason are kept.
    toml::from_str(&text).map(Some).map_err(|error| {
        let at = error
            .span()
            .map(|span| {
                let line = text[..span.start].matches('\n').count() + 1;
                format!(" (line {line})")
            })
            .unwrap_or_default();
        Failure::credentials(format!(
            "the config file {} is not valid{at}: {}",
            path.display(),
            without_values(error.message())
        ))
    })
}

/// serde quotes the value of an "invalid type/value" error (`invalid type:
/// integer `123`, expected a string`); a secret may be that value.
fn without_values(message: &str) -> String {
    match message.find(", expected") {
        Some(at) if message.starts_with("invalid") => format!("invalid value{}", &message[at..]),
        _ => message.to_owned(),
    }
}

/// Refuses a file that other users can read or write.
#[cfg(unix)]
pub fn check_private(path: &Path) -> Result<(), Failure> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)
        .map_err(|error| {
            Failure::credentials(format!(
                "cannot read the config file {}: {error}",
                path.display()
            ))
        })?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(Failure::credentials(format!(
            "the config file {} holds secrets but other users can access it (mode {:04o}); \
             run `chmod 600 {}`",
            path.display(),
            mode & 0o7777,
            path.display()
        )));
    }
    Ok(())
}

/// Windows: the file inherits the ACL of the user's profile folder.
#[cfg(not(unix))]
pub fn check_private(_path: &Path) -> Result<(), Failure> {
    Ok(())
}

/// Writes `config` to `path`, readable by its owner only: a new file in the
/// same folder, renamed over the old one.
pub fn save(path: &Path, config: &Config) -> std::io::Result<()> {
    let text = toml::to_string(config).map_err(std::io::Error::other)?;
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty());
    if let Some(folder) = folder {
        create_private_dir(folder)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "config.toml".into());
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let result =
        write_private(&temporary, text.as_bytes()).and_then(|()| std::fs::rename(&temporary, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

#[cfg(unix)]
fn create_private_dir(folder: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(folder)
}

#[cfg(not(unix))]
fn create_private_dir(folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |name| map.get(name).cloned()
    }

    #[test]
    fn nttcom_config_wins_over_the_platform_location() {
        let lookup = vars(&[("NTTCOM_CONFIG", "/tmp/x.toml"), ("HOME", "/home/u")]);
        assert_eq!(path(&lookup), Some(PathBuf::from("/tmp/x.toml")));
    }

    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn xdg_then_home() {
        let lookup = vars(&[("XDG_CONFIG_HOME", "/xdg"), ("HOME", "/home/u")]);
        assert_eq!(
            path(&lookup),
            Some(PathBuf::from("/xdg/nttcom/config.toml"))
        );
        let lookup = vars(&[("HOME", "/home/u")]);
        assert_eq!(
            path(&lookup),
            Some(PathBuf::from("/home/u/.config/nttcom/config.toml"))
        );
        assert_eq!(path(&vars(&[])), None);
    }

    #[test]
    fn a_profile_s_debug_shows_no_secret() {
        let profile = Profile {
            api_key: Some("key-value".into()),
            api_secret: Some("secret-value".into()),
            client_secret: Some("client-secret-value".into()),
            token: Some("token-value".into()),
            ..Profile::default()
        };
        let text = format!("{profile:?}");
        for secret in [
            "key-value",
            "secret-value",
            "client-secret-value",
            "token-value",
        ] {
            assert!(!text.contains(secret), "{text}");
        }
    }

    #[test]
    fn parse_errors_do_not_quote_the_file() {
        let folder = std::env::temp_dir().join(format!("nttcom-config-{}", std::process::id()));
        let file = folder.join("config.toml");
        save(&file, &Config::default()).unwrap();
        for (text, line) in [
            (
                "[profiles.default]\napi-secret = \"s3cr3t\"\nbogus = \"s3cr3t\"\n",
                3,
            ),
            ("[profiles.default]\napi-secret = 5738\n", 2),
            ("[profiles.default]\nbase-url = \"s3cr3t\"\n", 2),
        ] {
            std::fs::write(&file, text).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
            }
            let error = load(&file).err().expect("refused");
            for secret in ["s3cr3t", "5738"] {
                assert!(!error.message.contains(secret), "{}", error.message);
            }
            assert!(
                error.message.contains(&format!("line {line}")),
                "{}",
                error.message
            );
        }
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
