//! Stage 3: the linear program. `costs` holds the objective's weights,
//! `states` finds where produce can be, `build` writes the LP, `lp` hands it to a solver through good_lp.

pub mod build;
pub mod costs;
pub mod lp;
pub mod lp_file;
pub mod states;
pub mod trucks;

pub use build::{build_model, build_model_with, ColumnKey, LpModel, LpRow, RowKey};
pub use costs::ObjectiveWeights;
pub use lp::{solve_lp, LpSolution, LpSolver, LpStatus};
pub use lp_file::write_lp_file;
pub use trucks::{build_truck_model, build_truck_model_with};
