//! Writing output folders and files without ever losing a user's file.
//!
//! The program owns only what it writes. An output folder is written only
//! when it does not exist yet, is empty, or holds the marker file
//! [`MARKER_FILE`] with agrimatch's exact text. It is never the scenario
//! folder or a folder that contains an input.
//!
//! Files go into a fresh staging folder next to the output folder
//! (`.NAME.agrimatch-new-ID`, ID = the run's process id, with `.N` added
//! when a folder of that name exists), which is then swapped in. The
//! staging folder gets its marker first, naming the run's ID, so that
//! whatever a kill leaves behind is recognisably this run's; a folder with
//! such a name but without that marker is a user's and is never touched. On
//! Linux the swap is one `renameat2(RENAME_EXCHANGE)`, so a kill at any
//! instant leaves either the old or the new complete folder at the path.
//! Where the exchange is not available, the old folder is renamed aside
//! first (`.NAME.agrimatch-old-ID`) and the next run puts it back if a kill
//! came between the two renames. Runs writing into the same parent folder
//! take turns on a lock of [`LOCK_FILE`] there, and clean up what killed
//! runs left.

use std::fs;
use std::io::{BufWriter, Read, Write};
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};
use crate::lang::t;

/// Files of one output folder, each produced by a formatter.
pub type FileWriter<'a> = Box<dyn Fn(&mut dyn Write) -> std::io::Result<()> + 'a>;

/// The formatter of a CSV file (the `csv` crate's errors as I/O errors).
pub fn csv_file<'a>(write: impl Fn(&mut dyn Write) -> csv::Result<()> + 'a) -> FileWriter<'a> {
    Box::new(move |w| write(w).map_err(|e| std::io::Error::other(e.to_string())))
}

/// The file that marks a folder as written by agrimatch (so the next run may
/// replace it). Its text tells a person what it is; only this exact text
/// (see [`MARKER_TEXT`]) marks a folder.
pub const MARKER_FILE: &str = "agrimatch-output.txt";

const MARKER_TEXT: &str = "This folder was written by agrimatch.\n\
The next agrimatch run that writes here replaces the whole folder:\n\
keep your own files somewhere else.\n";

/// What a staging or set-aside folder's marker adds after [`MARKER_TEXT`]:
/// `run: ID` and a newline, ID as in the folder's name.
const RUN_LINE: &str = "run: ";

/// A marker is a few lines: anything larger is not one, and is not read.
const MARKER_MAX_BYTES: u64 = 4096;

/// The file in an output folder's parent whose lock makes runs writing
/// there take turns. Created when missing, never deleted (deleting it while
/// a run holds it would let the next run lock a new file beside it).
pub const LOCK_FILE: &str = ".agrimatch.lock";

const LOCK_TEXT: &str = "agrimatch runs that write output folders in this folder take turns by locking this file.\n\
It holds nothing else. Delete it only while no agrimatch run is going.\n";

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
    /// Checks that `path` may be written by a run that reads `inputs`; only
    /// then puts back a folder a killed run left aside (a refused run
    /// touches nothing).
    pub fn claim(path: &Path, inputs: &[&Path]) -> Result<Self> {
        let folder = OutputFolder {
            path: path.to_path_buf(),
            inputs: inputs.iter().map(|p| p.to_path_buf()).collect(),
            marked: true,
            csv_bom: false,
        };
        folder.check()?;
        folder.recover()?;
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
        let _lock = lock_parent(parent)?;
        recover_and_clean(&self.path)
    }

    /// Writes `files` (and the marker) into the folder, replacing what the
    /// program wrote there before.
    pub fn write(&self, files: &[(&str, FileWriter)]) -> Result<()> {
        let parent = parent_of(&self.path);
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let (staging, id) = create_staging(&self.path)?;
        let result = (|| {
            // First, so that a kill from here on leaves a folder the next
            // run knows as this run's.
            write_marker(&staging, Some(&id))?;
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
            crate::test_hooks::pause("before the swap");
            let _lock = lock_parent(parent)?;
            // Someone may have put files there while we were solving; a
            // refusal leaves everything of others as it was.
            if self.marked {
                self.check()?;
            } else {
                self.check_empty()?;
            }
            recover_and_clean(&self.path)?;
            swap_in(&self.path, &staging, &id, self.marked)
        })();
        if result.is_err() {
            // Still this run's (or, after an exchange, the old folder that
            // was agrimatch's); an empty one if its marker was never written.
            if marker_of(&staging) == Marker::Run(id.clone()) {
                let _ = fs::remove_dir_all(&staging);
            } else {
                let _ = fs::remove_dir(&staging);
            }
        }
        result
    }

    /// Writes one file into the folder, which must already be the program's
    /// (e.g. `report.html` re-rendered into a plan's folder).
    pub fn write_file(&self, name: &str, write: &FileWriter) -> Result<()> {
        match marker_of(&self.path) {
            Marker::Output | Marker::Run(_) => write_file_atomically(&self.path.join(name), write),
            Marker::Missing => Err(refused(
                &self.path,
                t("ref-not-ours-no-marker", &[("marker", MARKER_FILE)]),
            )),
            Marker::Foreign(what) => Err(refused(
                &self.path,
                t("ref-not-ours-foreign", &[("marker", MARKER_FILE), ("what", &what)]),
            )),
        }
    }

    fn check(&self) -> Result<()> {
        let path = &self.path;
        match fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(Error::io(path, e)),
            Ok(meta) if meta.file_type().is_symlink() => return Err(refused(path, t("ref-folder-is-link", &[]))),
            Ok(meta) if !meta.is_dir() => {
                return Err(refused(path, t("ref-folder-is-file", &[])));
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
                    t("ref-out-is-input", &[("input", &input.display().to_string())]),
                ));
            }
            if input_resolved.starts_with(&resolved) {
                return Err(refused(
                    path,
                    t("ref-out-holds-input", &[("input", &input.display().to_string())]),
                ));
            }
        }
        match marker_of(path) {
            Marker::Output | Marker::Run(_) => Ok(()),
            Marker::Missing => self.check_empty(),
            Marker::Foreign(what) => Err(refused(
                path,
                t("ref-out-foreign-marker", &[("marker", MARKER_FILE), ("what", &what)]),
            )),
        }
    }

    fn check_empty(&self) -> Result<()> {
        let path = &self.path;
        if !path.exists() {
            return Ok(());
        }
        if !path.is_dir() {
            return Err(refused(path, t("ref-folder-is-file", &[])));
        }
        let entries = fs::read_dir(path).map_err(|e| Error::io(path, e))?.count();
        if entries > 0 {
            return Err(refused(
                path,
                t(
                    "ref-out-not-empty",
                    &[("marker", MARKER_FILE), ("entries", &entries.to_string())],
                ),
            ));
        }
        Ok(())
    }
}

/// Refuses a file the run would write (`flag`, e.g. `--write-lp`) inside
/// the output folder `out_dir`, which is replaced whole: the file would be
/// lost with the swap. Both paths are compared after resolving `..` and the
/// symbolic links of their existing parts. Call it before any work.
pub fn check_outside(out_dir: &Path, file: &Path, flag: &str) -> Result<()> {
    if resolve(file).starts_with(resolve(out_dir)) {
        return Err(refused(
            file,
            t(
                "ref-file-inside-out",
                &[("flag", flag), ("folder", &out_dir.display().to_string())],
            ),
        ));
    }
    Ok(())
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
            return Err(refused(path, t("ref-lp-file-not-ours", &[])));
        }
    }
    write_file_atomically(path, write)
}

/// Writes one file through a temporary sibling and a rename. Callers make
/// sure the file is the program's to replace.
fn write_file_atomically(path: &Path, write: &FileWriter) -> Result<()> {
    let pid = std::process::id();
    // A file of that name that someone else has is skipped, never truncated.
    for n in 0..1000 {
        let staging = sibling(path, "new", &run_id(pid, n));
        let file = match fs::OpenOptions::new().write(true).create_new(true).open(&staging) {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(&staging, e)),
        };
        let result = write_synced_to(file, &staging, write)
            .and_then(|()| fs::rename(&staging, path).map_err(|e| Error::io(path, e)));
        if result.is_err() {
            let _ = fs::remove_file(&staging);
        }
        return result;
    }
    Err(refused(path, t("ref-no-free-temporary-name", &[])))
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
    write_synced_to(file, path, write)
}

fn write_synced_to(file: fs::File, path: &Path, write: &FileWriter) -> Result<()> {
    let mut w = BufWriter::new(file);
    write(&mut w).map_err(|e| Error::io(path, e))?;
    let file = w.into_inner().map_err(|e| Error::io(path, e.into_error()))?;
    file.sync_all().map_err(|e| Error::io(path, e))
}

/// The run id `PID`, or `PID.N` when folders named with `PID` are taken.
fn run_id(pid: u32, n: u32) -> String {
    if n == 0 {
        pid.to_string()
    } else {
        format!("{pid}.{n}")
    }
}

/// The process id in a run id, if the text is one (`123` or `123.4`).
fn pid_of(id: &str) -> Option<u32> {
    let (pid, n) = id.split_once('.').unwrap_or((id, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(pid) || !digits(n) {
        return None;
    }
    pid.parse().ok()
}

/// Creates this run's staging folder beside `out_dir` under a run id whose
/// staging and set-aside names are both free: a folder of someone else's
/// with such a name is never reused or replaced.
fn create_staging(out_dir: &Path) -> Result<(PathBuf, String)> {
    let pid = std::process::id();
    for n in 0..1000 {
        let id = run_id(pid, n);
        if fs::symlink_metadata(sibling(out_dir, "old", &id)).is_ok() {
            continue;
        }
        let staging = sibling(out_dir, "new", &id);
        match fs::create_dir(&staging) {
            Ok(()) => return Ok((staging, id)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(&staging, e)),
        }
    }
    Err(refused(out_dir, t("ref-no-free-staging-name", &[])))
}

/// What the `agrimatch-output.txt` of a folder is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Marker {
    /// No such file.
    Missing,
    /// agrimatch's text: a finished output folder.
    Output,
    /// agrimatch's text and `run: ID`: a folder of run ID (staging or set
    /// aside, or an output folder that run is swapping).
    Run(String),
    /// Something else of that name (said in a message: "an empty ...").
    Foreign(String),
}

/// Reads the marker of `folder` without following a symbolic link and
/// without reading more than [`MARKER_MAX_BYTES`].
fn marker_of(folder: &Path) -> Marker {
    let path = folder.join(MARKER_FILE);
    // What the folder has instead, as a message says it.
    let foreign = |key: &str| Marker::Foreign(t(key, &[("marker", MARKER_FILE)]));
    let other = || foreign("ref-marker-other-text");
    match fs::symlink_metadata(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Marker::Missing,
        Err(_) => return foreign("ref-marker-unreadable"),
        Ok(meta) if meta.file_type().is_symlink() => return foreign("ref-marker-link"),
        Ok(meta) if !meta.is_file() => return foreign("ref-marker-not-file"),
        Ok(_) => {}
    }
    let mut bytes = Vec::new();
    let read = open_no_follow(&path).and_then(|file| file.take(MARKER_MAX_BYTES + 1).read_to_end(&mut bytes));
    if read.is_err() {
        return foreign("ref-marker-unreadable");
    }
    if bytes.is_empty() {
        return foreign("ref-marker-empty");
    }
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return other();
    };
    if text == MARKER_TEXT {
        return Marker::Output;
    }
    let run = text
        .strip_prefix(MARKER_TEXT)
        .and_then(|rest| rest.strip_prefix(RUN_LINE))
        .and_then(|rest| rest.strip_suffix('\n'))
        .filter(|id| pid_of(id).is_some());
    match run {
        Some(id) => Marker::Run(id.to_string()),
        None => other(),
    }
}

/// Opens an existing regular file for reading; a symbolic link (or a FIFO
/// that would block) is an error, not followed.
fn open_no_follow(path: &Path) -> std::io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::OpenOptionsExt;
        // FILE_FLAG_OPEN_REPARSE_POINT: open a link itself, not its target.
        options.custom_flags(0x0020_0000);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other(t("ref-not-regular-file", &[])));
    }
    Ok(file)
}

/// Writes the marker of `folder`, with `run: ID` when `run` is given,
/// replacing the old one in one rename.
fn write_marker(folder: &Path, run: Option<&str>) -> Result<()> {
    let text = match run {
        Some(id) => format!("{MARKER_TEXT}{RUN_LINE}{id}\n"),
        None => MARKER_TEXT.to_string(),
    };
    let write: FileWriter = Box::new(move |w| w.write_all(text.as_bytes()));
    write_file_atomically(&folder.join(MARKER_FILE), &write)
}

/// Puts the complete `staging` folder of run `id` at `out_dir`, which is
/// new, empty or agrimatch's (checked under the lock the caller holds).
/// Whatever sits aside at any instant carries the marker of run `id`, so a
/// kill leaves nothing that the next run could not tell from a user's.
fn swap_in(out_dir: &Path, staging: &Path, id: &str, marked: bool) -> Result<()> {
    if fs::symlink_metadata(out_dir).is_ok() && marker_of(out_dir) == Marker::Missing {
        // Empty (checked): removing it loses nothing, and fails if
        // someone put a file there since.
        fs::remove_dir(out_dir).map_err(|e| Error::io(out_dir, e))?;
    }
    if fs::symlink_metadata(out_dir).is_err() {
        finish_marker(staging, marked)?;
        return fs::rename(staging, out_dir).map_err(|e| Error::io(out_dir, e));
    }
    // The old folder will sit under a name of this run's: mark it so.
    write_marker(out_dir, Some(id))?;
    if !test_two_renames() && exchange(staging, out_dir).map_err(|e| Error::io(out_dir, e))? {
        // `staging` now holds the old folder.
        finish_marker(out_dir, marked)?;
        return fs::remove_dir_all(staging).map_err(|e| Error::io(staging, e));
    }
    let old = sibling(out_dir, "old", id);
    fs::rename(out_dir, &old).map_err(|e| Error::io(out_dir, e))?;
    crate::test_hooks::pause("between the two renames");
    if let Err(e) = fs::rename(staging, out_dir) {
        let _ = fs::rename(&old, out_dir);
        return Err(Error::io(out_dir, e));
    }
    finish_marker(out_dir, marked)?;
    fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))
}

/// The marker a finished folder keeps: agrimatch's text alone (the same
/// bytes on every run), or none for a folder a person will edit.
fn finish_marker(folder: &Path, marked: bool) -> Result<()> {
    if marked {
        write_marker(folder, None)
    } else {
        let path = folder.join(MARKER_FILE);
        fs::remove_file(&path).map_err(|e| Error::io(&path, e))
    }
}

/// Swaps two paths in one step; `Ok(false)` where the kernel or file
/// system cannot. Through the raw system call, not glibc's `renameat2`
/// wrapper, which glibc has only since 2.28 (EL7 has 2.17).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes()).map_err(std::io::Error::other)?;
    let b = CString::new(b.as_os_str().as_bytes()).map_err(std::io::Error::other)?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call; the
    // arguments are those of renameat2(2) in its order and C types.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
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
        // Not in this kernel (before 3.15) or not on this file system: fall back.
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Takes the lock that makes runs writing into `parent` take turns: a lock
/// of its [`LOCK_FILE`] (a file, not the folder: Windows cannot lock a
/// folder handle). Released when the returned file is dropped, also when
/// the process dies.
fn lock_parent(parent: &Path) -> Result<fs::File> {
    let path = parent.join(LOCK_FILE);
    let file = match fs::OpenOptions::new().write(true).create_new(true).open(&path) {
        Ok(mut file) => {
            // A person who finds it learns what it is.
            file.write_all(LOCK_TEXT.as_bytes()).map_err(|e| Error::io(&path, e))?;
            file
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            open_no_follow(&path).map_err(|e| refused(&path, t("ref-lock-not-file", &[("error", &e.to_string())])))?
        }
        Err(e) => return Err(Error::io(&path, e)),
    };
    file.lock().map_err(|e| Error::io(&path, e))?;
    Ok(file)
}

/// Under the parent's lock: puts back an old folder that a killed run had
/// set aside (the two-rename fallback), and removes the staging folders of
/// runs that are gone. Only folders whose marker names the run of their
/// name count; anything else with such a name is a user's and stays.
fn recover_and_clean(out_dir: &Path) -> Result<()> {
    let parent = parent_of(out_dir);
    let prefix = format!(".{}.agrimatch-", file_name(out_dir));
    let Ok(entries) = fs::read_dir(parent) else {
        return Ok(());
    };
    let own = std::process::id();
    let mut stale: Vec<(String, PathBuf)> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let rest = name.strip_prefix(&prefix)?;
            let (what, id) = rest.split_once('-')?;
            let pid = pid_of(id)?;
            // A set-aside folder exists only while its run holds the lock
            // we hold now, so its run is gone. A staging folder is written
            // without the lock: its run must be gone (a process id can only
            // tell that on Unix; elsewhere staging folders are left).
            let gone = match what {
                "old" => true,
                "new" => pid != own && !process_alive(pid),
                _ => false,
            };
            let path = e.path();
            let ours = gone
                && fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir())
                && marker_of(&path) == Marker::Run(id.to_string());
            ours.then(|| (what.to_string(), path))
        })
        .collect();
    // Staging folders ("new") go first; then the first old folder is put back.
    stale.sort();
    for (what, path) in stale {
        if what == "old" && fs::symlink_metadata(out_dir).is_err() {
            fs::rename(&path, out_dir).map_err(|e| Error::io(out_dir, e))?;
            // As it was before it was set aside.
            write_marker(out_dir, None)?;
        } else {
            fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
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

/// What a path resolves to, also when it does not exist yet: `.` and `..`
/// taken out, every existing part's symbolic links resolved, the rest
/// appended as written.
fn resolve(path: &Path) -> PathBuf {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_or_else(|_| path.to_path_buf(), |d| d.join(path))
    };
    let mut resolved = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::Prefix(_) | Component::RootDir => resolved.push(part),
            Component::CurDir => {}
            // `resolved` has no links left, so its parent is the real one.
            Component::ParentDir => {
                resolved.pop();
            }
            Component::Normal(name) => {
                resolved.push(name);
                if let Ok(real) = resolved.canonicalize() {
                    resolved = real;
                }
            }
        }
    }
    resolved
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

/// `out` -> `.out.agrimatch-<what>-<id>` in the same parent folder, so the
/// rename stays on one file system.
fn sibling(out_dir: &Path, what: &str, id: &str) -> PathBuf {
    parent_of(out_dir).join(format!(".{}.agrimatch-{what}-{id}", file_name(out_dir)))
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
        assert_eq!(
            fs::read_to_string(out.join(MARKER_FILE)).expect("marker"),
            MARKER_TEXT,
            "the same marker bytes on every run"
        );
        assert_eq!(names_in(tmp.path()), ["out"], "no staging folder left behind");
    }

    /// The names in `dir` but agrimatch's lock file, sorted.
    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n != LOCK_FILE)
            .collect();
        names.sort();
        names
    }

    /// Every file under `dir` with its bytes (links as their targets), sorted.
    fn snapshot(dir: &Path) -> Vec<(PathBuf, String)> {
        let mut files = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for entry in fs::read_dir(&d).expect("list") {
                let path = entry.expect("entry").path();
                let meta = fs::symlink_metadata(&path).expect("meta");
                if meta.file_type().is_symlink() {
                    let target = fs::read_link(&path).expect("link");
                    files.push((path, format!("-> {}", target.display())));
                } else if meta.is_dir() {
                    files.push((path.clone(), "dir".into()));
                    stack.push(path);
                } else {
                    files.push((path.clone(), fs::read_to_string(&path).expect("read")));
                }
            }
        }
        files.sort();
        files
    }

    fn run_marker(id: &str) -> String {
        format!("{MARKER_TEXT}{RUN_LINE}{id}\n")
    }

    #[test]
    fn folders_named_like_ours_without_our_marker_are_a_users() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("results");
        // Named like a staging or set-aside folder of a dead run, but: no
        // marker, agrimatch's text without a run, another run's id.
        for (name, marker) in [
            ("new-4000001", None),
            ("old-4000001", None),
            ("old-4000002", Some(MARKER_TEXT.to_string())),
            ("old-4000003", Some(run_marker("4000004"))),
            ("new-4000005", Some(run_marker("4000004"))),
        ] {
            let dir = sibling(&out, name.split('-').next().expect("what"), &name[4..]);
            fs::create_dir(&dir).expect("mkdir");
            fs::write(dir.join("notes.txt"), "mine").expect("write");
            if let Some(marker) = marker {
                fs::write(dir.join(MARKER_FILE), marker).expect("write");
            }
        }
        let before = snapshot(tmp.path());
        write_folder_atomically(&out, &one_file("new")).expect("written beside them");
        assert_eq!(fs::read_to_string(out.join("a.csv")).expect("read"), "new");
        assert!(
            !out.join("notes.txt").exists(),
            "no user folder was put back as the output"
        );
        let after: Vec<_> = snapshot(tmp.path())
            .into_iter()
            .filter(|(p, _)| !p.starts_with(&out) && !p.ends_with(LOCK_FILE))
            .collect();
        assert_eq!(after, before, "every user folder untouched");
    }

    #[test]
    fn a_users_folder_with_this_runs_staging_name_is_never_reused() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("out");
        let taken = sibling(&out, "new", &std::process::id().to_string());
        fs::create_dir(&taken).expect("mkdir");
        fs::write(taken.join("notes.txt"), "mine").expect("write");
        write_folder_atomically(&out, &one_file("1")).expect("written");
        assert_eq!(fs::read_to_string(taken.join("notes.txt")).expect("kept"), "mine");
        assert_eq!(names_in(&taken), ["notes.txt"]);
    }

    #[test]
    fn a_false_marker_makes_a_folder_refused_and_untouched() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let elsewhere = tmp.path().join("real-marker.txt");
        fs::write(&elsewhere, MARKER_TEXT).expect("write");
        let cases: [(&str, Option<String>); 6] = [
            ("empty", Some(String::new())),
            ("other text", Some("hello\n".into())),
            ("more after the text", Some(format!("{MARKER_TEXT}and my notes\n"))),
            (
                "too large",
                Some(format!("{MARKER_TEXT}{RUN_LINE}1{}\n", "0".repeat(5000))),
            ),
            ("a symbolic link", None),
            ("a folder", None),
        ];
        for (case, marker) in cases {
            let folder = tmp.path().join(case.replace(' ', "-"));
            fs::create_dir(&folder).expect("mkdir");
            fs::write(folder.join("thesis.docx"), "years of work").expect("write");
            let path = folder.join(MARKER_FILE);
            match (case, marker) {
                (_, Some(text)) => fs::write(&path, text).expect("write"),
                ("a folder", None) => fs::create_dir(&path).expect("mkdir"),
                _ => {
                    #[cfg(unix)]
                    std::os::unix::fs::symlink(&elsewhere, &path).expect("symlink");
                    #[cfg(not(unix))]
                    continue;
                }
            }
            let before = snapshot(tmp.path());
            let err = write_folder_atomically(&folder, &one_file("x")).expect_err(case);
            assert!(err.to_string().contains(MARKER_FILE), "{case}: {err}");
            let page: FileWriter = Box::new(|w| w.write_all(b"<html>"));
            let err = OutputFolder {
                path: folder.clone(),
                inputs: Vec::new(),
                marked: true,
                csv_bom: false,
            }
            .write_file("report.html", &page)
            .expect_err(case);
            assert!(err.to_string().contains(MARKER_FILE), "{case}: {err}");
            let after: Vec<_> = snapshot(tmp.path())
                .into_iter()
                .filter(|(p, _)| !p.ends_with(LOCK_FILE))
                .collect();
            assert_eq!(after, before, "{case}: nothing touched");
        }
    }

    #[test]
    fn a_file_inside_the_output_folder_is_refused_however_spelled() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let t = tmp.path();
        let out = t.join("o1");
        let inside = [
            out.join("model.lp"),
            out.clone(),
            out.join("sub").join("..").join("model.lp"),
            t.join("x").join("..").join("o1").join("model.lp"),
            out.join(".").join("deeper").join("model.lp"),
        ];
        for file in &inside {
            let err = check_outside(&out, file, "--write-lp").expect_err("inside, o1 new");
            assert!(err.to_string().contains("--write-lp: expected a file outside"), "{err}");
        }
        for file in [
            t.join("model.lp"),
            t.join("o10").join("model.lp"),
            out.join("..").join("m.lp"),
        ] {
            check_outside(&out, &file, "--write-lp").expect("outside");
        }
        fs::create_dir(&out).expect("mkdir");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&out, t.join("link")).expect("symlink");
            let err = check_outside(&out, &t.join("link").join("model.lp"), "--write-lp").expect_err("through a link");
            assert!(err.to_string().contains("outside"), "{err}");
            let err = check_outside(&t.join("link"), &out.join("model.lp"), "--write-lp").expect_err("out by a link");
            assert!(err.to_string().contains("outside"), "{err}");
        }
    }

    #[test]
    fn the_lock_is_a_file_beside_the_folder_that_stays() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join("out");
        write_folder_atomically(&out, &one_file("1")).expect("written");
        let lock = tmp.path().join(LOCK_FILE);
        assert_eq!(fs::read_to_string(&lock).expect("lock file"), LOCK_TEXT);
        write_folder_atomically(&out, &one_file("2")).expect("written again");
        assert_eq!(
            fs::read_to_string(&lock).expect("lock file"),
            LOCK_TEXT,
            "kept as it was"
        );
        #[cfg(unix)]
        {
            // A link there is neither followed nor replaced.
            let other = tempfile::tempdir().expect("temp dir");
            let out = other.path().join("out");
            let target = other.path().join("target.txt");
            std::os::unix::fs::symlink(&target, other.path().join(LOCK_FILE)).expect("symlink");
            let err = write_folder_atomically(&out, &one_file("1")).expect_err("refused");
            assert!(err.to_string().contains("lock file"), "{err}");
            assert!(!target.exists() && !out.exists());
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_exchange_swaps_two_folders_in_one_step() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
        for (dir, text) in [(&a, "a"), (&b, "b")] {
            fs::create_dir(dir).expect("mkdir");
            fs::write(dir.join("f"), text).expect("write");
        }
        // tmpfs and ext4 (where tests run) support it; a `false` would be the fallback.
        assert!(exchange(&a, &b).expect("renameat2"));
        assert_eq!(fs::read_to_string(a.join("f")).expect("read"), "b");
        assert_eq!(fs::read_to_string(b.join("f")).expect("read"), "a");
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
        let dead = "2000000000";
        for what in ["old", "new"] {
            let dir = sibling(&out, what, dead);
            fs::create_dir(&dir).expect("mkdir");
            fs::write(dir.join(MARKER_FILE), run_marker(dead)).expect("write");
            fs::write(dir.join("a.csv"), what).expect("write");
        }
        recover_and_clean(&out).expect("recovered");
        assert_eq!(fs::read_to_string(out.join("a.csv")).expect("read"), "old");
        assert_eq!(
            fs::read_to_string(out.join(MARKER_FILE)).expect("marker"),
            MARKER_TEXT,
            "as it was before it was set aside"
        );
        assert_eq!(names_in(tmp.path()), ["out"]);
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
