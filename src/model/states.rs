//! Which (location, product, week, age) states can hold produce at all.
//!
//! A state is *reachable* when some harvest or opening stock can get there
//! (by waiting or along lanes) without spoiling, and *useful* when from
//! there it can still reach a sale at a store, or stay fresh until the end
//! of the horizon (closing stock). The model creates variables only between
//! states that are both; everything else could never be non-zero.
//!
//! This is not [`crate::data::LaneGraph::reachable_from`]: a place a lane
//! path reaches is reachable here only in the weeks and at the ages that
//! transit times and shelf life allow.

use crate::data::{AgePeriods, Instance, LocationIx, LocationKind, ProductIx, Week};

const REACHABLE: u8 = 1;
const USEFUL: u8 = 2;

/// A state key: location, product, week, age (periods).
pub type State = (LocationIx, ProductIx, Week, AgePeriods);

/// Dense flags over all states; indexes are computed, not hashed, because
/// this is the model's hot loop.
pub struct StateSpace {
    weeks: usize,
    ages: usize,
    products: usize,
    flags: Vec<u8>,
    /// `demand[(n * products + p) * weeks + t - 1]`: store n orders p in week t.
    demand: Vec<bool>,
}

impl StateSpace {
    /// Ages the dense flags cover: no produce can be older than the oldest
    /// opening stock plus the horizon, however long its shelf life.
    pub fn age_count(instance: &Instance) -> usize {
        let max_age = instance.products.iter().map(|p| p.max_age).max().unwrap_or(0);
        let oldest_stock = instance.stock.iter().map(|s| s.age.min(max_age)).max().unwrap_or(0);
        max_age.min(oldest_stock.saturating_add(instance.weeks - 1)) as usize + 1
    }

    /// Number of states the dense flags cover (for size limits and messages).
    pub fn dense_size(instance: &Instance) -> u128 {
        let ages = Self::age_count(instance) as u128;
        instance.locations.len() as u128 * instance.products.len() as u128 * u128::from(instance.weeks) * ages
    }

    fn index(&self, (n, p, t, a): State) -> usize {
        ((n.0 * self.products + p.0) * self.weeks + (t as usize - 1)) * self.ages + a as usize
    }

    fn in_range(&self, instance: &Instance, (n, p, t, a): State) -> bool {
        t >= 1 && t <= instance.weeks && a <= instance.max_age_at(n, p) && (a as usize) < self.ages
    }

    fn flags_of(&self, (n, p, t, a): State) -> u8 {
        if t == 0 || t as usize > self.weeks || a as usize >= self.ages {
            return 0;
        }
        self.flags[self.index((n, p, t, a))]
    }

    /// Whether any produce can be in `state` (so it needs a column or row).
    pub fn is_reachable(&self, state: State) -> bool {
        self.flags_of(state) & REACHABLE != 0
    }

    /// Reachable and useful: a variable touching this state may be non-zero.
    pub fn is_live(&self, state: State) -> bool {
        self.flags_of(state) == REACHABLE | USEFUL
    }

    /// Position of an in-range state in the dense order, which is the order
    /// of `(location, product, week, age)`; `None` outside the space.
    pub fn dense_index(&self, state: State) -> Option<usize> {
        let (_, _, t, a) = state;
        (t >= 1 && t as usize <= self.weeks && (a as usize) < self.ages).then(|| self.index(state))
    }

    /// Number of states in the dense order.
    pub fn dense_len(&self) -> usize {
        self.flags.len()
    }

    /// The oldest age any state can have (loops need not go further).
    pub fn age_limit(&self) -> AgePeriods {
        self.ages as AgePeriods - 1
    }

    /// Store `n` orders a positive quantity of `p` in week `t`.
    pub fn has_demand(&self, n: LocationIx, p: ProductIx, t: Week) -> bool {
        self.demand[(n.0 * self.products + p.0) * self.weeks + t as usize - 1]
    }
}

/// Computes reachability forward from harvests and opening stock, then
/// usefulness backward from sales and closing stock.
pub fn build_state_space(instance: &Instance) -> StateSpace {
    let products = instance.products.len();
    let weeks = instance.weeks as usize;
    let ages = StateSpace::age_count(instance);
    let size = instance.locations.len() * products * weeks * ages;
    let mut demand = vec![false; instance.locations.len() * products * weeks];
    for d in instance.demand.iter().filter(|d| d.quantity_kg > 0.0) {
        demand[(d.store.0 * products + d.product.0) * weeks + d.week as usize - 1] = true;
    }
    let mut space = StateSpace {
        weeks,
        ages,
        products,
        flags: vec![0; size],
        demand,
    };
    let mut lanes_out = vec![Vec::new(); instance.locations.len()];
    let mut lanes_in = vec![Vec::new(); instance.locations.len()];
    for lane in &instance.lanes {
        lanes_out[lane.from.0].push((lane.to, lane.transit_periods));
        lanes_in[lane.to.0].push((lane.from, lane.transit_periods));
    }

    // Forward: from every source along waiting and lanes.
    let mut stack: Vec<State> = Vec::new();
    let sources = instance
        .supply
        .iter()
        .filter(|s| s.quantity_kg > 0.0)
        .map(|s| (s.farm, s.product, s.week, 0))
        .chain(
            instance
                .stock
                .iter()
                .filter(|s| s.quantity_kg > 0.0)
                .map(|s| (s.location, s.product, s.week, s.age)),
        );
    for state in sources {
        mark(&mut space, instance, state, REACHABLE, &mut stack);
    }
    while let Some((n, p, t, a)) = stack.pop() {
        mark(&mut space, instance, (n, p, t + 1, a + 1), REACHABLE, &mut stack);
        for &(to, d) in &lanes_out[n.0] {
            mark(&mut space, instance, (to, p, t + d, a + d), REACHABLE, &mut stack);
        }
    }

    // Backward: from sales and closing stock, through reachable states only.
    for n in instance.location_ixs() {
        for p in instance.product_ixs() {
            let max_age = instance.max_age_at(n, p);
            // A shelf life longer than the horizon is the horizon: never
            // enumerate ages no produce can reach.
            let oldest = max_age.min(space.age_limit());
            for t in 1..=instance.weeks {
                for a in 0..=oldest {
                    let state = (n, p, t, a);
                    let sells = instance.location(n).kind == LocationKind::Store && space.has_demand(n, p, t);
                    let closing = t == instance.weeks && a < max_age;
                    if (sells || closing) && space.is_reachable(state) {
                        mark(&mut space, instance, state, USEFUL, &mut stack);
                    }
                }
            }
        }
    }
    // A support buyer takes what arrives fresh from a farm it buys from.
    for line in &instance.support {
        let buyer_max_age = instance.max_age_at(line.buyer, line.product);
        for l in instance.support_lanes(line) {
            let lane = instance.lane(l);
            let d = lane.transit_periods;
            for t in 1..=instance.weeks.saturating_sub(d) {
                if !line.buys_in(t + d) {
                    continue;
                }
                for a in 0..=buyer_max_age.saturating_sub(d).min(space.age_limit()) {
                    let state = (lane.from, line.product, t, a);
                    if a.checked_add(d).is_some_and(|a| a <= buyer_max_age) && space.is_reachable(state) {
                        mark(&mut space, instance, state, USEFUL, &mut stack);
                    }
                }
            }
        }
    }
    while let Some((n, p, t, a)) = stack.pop() {
        if t >= 2 && a >= 1 {
            mark(&mut space, instance, (n, p, t - 1, a - 1), USEFUL, &mut stack);
        }
        for &(from, d) in &lanes_in[n.0] {
            if t > d && a >= d {
                mark(&mut space, instance, (from, p, t - d, a - d), USEFUL, &mut stack);
            }
        }
    }
    space
}

/// Sets `flag` on a state in range (for USEFUL: only on reachable states)
/// and queues it the first time.
fn mark(space: &mut StateSpace, instance: &Instance, state: State, flag: u8, stack: &mut Vec<State>) {
    if !space.in_range(instance, state) {
        return;
    }
    let i = space.index(state);
    let flags = space.flags[i];
    let allowed = flag == REACHABLE || flags & REACHABLE != 0;
    if allowed && flags & flag == 0 {
        space.flags[i] |= flag;
        stack.push(state);
    }
}
