//! Sparse vectors over coupling rows (sorted by row) and the two
//! operations the working basis needs on them.

/// A sparse vector over coupling rows, sorted by row.
pub(super) type Sparse = Vec<(usize, f64)>;

/// `a += beta * b`.
pub(super) fn axpy(a: &mut Sparse, beta: f64, b: &[(usize, f64)]) {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let (row, value) = if j == b.len() || (i < a.len() && a[i].0 < b[j].0) {
            i += 1;
            a[i - 1]
        } else if i == a.len() || b[j].0 < a[i].0 {
            j += 1;
            (b[j - 1].0, beta * b[j - 1].1)
        } else {
            i += 1;
            j += 1;
            (a[i - 1].0, a[i - 1].1 + beta * b[j - 1].1)
        };
        if value.abs() > 1e-13 {
            out.push((row, value));
        }
    }
    *a = out;
}
