//! Writing the output folder all at once: files go into a fresh sibling
//! folder that replaces the old one only when everything is written, so a
//! crash or a kill never leaves a half-written plan.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Files of one output folder, each produced by a formatter.
pub type FileWriter<'a> = Box<dyn Fn(&mut dyn Write) -> std::io::Result<()> + 'a>;

/// Writes `files` into `out_dir`, replacing it atomically where the file
/// system allows (two renames; the old folder is kept until the new is in place).
pub fn write_folder_atomically(out_dir: &Path, files: &[(&str, FileWriter)]) -> Result<()> {
    if out_dir.exists() && !out_dir.is_dir() {
        return Err(Error::io(
            out_dir,
            std::io::Error::new(std::io::ErrorKind::AlreadyExists, "exists and is not a folder"),
        ));
    }
    let staging = sibling(out_dir, "new");
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    }
    fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
    let result = (|| {
        for (name, write) in files {
            write_synced(&staging.join(name), write)?;
        }
        replace(out_dir, &staging)
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result
}

/// Writes files given as text (a generated scenario) into `out_dir`, atomically.
pub fn write_text_folder_atomically(out_dir: &Path, files: &[(&str, String)]) -> Result<()> {
    let writers: Vec<(&str, FileWriter)> = files
        .iter()
        .map(|(name, text)| {
            (
                *name,
                Box::new(move |w: &mut dyn Write| w.write_all(text.as_bytes())) as FileWriter,
            )
        })
        .collect();
    write_folder_atomically(out_dir, &writers)
}

/// Writes one file through a temporary sibling and a rename.
pub fn write_file_atomically(path: &Path, write: &FileWriter) -> Result<()> {
    let staging = sibling(path, "new");
    let result =
        write_synced(&staging, write).and_then(|()| fs::rename(&staging, path).map_err(|e| Error::io(path, e)));
    if result.is_err() {
        let _ = fs::remove_file(&staging);
    }
    result
}

/// Creates `path`, writes it and waits until the data is on disk.
fn write_synced(path: &Path, write: &FileWriter) -> Result<()> {
    let file = fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut w = BufWriter::new(file);
    write(&mut w).map_err(|e| Error::io(path, e))?;
    let file = w.into_inner().map_err(|e| Error::io(path, e.into_error()))?;
    file.sync_all().map_err(|e| Error::io(path, e))
}

fn replace(out_dir: &Path, staging: &Path) -> Result<()> {
    if out_dir.exists() {
        let old = sibling(out_dir, "old");
        if old.exists() {
            fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
        }
        fs::rename(out_dir, &old).map_err(|e| Error::io(out_dir, e))?;
        fs::rename(staging, out_dir).map_err(|e| Error::io(out_dir, e))?;
        fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    } else {
        fs::rename(staging, out_dir).map_err(|e| Error::io(out_dir, e))?;
    }
    Ok(())
}

/// `out` -> `.out.agrimatch-<what>-<pid>` in the same parent folder, so the
/// rename stays on one file system.
fn sibling(out_dir: &Path, what: &str) -> PathBuf {
    let name = out_dir
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let parent = out_dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.agrimatch-{what}-{}", std::process::id()))
}
