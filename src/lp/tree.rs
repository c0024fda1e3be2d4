//! The links of a rooted spanning tree kept as sibling lists: what the
//! network simplex and the coupled simplex both cut and graft at every
//! pivot, in O(1) per node.

/// No node (the root's parent, the end of a sibling list).
pub(super) const NONE: usize = usize::MAX;

/// Parent and sibling lists of every node of a spanning tree, and the arc
/// joining each node to its parent.
pub(super) struct TreeLinks {
    pub parent: Vec<usize>,
    /// The arc joining a node to its parent.
    pub pred: Vec<usize>,
    /// Whether `pred` points from the node up to its parent.
    pub up: Vec<bool>,
    pub first_child: Vec<usize>,
    pub next_sibling: Vec<usize>,
    pub prev_sibling: Vec<usize>,
}

impl TreeLinks {
    /// `nodes` nodes, every one a child of `root` to be attached, the root
    /// without a parent.
    pub fn new(nodes: usize, root: usize) -> TreeLinks {
        let mut links = TreeLinks {
            parent: vec![root; nodes],
            pred: vec![NONE; nodes],
            up: vec![false; nodes],
            first_child: vec![NONE; nodes],
            next_sibling: vec![NONE; nodes],
            prev_sibling: vec![NONE; nodes],
        };
        links.parent[root] = NONE;
        links
    }

    /// Takes `v` out of its parent's list of children.
    pub fn detach(&mut self, v: usize) {
        let p = self.parent[v];
        let (prev, next) = (self.prev_sibling[v], self.next_sibling[v]);
        if prev == NONE {
            self.first_child[p] = next;
        } else {
            self.next_sibling[prev] = next;
        }
        if next != NONE {
            self.prev_sibling[next] = prev;
        }
        self.prev_sibling[v] = NONE;
        self.next_sibling[v] = NONE;
    }

    /// Arc `entering` (from `source[entering]`) takes the place of the tree
    /// arc above `leaving_node`: the path from `inside` up to `leaving_node`
    /// is turned over and hung from `outside` by the entering arc.
    pub fn rehang(
        &mut self,
        entering: usize,
        (inside, outside): (usize, usize),
        leaving_node: usize,
        source: &[usize],
    ) {
        let mut path = Vec::new();
        let mut u = inside;
        loop {
            path.push(u);
            if u == leaving_node {
                break;
            }
            u = self.parent[u];
        }
        self.detach(leaving_node);
        for i in (1..path.len()).rev() {
            // path[i] becomes a child of path[i - 1].
            let (child, new_parent) = (path[i], path[i - 1]);
            self.detach(new_parent);
            self.pred[child] = self.pred[new_parent];
            self.up[child] = source[self.pred[child]] == child;
            self.attach(child, new_parent);
        }
        self.pred[inside] = entering;
        self.up[inside] = source[entering] == inside;
        self.attach(inside, outside);
    }

    /// After [`TreeLinks::rehang`]: every node of the subtree under `top`
    /// gets `shift` added to its potential and its depth recomputed.
    /// `stack` is scratch space, kept by the caller across pivots.
    pub fn shift_subtree(
        &self,
        top: usize,
        shift: f64,
        (potential, depth): (&mut [f64], &mut [usize]),
        stack: &mut Vec<usize>,
    ) {
        stack.clear();
        stack.push(top);
        while let Some(v) = stack.pop() {
            potential[v] += shift;
            depth[v] = depth[self.parent[v]] + 1;
            let mut c = self.first_child[v];
            while c != NONE {
                stack.push(c);
                c = self.next_sibling[c];
            }
        }
    }

    /// Makes `v` the first child of `p`.
    pub fn attach(&mut self, v: usize, p: usize) {
        self.parent[v] = p;
        let first = self.first_child[p];
        self.next_sibling[v] = first;
        self.prev_sibling[v] = NONE;
        if first != NONE {
            self.prev_sibling[first] = v;
        }
        self.first_child[p] = v;
    }
}
