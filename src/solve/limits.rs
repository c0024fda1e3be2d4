//! Refusing models larger than the machine can hold, before building or
//! solving them, with the size and the memory they would need: better than
//! swapping for an hour or being killed by the kernel.

use crate::data::Instance;
use crate::error::{Error, Result};
use crate::model::states::StateSpace;
use crate::model::LpModel;

/// Bytes per state of the dense arrays: reachability flags and row numbers.
const BYTES_PER_STATE: f64 = 5.0;
/// Bytes per LP column and row while solving, measured on the Luodian year
/// (10,090 columns and 6,072 rows: 20 MB peak), with a margin of 4x for
/// solver work space on larger models.
const BYTES_PER_COLUMN_AND_ROW: f64 = 5_000.0;

/// Most (location, product, week, age) states a model may span. The dense
/// arrays and the passes over them grow with this count whatever the machine
/// (10,000 weeks of produce that keeps 10,000 weeks would take minutes and
/// many GB before anything useful happens), so it is a fixed rule, the same on
/// every machine. The largest benchmark (4,800 farms, 8 products, 52 weeks)
/// spans about 4.3e7.
pub const MAX_STATES: u128 = 200_000_000;

/// The memory a run may use.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum MemoryLimit {
    /// What the system says is available (`MemAvailable` in /proc/meminfo);
    /// no limit where it says nothing.
    #[default]
    System,
    /// A fixed number of bytes (tests, or a user who knows better).
    Bytes(f64),
}

impl MemoryLimit {
    /// Bytes available, if known.
    pub fn available_bytes(self) -> Option<f64> {
        match self {
            MemoryLimit::Bytes(bytes) => Some(bytes),
            MemoryLimit::System => {
                let meminfo = std::fs::read_to_string("/proc/meminfo").ok()?;
                let line = meminfo.lines().find(|l| l.starts_with("MemAvailable:"))?;
                let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
                Some(kib * 1024.0)
            }
        }
    }
}

fn gib(bytes: f64) -> String {
    format!("{:.1} GiB", bytes / f64::from(1u32 << 30))
}

fn too_large(what: String, need: f64, available: f64) -> Error {
    Error::TooLarge(format!(
        "{what} and need about {} of memory; {} is available. Plan fewer weeks, products or lanes, \
         or use a machine with more memory",
        gib(need),
        gib(available)
    ))
}

/// Checks the state space of `instance` before any model is built.
pub fn check_instance_fits(instance: &Instance, limit: MemoryLimit) -> Result<()> {
    check_state_count(instance)?;
    let Some(available) = limit.available_bytes() else {
        return Ok(());
    };
    let states = StateSpace::dense_size(instance) as f64;
    let need = states * BYTES_PER_STATE;
    if need > available {
        return Err(too_large(
            format!(
                "the scenario spans {} locations x {} products x {} weeks x ages: {states:.3e} states to track",
                instance.locations.len(),
                instance.products.len(),
                instance.weeks
            ),
            need,
            available,
        ));
    }
    Ok(())
}

/// Refuses a scenario spanning more than [`MAX_STATES`] states, from counts
/// alone (no loop over weeks or ages runs before this).
pub fn check_state_count(instance: &Instance) -> Result<()> {
    let states = StateSpace::dense_size(instance);
    if states <= MAX_STATES {
        return Ok(());
    }
    Err(Error::TooLarge(format!(
        "the scenario spans {} locations x {} products x {} weeks x {} ages of produce: {states:.3e} states, \
         more than the {MAX_STATES:.1e} agrimatch tracks. Plan fewer weeks (or longer periods with period_days), \
         or split the scenario by region",
        instance.locations.len(),
        instance.products.len(),
        instance.weeks,
        StateSpace::age_count(instance)
    )))
}

/// Checks a built model before it is handed to a solver.
pub fn check_model_fits(model: &LpModel, limit: MemoryLimit) -> Result<()> {
    let Some(available) = limit.available_bytes() else {
        return Ok(());
    };
    let need = (model.columns.len() + model.rows.len()) as f64 * BYTES_PER_COLUMN_AND_ROW;
    if need > available {
        return Err(too_large(
            format!(
                "the model would have {} variables and {} constraints",
                model.columns.len(),
                model.rows.len()
            ),
            need,
            available,
        ));
    }
    Ok(())
}
