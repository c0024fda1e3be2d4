//! Refusing models larger than the machine can hold, before building or
//! solving them, with the size and the memory they would need: better than
//! swapping for an hour or being killed by the kernel.

use crate::data::Instance;
use crate::error::{Error, Result};
use crate::lang::t;
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

/// The memory budget of a run when none is given (`--memory`): 16 GiB.
/// A fixed figure, not what the machine has free at the moment: a brief
/// dip in free memory on a shared machine must not turn a plan into a
/// refusal (the same input gives the same answer everywhere).
pub const DEFAULT_MEMORY_BYTES: f64 = 16.0 * (1u64 << 30) as f64;

/// The memory a run may use, by which models are refused before they are
/// built: estimated from counts of states, columns and rows, never read off
/// the machine.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MemoryLimit {
    /// A budget in bytes (`--memory`, or [`DEFAULT_MEMORY_BYTES`]).
    Bytes(f64),
}

impl Default for MemoryLimit {
    fn default() -> Self {
        MemoryLimit::Bytes(DEFAULT_MEMORY_BYTES)
    }
}

impl MemoryLimit {
    /// Bytes the run may use.
    pub fn available_bytes(self) -> Option<f64> {
        match self {
            MemoryLimit::Bytes(bytes) => Some(bytes),
        }
    }

    /// `--memory`: bytes, or a number with `K`, `M`, `G` or `T` (powers of
    /// 1024; `GiB`, `GB` and `g` are read alike); `None` for anything else.
    pub fn parse(text: &str) -> Option<MemoryLimit> {
        let text = text.trim();
        let digits_end = text
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(text.len());
        let (number, unit) = text.split_at(digits_end);
        let number: f64 = number.parse().ok()?;
        let unit = unit.trim().to_ascii_uppercase();
        let unit = unit.trim_end_matches('B').trim_end_matches('I');
        let scale = match unit {
            "" => 1.0,
            "K" => 1024.0,
            "M" => 1024.0 * 1024.0,
            "G" => f64::from(1u32 << 30),
            "T" => f64::from(1u32 << 30) * 1024.0,
            _ => return None,
        };
        let bytes = number * scale;
        (bytes.is_finite() && bytes > 0.0).then_some(MemoryLimit::Bytes(bytes))
    }
}

fn gib(bytes: f64) -> String {
    format!("{:.1} GiB", bytes / f64::from(1u32 << 30))
}

fn too_large(what: String, need: f64, available: f64) -> Error {
    Error::TooLarge(t(
        "ref-too-large-memory",
        &[("what", &what), ("need", &gib(need)), ("budget", &gib(available))],
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
            t(
                "ref-too-large-states-to-track",
                &[
                    ("locations", &instance.locations.len().to_string()),
                    ("products", &instance.products.len().to_string()),
                    ("weeks", &instance.weeks.to_string()),
                    ("states", &format!("{states:.3e}")),
                ],
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
    Err(Error::TooLarge(t(
        "ref-too-large-states",
        &[
            ("locations", &instance.locations.len().to_string()),
            ("products", &instance.products.len().to_string()),
            ("weeks", &instance.weeks.to_string()),
            ("ages", &StateSpace::age_count(instance).to_string()),
            ("states", &format!("{states:.3e}")),
            ("max", &format!("{MAX_STATES:.1e}")),
        ],
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
            t(
                "ref-too-large-model",
                &[
                    ("variables", &model.columns.len().to_string()),
                    ("constraints", &model.rows.len().to_string()),
                ],
            ),
            need,
            available,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_budgets_are_read_in_binary_units() {
        let gib = f64::from(1u32 << 30);
        assert_eq!(MemoryLimit::parse("8G"), Some(MemoryLimit::Bytes(8.0 * gib)));
        assert_eq!(MemoryLimit::parse("8GiB"), Some(MemoryLimit::Bytes(8.0 * gib)));
        assert_eq!(
            MemoryLimit::parse("512m"),
            Some(MemoryLimit::Bytes(512.0 * 1024.0 * 1024.0))
        );
        assert_eq!(MemoryLimit::parse("1000"), Some(MemoryLimit::Bytes(1000.0)));
        assert_eq!(MemoryLimit::parse("0.5T"), Some(MemoryLimit::Bytes(512.0 * gib)));
        for bad in ["", "G", "-1G", "8X", "0", "1e400"] {
            assert_eq!(MemoryLimit::parse(bad), None, "{bad:?}");
        }
        assert_eq!(MemoryLimit::default(), MemoryLimit::Bytes(DEFAULT_MEMORY_BYTES));
    }
}
