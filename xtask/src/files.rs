//! Writing files so that none is ever half-written: the generated crates,
//! the workspace sections and the release histories all go through here.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// Writes through a temporary file and a rename, so a file is never half-written.
pub fn write_atomically(path: &Path, content: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".xtask-tmp");
    let temporary = PathBuf::from(temporary);
    fs::write(&temporary, content)?;
    fs::rename(&temporary, path)
}
