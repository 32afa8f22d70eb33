//! The blocks a structured document is written out as: paragraphs, headings, list items
//! and table cells, one blank line between them, so segmentation treats every format alike.

/// Blocks being collected, in reading order.
#[derive(Debug, Default)]
pub(super) struct Blocks {
    /// Each block's lines: trimmed, white space runs collapsed to one space, none empty.
    blocks: Vec<Vec<String>>,
}

impl Blocks {
    /// Adds a paragraph: its lines are `text` split at `\n`, trimmed; empty lines are
    /// dropped, and so is a paragraph with no text.
    pub(super) fn paragraph(&mut self, text: &str) {
        let lines: Vec<String> = text
            .split('\n')
            .map(clean)
            .filter(|l| !l.is_empty())
            .collect();
        if !lines.is_empty() {
            self.blocks.push(lines);
        }
    }

    /// Adds a heading: a block of one line (line breaks inside it become spaces), so
    /// segmentation sees it as the heading it is.
    pub(super) fn heading(&mut self, text: &str) {
        self.paragraph(&text.replace('\n', " "));
    }

    /// Every line of every block, in order (a table cell's content, kept as one block).
    pub(super) fn into_lines(self) -> Vec<String> {
        self.blocks.into_iter().flatten().collect()
    }

    /// The text: each line ended by `\n`, a blank line between blocks.
    pub(super) fn into_text(self) -> String {
        let mut out = String::new();
        for (i, block) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            for line in block {
                out.push_str(line);
                out.push('\n');
            }
        }
        out
    }
}

/// `line` trimmed, with runs of white space (tabs, non-breaking spaces…) collapsed to one
/// space.
fn clean(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_separated_by_one_blank_line() {
        let mut b = Blocks::default();
        b.heading("Safer\nstreets ");
        b.paragraph("  \n");
        b.paragraph("one\t two\n\n three\n");
        assert_eq!(b.into_text(), "Safer streets\n\none two\nthree\n");
    }
}
