//! Counting the blocks folded into paragraph units, to warn when short texts (survey
//! answers, consultation responses) were folded together by the heading rules.

use super::{Block, SegmentConfig, SegmentUnit};
use crate::notice::Notice;

/// The blocks of a corpus and how many of them were folded into another unit as
/// headings, counted unit by unit ([`FoldCount::add`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FoldCount {
    /// Blocks (runs of non-blank lines) read.
    pub blocks: usize,
    /// Blocks folded into another block's unit.
    pub folded: usize,
    /// Units made of them.
    pub units: usize,
}

impl FoldCount {
    /// Counts the blocks of one unit.
    pub fn add(&mut self, unit: &Block) {
        self.blocks += unit.blocks;
        self.folded += unit.blocks.saturating_sub(1);
        self.units += 1;
    }

    /// A warning when more than half the blocks were folded under
    /// `segment.unit = "paragraph"`, naming the settings that keep short texts apart;
    /// `None` otherwise.
    ///
    /// ```
    /// use paratopic::corpus::{split_units, FoldCount, SegmentConfig};
    /// let answers = "Rents are far too high.\n\nBuild more council homes now.\n\nFix the mould in flats.\n";
    /// let mut count = FoldCount::default();
    /// split_units(answers, &SegmentConfig::default()).iter().for_each(|u| count.add(u));
    /// assert_eq!((count.blocks, count.folded, count.units), (3, 2, 1));
    /// assert!(count.warning(&SegmentConfig::default()).unwrap().text.starts_with(
    ///     "2 of 3 blocks (67%) have fewer than segment.min_words = 8 words or read as headings"
    /// ));
    /// ```
    pub fn warning(&self, segment: &SegmentConfig) -> Option<Notice> {
        if segment.unit != SegmentUnit::Paragraph || self.folded * 2 <= self.blocks {
            return None;
        }
        Some(Notice::warning(
            "short_blocks_folded",
            format!(
                "{} of {} blocks ({:.0}%) have fewer than segment.min_words = {} words or read as \
                 headings, and were folded into the paragraph next to them ({} blocks became {} \
                 units); for short texts such as survey answers, set segment.min_words = 0 and \
                 segment.heading_max_words = 0 to keep every block apart, or segment.unit = \
                 \"line\" for one unit per line",
                self.folded,
                self.blocks,
                100.0 * self.folded as f64 / self.blocks as f64,
                segment.min_words,
                self.blocks,
                self.units,
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::split_units;

    fn count(text: &str, segment: &SegmentConfig) -> FoldCount {
        let mut c = FoldCount::default();
        split_units(text, segment).iter().for_each(|u| c.add(u));
        c
    }

    #[test]
    fn a_warning_only_when_more_than_half_the_blocks_fold() {
        let cfg = SegmentConfig::default();
        let para = "Keeping Londoners safe has been my top priority as Mayor of this city.";
        // heading + paragraph, twice: 2 of 4 fold, exactly half: no warning
        let half = format!("Policing\n\n{para}\n\nHousing\n\n{para}\n");
        let c = count(&half, &cfg);
        assert_eq!((c.blocks, c.folded, c.units), (4, 2, 2));
        assert_eq!(c.warning(&cfg), None);
        // one more heading: 3 of 5
        let c = count(&format!("Plans\n\n{half}"), &cfg);
        assert_eq!((c.blocks, c.folded, c.units), (5, 3, 2));
        let w = c.warning(&cfg).unwrap();
        assert!(w.is_warning());
        assert_eq!(
            w.text,
            "3 of 5 blocks (60%) have fewer than segment.min_words = 8 words or read as headings, \
             and were folded into the paragraph next to them (5 blocks became 2 units); for short \
             texts such as survey answers, set segment.min_words = 0 and \
             segment.heading_max_words = 0 to keep every block apart, or segment.unit = \"line\" \
             for one unit per line"
        );
    }

    #[test]
    fn lines_and_documents_never_warn() {
        let answers = "Rents too high.\n\nMore homes.\n\nFix the damp.\n";
        for unit in [SegmentUnit::Line, SegmentUnit::Document] {
            let cfg = SegmentConfig {
                unit,
                ..Default::default()
            };
            assert_eq!(count(answers, &cfg).warning(&cfg), None, "{unit:?}");
        }
        let keep = SegmentConfig {
            min_words: 0,
            heading_max_words: 0,
            ..Default::default()
        };
        let c = count(answers, &keep);
        assert_eq!((c.blocks, c.folded, c.units), (3, 0, 3));
        assert_eq!(c.warning(&keep), None);
    }

    #[test]
    fn pieces_cut_from_a_long_unit_count_no_block() {
        let cfg = SegmentConfig {
            max_words: 10,
            ..Default::default()
        };
        let long = "word ".repeat(35);
        let c = count(&format!("Heading\n\n{long}\n"), &cfg);
        assert_eq!((c.blocks, c.folded, c.units), (2, 1, 4));
    }
}
