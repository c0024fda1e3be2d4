//! The one vocabulary of how a planning run ended.
//!
//! Several types say how something ended, each for its own stage: an LP
//! solve ([`crate::model::LpStatus`]), a run without a plan ([`PlanStatus`](super::PlanStatus)),
//! a truck search ([`GapStatus`]), a planning run ([`Outcome`](super::Outcome)) and one run
//! of a table of runs ([`RunStatus`](super::RunStatus)). They carry different data, but they
//! all end up as one word in `summary.csv`, in tables and in the catalog
//! (`status-<word>`, `meaning-<word>`): that word, and what it implies, is
//! decided here and nowhere else, and a plan folder is read back through it.

use super::trucks::GapStatus;
use super::Method;

/// Every status word agrimatch writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// An LP plan whose optimality a checked certificate proves, or a truck
    /// plan that costs its lower bound.
    Optimal,
    /// An LP plan its solver calls optimal, with no checked certificate.
    Solved,
    /// A truck plan within `--gap` of its lower bound.
    WithinGap,
    /// A truck plan further than `--gap` from its lower bound.
    AboveGap,
    /// The greedy baseline: feasible, not optimised.
    Baseline,
    /// Committed window by window over a rolling horizon.
    Rolled,
    /// No plan meets every constraint.
    Infeasible,
    /// The cost can fall without end.
    Unbounded,
    /// `--time-limit` stopped the solver before a plan was proven.
    TimeLimit,
    /// The solver gave up or reported trouble.
    Failed,
    /// The solver's plan failed the independent check.
    Unverified,
    /// The run could not start.
    Error,
}

impl Status {
    /// Every status, in the order the catalog lists them.
    pub const ALL: [Status; 12] = [
        Status::Optimal,
        Status::Solved,
        Status::WithinGap,
        Status::AboveGap,
        Status::Baseline,
        Status::Rolled,
        Status::Infeasible,
        Status::Unbounded,
        Status::TimeLimit,
        Status::Failed,
        Status::Unverified,
        Status::Error,
    ];

    /// The word in `summary.csv` and the catalog key's tail.
    pub fn word(self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Solved => "solved",
            Status::WithinGap => "within_gap",
            Status::AboveGap => "above_gap",
            Status::Baseline => "baseline",
            Status::Rolled => "rolled",
            Status::Infeasible => "infeasible",
            Status::Unbounded => "unbounded",
            Status::TimeLimit => "time_limit",
            Status::Failed => "failed",
            Status::Unverified => "unverified",
            Status::Error => "error",
        }
    }

    /// The status a word names (reading `summary.csv` back).
    pub fn from_word(word: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.word() == word)
    }

    /// A verified plan was written or shown, however it ended: what `plan`'s
    /// exit code 0 means.
    pub fn is_planned(self) -> bool {
        matches!(
            self,
            Status::Optimal | Status::Solved | Status::WithinGap | Status::AboveGap | Status::Baseline | Status::Rolled
        )
    }

    /// A plan solved to its solver's optimum and verified (a truck plan:
    /// within the gap asked for). Whether a certificate proves it is the
    /// difference between `optimal` and `solved`.
    pub fn is_optimal(self) -> bool {
        matches!(self, Status::Optimal | Status::Solved | Status::WithinGap)
    }
}

impl From<GapStatus> for Status {
    fn from(gap: GapStatus) -> Status {
        match gap {
            GapStatus::Optimal => Status::Optimal,
            GapStatus::WithinGap => Status::WithinGap,
            GapStatus::AboveGap => Status::AboveGap,
        }
    }
}

impl Method {
    /// How a verified plan by this method ended, its certificate checked
    /// (an LP plan without one is [`Status::Solved`]).
    pub fn ended(self) -> Status {
        match self {
            Method::Lp(_) => Status::Optimal,
            Method::Greedy => Status::Baseline,
            Method::Rolled(_) => Status::Rolled,
            Method::Trucks(_, gap) => gap.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_reads_back_and_is_worded_in_both_languages() {
        for status in Status::ALL {
            assert_eq!(Status::from_word(status.word()), Some(status));
            let key = format!("status-{}", status.word());
            for lang in [crate::lang::Lang::En, crate::lang::Lang::ZhCn] {
                let text = lang.text(&key, &[]);
                assert!(!text.is_empty() && text != key, "{key} has no text in {lang:?}");
            }
        }
        assert_eq!(Status::from_word("maybe"), None);
    }

    #[test]
    fn only_plans_count_as_planned_and_only_optimal_ends_as_optimal() {
        let planned: Vec<&str> = Status::ALL
            .into_iter()
            .filter(|s| s.is_planned())
            .map(Status::word)
            .collect();
        assert_eq!(
            planned,
            ["optimal", "solved", "within_gap", "above_gap", "baseline", "rolled"]
        );
        let optimal: Vec<&str> = Status::ALL
            .into_iter()
            .filter(|s| s.is_optimal())
            .map(Status::word)
            .collect();
        assert_eq!(optimal, ["optimal", "solved", "within_gap"]);
    }
}
