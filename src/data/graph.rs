//! The lanes as a directed graph over locations, and the one answer to
//! "which locations can a lane path reach" that validation, the objective
//! weights, fair groups, splitting and `check` all share.

use super::instance::{Instance, LocationIx};

/// Lanes out of every location, in the order of lanes.csv.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaneGraph {
    lanes_out: Vec<Vec<LocationIx>>,
}

impl LaneGraph {
    /// The graph of `instance`'s lanes.
    pub fn of(instance: &Instance) -> LaneGraph {
        LaneGraph::from_pairs(
            instance.locations.len(),
            instance.lanes.iter().map(|lane| (lane.from, lane.to)),
        )
    }

    /// The graph over `locations` locations of the lanes `(from, to)`.
    pub fn from_pairs(locations: usize, lanes: impl IntoIterator<Item = (LocationIx, LocationIx)>) -> LaneGraph {
        let mut lanes_out = vec![Vec::new(); locations];
        for (from, to) in lanes {
            lanes_out[from.0].push(to);
        }
        LaneGraph { lanes_out }
    }

    /// The locations reached from any of `starts` along a path of one or
    /// more lanes, by location index ("lane targets only"). A start counts
    /// only when a path returns to it; a caller for whom the starting
    /// places count as reached (produce is where it starts) adds them itself.
    pub fn reachable_from(&self, starts: impl IntoIterator<Item = LocationIx>) -> Vec<bool> {
        let mut reached = vec![false; self.lanes_out.len()];
        let mut stack: Vec<LocationIx> = starts.into_iter().collect();
        while let Some(at) = stack.pop() {
            for &to in &self.lanes_out[at.0] {
                if !reached[to.0] {
                    reached[to.0] = true;
                    stack.push(to);
                }
            }
        }
        reached
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(locations: usize, lanes: &[(usize, usize)]) -> LaneGraph {
        LaneGraph::from_pairs(
            locations,
            lanes.iter().map(|&(from, to)| (LocationIx(from), LocationIx(to))),
        )
    }

    fn reached(graph: &LaneGraph, starts: &[usize]) -> Vec<usize> {
        let reached = graph.reachable_from(starts.iter().map(|&n| LocationIx(n)));
        (0..reached.len()).filter(|&n| reached[n]).collect()
    }

    /// The rule: lane targets only. Farm 0 ships to hub 1, hubs 1 and 2 form
    /// a cycle, hub 2 ships to store 3 and back to farm 0; farm 4 has no lane.
    #[test]
    fn only_places_a_lane_path_ends_at_are_reached() {
        let g = graph(5, &[(0, 1), (1, 2), (2, 1), (2, 3)]);
        assert_eq!(reached(&g, &[0]), [1, 2, 3], "the farm itself is not reached");
        assert_eq!(reached(&g, &[1]), [1, 2, 3], "a hub on a cycle reaches itself");
        assert_eq!(
            reached(&g, &[4]),
            Vec::<usize>::new(),
            "a farm with no lanes reaches nothing"
        );
        assert_eq!(reached(&g, &[3]), Vec::<usize>::new(), "a store with no lane out");

        let back = graph(5, &[(0, 1), (1, 2), (2, 1), (2, 3), (2, 0)]);
        assert_eq!(reached(&back, &[0]), [0, 1, 2, 3], "a path returns to the farm");
    }

    #[test]
    fn several_starts_reach_the_union_of_their_targets() {
        let g = graph(6, &[(0, 2), (1, 3), (3, 4)]);
        assert_eq!(reached(&g, &[0, 1]), [2, 3, 4]);
        assert_eq!(reached(&g, &[0, 3]), [2, 4], "a start reached by no one else stays out");
        assert_eq!(reached(&g, &[]), Vec::<usize>::new());
    }
}
