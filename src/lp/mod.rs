//! agrimatch's own LP solvers for the shapes its models take: the network
//! simplex for pure min-cost flows (`network`), and the coupled simplex for
//! a network plus coupling rows (`coupled`). Both keep a spanning tree
//! (`tree`). `model` builds the LP; these solve it.

pub mod coupled;
pub mod network;
mod tree;
