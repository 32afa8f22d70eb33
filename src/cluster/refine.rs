//! Refinement of a partition under a multinomial mixture, one unit at a time.
//!
//! k-means on LSA rows finds good but blurry boundaries. Each unit is taken out of its
//! topic and put back into the topic whose word distribution (estimated from all the
//! other units, Laplace-smoothed) gives its words the highest likelihood, weighted by
//! topic size: iterated conditional modes on the classification likelihood of a mixture
//! of multinomials. Leaving the unit out of its own topic removes the self-reinforcement
//! that pins batch EM to its starting point. Every move increases the likelihood, so the
//! sweeps converge; units are visited in the fitting order (by content hash, contracts
//! §4), so the result is deterministic and does not depend on file names or order.
//!
//! The likelihood favours large topics: their smoothed word distribution fits any
//! paragraph a little, while a small topic's is dominated by the smoothing. Left alone,
//! the sweeps drain small topics (on the seed corpus, 70 paragraphs in 8 topics, they
//! left topics of 1–3 paragraphs). So a unit leaves its topic only while the topic keeps
//! at least half the mean topic size ([`MIN_SIZE_SHARE`]); topics can always grow.

use crate::vectorize::CountsView;

/// Laplace smoothing of topic word distributions.
const ALPHA: f64 = 1.0;

/// A unit leaves its topic only if the topic keeps at least this share of the mean topic
/// size (`units / k`), and always at least one unit.
pub const MIN_SIZE_SHARE: f64 = 0.5;

/// Refines `labels` in place for at most `sweeps` passes over the units in `order`;
/// returns the number of moves.
///
/// `counts` holds each unit's term counts (units × terms); `order` lists the units to
/// visit, each once per sweep. Topics never shrink below `MIN_SIZE_SHARE` of the mean
/// topic size of the assigned units (nor are they emptied); unassigned units (`None`)
/// and units without counted tokens stay where they are.
pub fn refine(
    counts: &CountsView,
    labels: &mut [Option<usize>],
    k: usize,
    sweeps: usize,
    order: &[usize],
) -> usize {
    let v = counts.cols();
    if k < 2 || v == 0 || sweeps == 0 {
        return 0;
    }
    let assigned = labels.iter().filter(|l| l.is_some()).count();
    let floor = ((assigned as f64 * MIN_SIZE_SHARE / k as f64).ceil() as usize).max(1);
    let va = v as f64 * ALPHA;
    let mut w = vec![0u32; k * v];
    let mut total = vec![0u64; k];
    let mut size = vec![0usize; k];
    for (row, c) in counts.outer_iterator().zip(labels.iter()) {
        let Some(c) = *c else { continue };
        size[c] += 1;
        for (j, &x) in row.iter() {
            w[c * v + j] += x;
            total[c] += x as u64;
        }
    }
    // ln(w + alpha), kept in step with w
    let mut lw: Vec<f32> = w.iter().map(|&x| (x as f64 + ALPHA).ln() as f32).collect();
    let mut moves = 0;
    let mut scores = vec![0f64; k];
    for _ in 0..sweeps {
        let mut moved = 0;
        for &d in order {
            let row = counts.outer_view(d).expect("unit in range");
            let len: u64 = row.data().iter().map(|&x| x as u64).sum();
            let Some(c0) = labels[d] else { continue };
            if len == 0 || size[c0] <= floor {
                continue;
            }
            for (c, s) in scores.iter_mut().enumerate() {
                let (t, n) = if c == c0 {
                    (total[c] - len, size[c] - 1)
                } else {
                    (total[c], size[c])
                };
                let mut acc = (n as f64).ln() - len as f64 * (t as f64 + va).ln();
                if c == c0 {
                    for (j, &x) in row.iter() {
                        acc += x as f64 * ((w[c * v + j] - x) as f64 + ALPHA).ln();
                    }
                } else {
                    for (j, &x) in row.iter() {
                        acc += x as f64 * lw[c * v + j] as f64;
                    }
                }
                *s = acc;
            }
            let mut best = c0;
            for c in 0..k {
                if scores[c] > scores[best] + 1e-9 {
                    best = c;
                }
            }
            if best != c0 {
                for (j, &x) in row.iter() {
                    w[c0 * v + j] -= x;
                    w[best * v + j] += x;
                    lw[c0 * v + j] = (w[c0 * v + j] as f64 + ALPHA).ln() as f32;
                    lw[best * v + j] = (w[best * v + j] as f64 + ALPHA).ln() as f32;
                }
                total[c0] -= len;
                total[best] += len;
                size[c0] -= 1;
                size[best] += 1;
                labels[d] = Some(best);
                moved += 1;
            }
        }
        moves += moved;
        if moved == 0 {
            break;
        }
    }
    moves
}

#[cfg(test)]
mod tests {
    use super::*;
    use sprs::TriMatI;

    fn some(labels: &[usize]) -> Vec<Option<usize>> {
        labels.iter().map(|&l| Some(l)).collect()
    }

    fn all(n: usize) -> Vec<usize> {
        (0..n).collect()
    }

    #[test]
    fn misplaced_unit_moves_to_the_topic_of_its_words() {
        // units 0-2 use words 0,1; units 3-5 use words 2,3; unit 5 starts in the wrong topic
        let mut t = TriMatI::<u32, u32>::new((6, 4));
        for i in 0..3 {
            t.add_triplet(i, 0, 3u32);
            t.add_triplet(i, 1, 2u32);
        }
        for i in 3..6 {
            t.add_triplet(i, 2, 3u32);
            t.add_triplet(i, 3, 2u32);
        }
        let mut labels = some(&[0, 0, 0, 1, 1, 0]);
        let moves = refine(&t.to_csr::<usize>().view(), &mut labels, 2, 10, &all(6));
        assert_eq!(labels, some(&[0, 0, 0, 1, 1, 1]));
        assert_eq!(moves, 1);
    }

    #[test]
    fn small_topics_keep_half_the_mean_size() {
        // 8 units, k = 2: mean size 4, floor 2. Units 0-5 share words 0,1; units 6-7 use
        // word 2 but also words 0,1 heavily, so the likelihood would pull both into topic 0
        let mut t = TriMatI::<u32, u32>::new((8, 3));
        for i in 0..6 {
            t.add_triplet(i, 0, 3u32);
            t.add_triplet(i, 1, 3u32);
        }
        for i in 6..8 {
            t.add_triplet(i, 0, 3u32);
            t.add_triplet(i, 1, 3u32);
            t.add_triplet(i, 2, 1u32);
        }
        let counts = t.to_csr::<usize>();
        let mut labels = some(&[0, 0, 0, 0, 0, 1, 1, 1]);
        let moves = refine(&counts.view(), &mut labels, 2, 10, &all(8));
        // unit 5 (words 0,1 only) goes to topic 0; topic 1 then holds 2 = the floor
        assert_eq!(labels, some(&[0, 0, 0, 0, 0, 0, 1, 1]));
        assert_eq!(moves, 1);
    }

    #[test]
    fn units_are_visited_in_the_given_order_and_unassigned_ones_stay() {
        // topic 0: units 0-2 (word 0); topic 1: unit 3 (word 1) and units 4-6 (word 0),
        // which fit topic 0 better. n = 7, k = 2: floor 2, so only two of 4-6 can leave
        // topic 1, and the visiting order decides which one stays
        let mut t = TriMatI::<u32, u32>::new((7, 2));
        for i in [0, 1, 2, 4, 5, 6] {
            t.add_triplet(i, 0, 2u32);
        }
        t.add_triplet(3, 1, 2u32);
        let counts = t.to_csr::<usize>();
        let start = some(&[0, 0, 0, 1, 1, 1, 1]);
        let mut a = start.clone();
        assert_eq!(
            refine(&counts.view(), &mut a, 2, 1, &[4, 5, 6, 0, 1, 2, 3]),
            2
        );
        assert_eq!(a, some(&[0, 0, 0, 1, 0, 0, 1]));
        let mut b = start.clone();
        assert_eq!(
            refine(&counts.view(), &mut b, 2, 1, &[6, 5, 4, 0, 1, 2, 3]),
            2
        );
        assert_eq!(b, some(&[0, 0, 0, 1, 1, 0, 0]));
        // unassigned units neither move nor count toward the sizes
        let mut c = vec![Some(0), Some(0), Some(0), Some(1), Some(1), None, None];
        refine(&counts.view(), &mut c, 2, 5, &[0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(&c[5..], [None, None]);
        assert_eq!(c[4], Some(1), "floor 2 of 5 assigned units keeps unit 4");
    }

    #[test]
    fn topics_are_never_emptied() {
        let mut t = TriMatI::<u32, u32>::new((3, 2));
        t.add_triplet(0, 0, 1u32);
        t.add_triplet(1, 0, 1u32);
        t.add_triplet(2, 0, 1u32);
        let mut labels = some(&[0, 0, 1]);
        refine(&t.to_csr::<usize>().view(), &mut labels, 2, 10, &all(3));
        assert!(labels.contains(&Some(1)));
    }
}
