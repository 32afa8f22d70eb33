//! Merging topics (`topics.merge = [[2, 5]]`): a group of topics becomes one, which keeps
//! the group's smallest id; the other ids disappear (contracts §3). Merging never refits:
//! paragraphs keep their nearest original centroid, mapped through the merge table.

/// Which original topic goes where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeTable {
    /// Per original topic id, the id of the topic it is part of (itself if unmerged).
    pub target: Vec<usize>,
    /// The surviving ids, ascending: the topics after merging, in output order.
    pub survivors: Vec<usize>,
}

impl MergeTable {
    /// The table for `k` topics merged by `groups` (each a list of original ids; groups
    /// that share an id are one group).
    ///
    /// # Errors
    /// A message for `topics.merge` naming the problem: an id that is not below `k`, or a
    /// group of fewer than two distinct ids.
    pub fn new(groups: &[Vec<usize>], k: usize) -> Result<MergeTable, String> {
        let mut target: Vec<usize> = (0..k).collect();
        fn root(t: &mut [usize], mut i: usize) -> usize {
            while t[i] != i {
                t[i] = t[t[i]];
                i = t[i];
            }
            i
        }
        for g in groups {
            if let Some(&bad) = g.iter().find(|&&id| id >= k) {
                return Err(format!(
                    "merges topic {bad}, but the topics are 0–{}; use the ids of the topic column of topics.csv",
                    k.saturating_sub(1)
                ));
            }
            let mut distinct = g.clone();
            distinct.sort_unstable();
            distinct.dedup();
            if distinct.len() < 2 {
                return Err(format!(
                    "has the group {g:?}; a group lists at least two different topic ids, e.g. [[2, 5]]"
                ));
            }
            for &id in &distinct[1..] {
                let (a, b) = (root(&mut target, distinct[0]), root(&mut target, id));
                // the smaller id is the root, so each group keeps its smallest id
                target[a.max(b)] = a.min(b);
            }
        }
        for i in 0..k {
            target[i] = root(&mut target, i);
        }
        let survivors = (0..k).filter(|&i| target[i] == i).collect();
        Ok(MergeTable { target, survivors })
    }

    /// Whether some topics are merged.
    pub fn merges(&self) -> bool {
        self.survivors.len() < self.target.len()
    }

    /// The position (in [`survivors`](Self::survivors)) of original topic `id`'s group.
    pub fn position(&self, id: usize) -> usize {
        self.survivors
            .binary_search(&self.target[id])
            .expect("targets survive")
    }

    /// The groups of more than one topic, each ascending.
    pub fn groups(&self) -> Vec<Vec<usize>> {
        self.survivors
            .iter()
            .map(|&s| {
                (0..self.target.len())
                    .filter(|&i| self.target[i] == s)
                    .collect::<Vec<_>>()
            })
            .filter(|g| g.len() > 1)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_keep_their_smallest_id_and_chains_join() {
        let t = MergeTable::new(&[vec![5, 2], vec![7, 5]], 8).unwrap();
        assert_eq!(t.survivors, [0, 1, 2, 3, 4, 6]);
        assert_eq!(t.target, [0, 1, 2, 3, 4, 2, 6, 2]);
        assert_eq!(t.position(7), 2);
        assert_eq!(t.position(6), 5);
        assert_eq!(t.groups(), [vec![2, 5, 7]]);
        assert!(t.merges());
        assert!(!MergeTable::new(&[], 3).unwrap().merges());
    }

    #[test]
    fn bad_groups_are_named() {
        assert!(MergeTable::new(&[vec![1, 9]], 8)
            .unwrap_err()
            .contains("merges topic 9, but the topics are 0–7"));
        assert!(MergeTable::new(&[vec![3, 3]], 8)
            .unwrap_err()
            .contains("at least two different"));
    }
}
