//! Hooks for the project's own tests, compiled into debug builds only: a
//! test stops a run at a named point to kill it exactly there, instead of
//! guessing from the clock how far the run has come.

/// `AGRIMATCH_TEST_PAUSE=<where>:<ms>`: at the point named `at`, says so on
/// stderr (the test waits for that line) and sleeps `ms` milliseconds.
/// Does nothing in a release build.
pub(crate) fn pause(at: &str) {
    #[cfg(debug_assertions)]
    if let Ok(spec) = std::env::var("AGRIMATCH_TEST_PAUSE") {
        if let Some(ms) = spec.strip_prefix(at).and_then(|r| r.strip_prefix(':')) {
            if let Ok(ms) = ms.parse::<u64>() {
                eprintln!("agrimatch: test pause at {at}");
                std::thread::sleep(std::time::Duration::from_millis(ms));
            }
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = at;
}
