//! Stage 1 and 2: reading the scenario's CSV files (or workbook) and validating them into
//! an [`Instance`].

pub mod dates;
pub mod graph;
pub mod instance;
pub(crate) mod key_values;
pub mod read;
pub mod validate;
pub mod workbook;
pub mod workbook_scan;

pub use graph::LaneGraph;
pub use instance::*;
pub use read::{FolderFiles, MemoryFiles, ScenarioFiles};
pub use validate::{open_scenario, read_csv_style, read_instance, read_instance_from};
