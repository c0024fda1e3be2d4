//! Writing output folders and files without ever losing a user's file.
//!
//! The program owns only what it writes. An output folder is written only
//! when it does not exist yet, is empty, or holds the marker file
//! [`MARKER_FILE`] that the program puts into every folder it writes. It is
//! never the scenario folder or a folder that contains an input.
//!
//! Files go into a fresh staging folder next to the output folder, which is
//! then swapped in. On Linux the swap is one `renameat2(RENAME_EXCHANGE)`,
//! so a kill at any instant leaves either the old or the new complete folder
//! at the path. Where the exchange is not available, the old folder is
//! renamed aside first and the next run puts it back if a kill came between
//! the two renames. Runs writing into the same parent folder take turns on a
//! lock of that parent, and clean up staging folders left by killed runs.

use std::fs;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Files of one output folder, each produced by a formatter.
pub type FileWriter<'a> = Box<dyn Fn(&mut dyn Write) -> std::io::Result<()> + 'a>;

/// The formatter of a CSV file (the `csv` crate's errors as I/O errors).
pub fn csv_file<'a>(write: impl Fn(&mut dyn Write) -> csv::Result<()> + 'a) -> FileWriter<'a> {
    Box::new(move |w| write(w).map_err(|e| std::io::Error::other(e.to_string())))
}

/// The file that marks a folder as written by agrimatch (so the next run may
/// replace it). Its text tells a person what it is.
pub const MARKER_FILE: &str = "agrimatch-output.txt";

const MARKER_TEXT: &str = "This folder was written by agrimatch.\n\
The next agrimatch run that writes here replaces the whole folder:\n\
keep your own files somewhere else.\n";

/// The first characters of every LP file agrimatch writes (see `model::lp_file`);
/// an existing file that does not start like this is not ours to overwrite.
const LP_FILE_START: &str = "\\ objective_constant = ";

/// An output folder the program may write: checked when claimed (before any
/// solving, so a long run never ends in a refusal) and again, under the
/// parent's lock, just before the swap.
#[derive(Debug, Clone)]
pub struct OutputFolder {
    path: PathBuf,
    /// Input files and folders of this run: the output folder may not be
    /// one of them or contain one.
    inputs: Vec<PathBuf>,
    /// Whether the folder gets the marker. A scenario template a person will
    /// edit gets none, so that no later run replaces it.
    marked: bool,
    /// Start every `.csv` file with a UTF-8 byte-order mark (`csv_bom`).
    csv_bom: bool,
}

impl OutputFolder {
    /// Checks that `path` may be written by a run that reads `inputs`.
    pub fn claim(path: &Path, inputs: &[&Path]) -> Result<Self> {
        let folder = OutputFolder {
            path: path.to_path_buf(),
            inputs: inputs.iter().map(|p| p.to_path_buf()).collect(),
            marked: true,
            csv_bom: false,
        };
        folder.recover()?;
        folder.check()?;
        Ok(folder)
    }

    /// A new or empty folder for files a person will edit (`agrimatch init`):
    /// written without the marker, so no later run may replace it.
    pub fn claim_new(path: &Path) -> Result<Self> {
        let folder = OutputFolder {
            path: path.to_path_buf(),
            inputs: Vec::new(),
            marked: false,
            csv_bom: false,
        };
        folder.check_empty()?;
        Ok(folder)
    }

    /// The same folder, its `.csv` files written with a UTF-8 byte-order
    /// mark when `bom` (Excel reads UTF-8 only with one).
    pub fn with_csv_bom(self, bom: bool) -> Self {
        OutputFolder { csv_bom: bom, ..self }
    }

    /// The folder's path, as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Puts back a folder a killed run left aside, under the parent's lock.
    fn recover(&self) -> Result<()> {
        let parent = parent_of(&self.path);
        if !parent.is_dir() {
            return Ok(());
        }
        let _lock = lock_folder(parent)?;
        recover_and_clean(&self.path)
    }

    /// Writes `files` (and the marker) into the folder, replacing what the
    /// program wrote there before.
    pub fn write(&self, files: &[(&str, FileWriter)]) -> Result<()> {
        let parent = parent_of(&self.path);
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let staging = sibling(&self.path, "new", std::process::id());
        if staging.exists() {
            fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        }
        fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, e))?;
        let result = (|| {
            for (name, write) in files {
                // Names may hold a subfolder (`next/stock.csv`).
                let path = staging.join(name);
                if let Some(folder) = path.parent().filter(|f| *f != staging) {
                    fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
                }
                if self.csv_bom && name.ends_with(".csv") {
                    let with_bom: FileWriter = Box::new(|w| {
                        w.write_all(crate::data::read::UTF8_BOM)?;
                        write(w)
                    });
                    write_synced(&path, &with_bom)?;
                } else {
                    write_synced(&path, write)?;
                }
            }
            if self.marked {
                let marker: FileWriter = Box::new(|w| w.write_all(MARKER_TEXT.as_bytes()));
                write_synced(&staging.join(MARKER_FILE), &marker)?;
            }
            test_pause("before the swap");
            let _lock = lock_folder(parent)?;
            recover_and_clean(&self.path)?;
            // Someone may have put files there while we were solving.
            if self.marked {
                self.check()?;
            } else {
                self.check_empty()?;
            }
            swap_in(&self.path, &staging)
        })();
        if result.is_err() {
            let _ = fs::remove_dir_all(&staging);
        }
        result
    }

    /// Writes one file into the folder, which must already be the program's
    /// (e.g. `report.html` re-rendered into a plan's folder).
    pub fn write_file(&self, name: &str, write: &FileWriter) -> Result<()> {
        if !self.path.join(MARKER_FILE).is_file() {
            return Err(refused(
                &self.path,
                format!("expected a folder written by agrimatch (with {MARKER_FILE}), found none"),
            ));
        }
        write_file_atomically(&self.path.join(name), write)
    }

    fn check(&self) -> Result<()> {
        let path = &self.path;
        match fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(path, e)),
            Ok(meta) if meta.file_type().is_symlink() => {
                return Err(refused(
                    path,
                    "expected a folder, found a symbolic link (agrimatch replaces output folders whole; give the real path)",
                ))
            }
            Ok(meta) if !meta.is_dir() => {
                return Err(refused(path, "expected a folder, found a file"));
            }
            Ok(_) => {}
        }
        let resolved = resolve(path);
        for input in &self.inputs {
            let Ok(input_resolved) = input.canonicalize() else {
                continue;
            };
            if input_resolved == resolved {
                return Err(refused(
                    path,
                    format!("expected an output folder, found the input {} itself", input.display()),
                ));
            }
            if input_resolved.starts_with(&resolved) {
                return Err(refused(
                    path,
                    format!(
                        "expected an output folder, found a folder that contains the input {}",
                        input.display()
                    ),
                ));
            }
        }
        if path.join(MARKER_FILE).is_file() {
            return Ok(());
        }
        self.check_empty()
    }

    fn check_empty(&self) -> Result<()> {
        let path = &self.path;
        if !path.exists() {
            return Ok(());
        }
        if !path.is_dir() {
            return Err(refused(path, "expected a folder, found a file"));
        }
        let entries = fs::read_dir(path).map_err(|e| Error::io(path, e))?.count();
        if entries > 0 {
            return Err(refused(
                path,
                format!(
                    "expected a new or empty folder, or one agrimatch wrote (with {MARKER_FILE}), \
                     found a folder with {entries} entries of others (agrimatch never deletes what it did not write; \
                     choose another folder)"
                ),
            ));
        }
        Ok(())
    }
}

/// Writes `files` into `out_dir` (see [`OutputFolder`]) for a run whose
/// inputs need no check (a generated scenario, a benchmark).
pub fn write_folder_atomically(out_dir: &Path, files: &[(&str, FileWriter)]) -> Result<()> {
    OutputFolder::claim(out_dir, &[])?.write(files)
}

/// Writes files given as text (a generated scenario) into `out_dir`, atomically.
pub fn write_text_folder_atomically(out_dir: &Path, files: &[(&str, String)]) -> Result<()> {
    let writers = text_writers(files);
    write_folder_atomically(out_dir, &writers)
}

/// The formatters of files given as text.
pub fn text_writers<'a>(files: &'a [(&str, String)]) -> Vec<(&'a str, FileWriter<'a>)> {
    files
        .iter()
        .map(|(name, text)| {
            (
                *name,
                Box::new(move |w: &mut dyn Write| w.write_all(text.as_bytes())) as FileWriter,
            )
        })
        .collect()
}

/// Writes an LP file at `path`; an existing file is replaced only when it is
/// an LP file agrimatch wrote (never an input or a user's file).
pub fn write_lp_file_at(path: &Path, write: &FileWriter) -> Result<()> {
    if path.exists() {
        let mut start = [0u8; LP_FILE_START.len()];
        let ours = fs::File::open(path)
            .and_then(|mut f| f.read_exact(&mut start))
            .is_ok_and(|()| start == LP_FILE_START.as_bytes());
        if !ours {
            return Err(refused(
                path,
                "expected a new file or an LP file agrimatch wrote, found another file (agrimatch never overwrites it)",
            ));
        }
    }
    write_file_atomically(path, write)
}

/// Writes one file through a temporary sibling and a rename. Callers make
/// sure the file is the program's to replace.
fn write_file_atomically(path: &Path, write: &FileWriter) -> Result<()> {
    let staging = sibling(path, "new", std::process::id());
    let result =
        write_synced(&staging, write).and_then(|()| fs::rename(&staging, path).map_err(|e| Error::io(path, e)));
    if result.is_err() {
        let _ = fs::remove_file(&staging);
    }
    result
}

fn refused(path: &Path, why: impl Into<String>) -> Error {
    Error::Refused {
        path: path.to_path_buf(),
        reason: why.into(),
    }
}

/// Creates `path`, writes it and waits until the data is on disk.
fn write_synced(path: &Path, write: &FileWriter) -> Result<()> {
    let file = fs::File::create(path).map_err(|e| Error::io(path, e))?;
    let mut w = BufWriter::new(file);
    write(&mut w).map_err(|e| Error::io(path, e))?;
    let file = w.into_inner().map_err(|e| Error::io(path, e.into_error()))?;
    file.sync_all().map_err(|e| Error::io(path, e))
}

/// Puts the complete `staging` folder at `out_dir`.
fn swap_in(out_dir: &Path, staging: &Path) -> Result<()> {
    if !out_dir.exists() {
        return fs::rename(staging, out_dir).map_err(|e| Error::io(out_dir, e));
    }
    if !test_two_renames() && exchange(staging, out_dir).map_err(|e| Error::io(out_dir, e))? {
        // `staging` now holds the old folder.
        return fs::remove_dir_all(staging).map_err(|e| Error::io(staging, e));
    }
    let old = sibling(out_dir, "old", std::process::id());
    if old.exists() {
        fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))?;
    }
    fs::rename(out_dir, &old).map_err(|e| Error::io(out_dir, e))?;
    test_pause("between the two renames");
    fs::rename(staging, out_dir).map_err(|e| Error::io(out_dir, e))?;
    fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))
}

/// Swaps two paths in one step; `Ok(false)` where the system cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(std::io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(std::io::Error::other)?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let done = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        return Ok(true);
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        // Not supported by this kernel or file system: fall back.
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Takes the lock that makes runs writing into `folder` take turns; it is
/// released when the returned file is dropped (also when the process dies).
fn lock_folder(folder: &Path) -> Result<fs::File> {
    let handle = fs::File::open(folder).map_err(|e| Error::io(folder, e))?;
    handle.lock().map_err(|e| Error::io(folder, e))?;
    Ok(handle)
}

/// Puts back an old folder that a killed run had renamed aside (the
/// two-rename fallback), and removes staging folders of runs that are gone.
fn recover_and_clean(out_dir: &Path) -> Result<()> {
    let parent = parent_of(out_dir);
    let prefix = format!(".{}.agrimatch-", file_name(out_dir));
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let mut stale: Vec<(String, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let rest = name.strip_prefix(&prefix)?;
            let (what, pid) = rest.split_once('-')?;
            let pid: u32 = pid.parse().ok()?;
            let ours = (what == "new" || what == "old") && pid != std::process::id() && !process_alive(pid);
            ours.then(|| (what.to_string(), e.path()))
        })
        .collect();
    stale.sort();
    for (what, path) in stale {
        if what == "old" && !out_dir.exists() {
            fs::rename(&path, out_dir).map_err(|e| Error::io(out_dir, e))?;
        } else if path.is_dir() {
            fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        } else {
            fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
        }
    }
    Ok(())
}

#[cfg(unix)]
fn process_alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return true;
    };
    // SAFETY: signal 0 only asks whether the process exists.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}

#[cfg(not(unix))]
fn process_alive(_pid: u32) -> bool {
    // Without a way to ask, never remove another run's folder.
    true
}

/// What a path resolves to, also when it does not exist yet (its nearest
/// existing ancestor resolved, the rest appended).
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |d| d.join(path))
    };
    let mut rest = Vec::new();
    let mut current = absolute.as_path();
    loop {
        if let Ok(found) = current.canonicalize() {
            return rest.iter().rev().fold(found, |p, part| p.join(part));
        }
        match (current.parent(), current.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                current = parent;
            }
            _ => return absolute,
        }
    }
}

fn parent_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned())
}

/// `out` -> `.out.agrimatch-<what>-<pid>` in the same parent folder, so the
/// rename stays on one file system.
fn sibling(out_dir: &Path, what: &str, pid: u32) -> PathBuf {
    parent_of(out_dir).join(format!(".{}.agrimatch-{what}-{pid}", file_name(out_dir)))
}

/// Test builds only: `AGRIMATCH_TEST_PAUSE=<where>:<ms>` sleeps at that
/// point so that a test can kill the run exactly there.
fn test_pause(at: &str) {
    #[cfg(debug_assertions)]
    if let Ok(spec) = std::env::var("AGRIMATCH_TEST_PAUSE") {
        if let Some(ms) = spec.strip_prefix(at).and_then(|r| r.strip_prefix(':')) {
            if let Ok(ms) = ms.parse::<u64>() {
                std::thread::sleep(std::time::Duration::from_millis(ms));
            }
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = at;
}

/// Test builds only: `AGRIMATCH_TEST_SWAP=two-renames` uses the fallback swap.
fn test_two_renames() -> bool {
    cfg!(debug_assertions) && std::env::var("AGRIMATCH_TEST_SWAP").is_ok_and(|v| v == "two-renames")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one_file(text: &'static str) -> Vec<(&'static str, FileWriter<'static>)> {
        vec![(
            "a.csv",
            Box::new(move |w: &mut dyn Write| w.write_all(text.as_bytes())) as FileWriter,
        )]
    }

    #[test]
    fn a_user_folder_is_refused_and_left_alone() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let desk = tmp.path().join("Desktop");
        fs::create_dir(&desk).expect("mkdir");
        fs::write(desk.join("thesis.docx"), "years of work").expect("write");
        let err = write_folder_atomically(&desk, &one_file("x")).expect_err("refused");
        assert!(err.to_string().contains("never deletes"), "{err}");
        assert_eq!(
            fs::read_to_string(desk.join("thesis.docx")).expect("kept"),
            "years of work"
        );
    }

    #[test]
    fn a_marked_folder_is_replaced_and_an_empty_one_used() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("out");
        fs::create_dir(&out).expect("mkdir");
        write_folder_atomically(&out, &one_file("1")).expect("empty folder");
        write_folder_atomically(&out, &one_file("2")).expect("marked folder");
        assert_eq!(fs::read_to_string(out.join("a.csv")).expect("read"), "2");
        assert!(out.join(MARKER_FILE).is_file());
        let leftovers = fs::read_dir(tmp.path()).expect("list").count();
        assert_eq!(leftovers, 1, "no staging folder left behind");
    }

    #[test]
    fn an_input_or_its_parent_is_refused() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let scenario = tmp.path().join("s");
        fs::create_dir(&scenario).expect("mkdir");
        fs::write(scenario.join(MARKER_FILE), "even with a marker").expect("write");
        for out in [scenario.clone(), tmp.path().to_path_buf(), scenario.join("..")] {
            let err = OutputFolder::claim(&out, &[&scenario]).expect_err("refused");
            assert!(err.to_string().contains("input"), "{err}");
        }
        OutputFolder::claim(&scenario.join("out"), &[&scenario]).expect("a folder inside the scenario is fine");
    }

    #[test]
    fn an_old_folder_left_between_two_renames_is_put_back() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("out");
        // A run that died between its renames: `out` is gone, its old copy
        // and its complete staging folder are there. Linux PIDs stay below 2^22.
        let dead = 2_000_000_000;
        let old = sibling(&out, "old", dead);
        fs::create_dir(&old).expect("mkdir");
        fs::write(old.join(MARKER_FILE), MARKER_TEXT).expect("write");
        fs::write(old.join("a.csv"), "old").expect("write");
        fs::create_dir(sibling(&out, "new", dead)).expect("mkdir");
        recover_and_clean(&out).expect("recovered");
        assert_eq!(fs::read_to_string(out.join("a.csv")).expect("read"), "old");
        assert_eq!(fs::read_dir(tmp.path()).expect("list").count(), 1);
    }

    #[test]
    fn lp_files_of_others_are_never_overwritten() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let input = tmp.path().join("supply.csv");
        fs::write(&input, "farm,product,week,quantity_kg\n").expect("write");
        let lp: FileWriter = Box::new(|w| w.write_all(format!("{LP_FILE_START}0.0\nMinimize\n").as_bytes()));
        assert!(write_lp_file_at(&input, &lp).is_err());
        assert_eq!(
            fs::read_to_string(&input).expect("read"),
            "farm,product,week,quantity_kg\n"
        );
        let path = tmp.path().join("model.lp");
        write_lp_file_at(&path, &lp).expect("new file");
        write_lp_file_at(&path, &lp).expect("our own file");
    }
}
