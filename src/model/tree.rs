//! The links of a rooted spanning tree kept as sibling lists: what the
//! network simplex and the coupled simplex both cut and graft at every
//! pivot, in O(1) per node.

/// No node (the root's parent, the end of a sibling list).
pub(super) const NONE: usize = usize::MAX;

/// Parent and sibling lists of every node of a spanning tree.
pub(super) struct TreeLinks {
    pub parent: Vec<usize>,
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
