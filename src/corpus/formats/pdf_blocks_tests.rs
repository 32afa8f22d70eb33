use super::super::pdf_layout::{page_lines, Glyph, PageGlyphs};
use super::*;

/// A page being drawn: lines of monospaced glyphs (half an em wide, spaces 0.3 em).
struct Page {
    glyphs: Vec<Glyph>,
}

impl Page {
    fn new() -> Page {
        Page { glyphs: Vec::new() }
    }

    fn line(&mut self, text: &str, x: f64, y: f64, size: f64) -> &mut Page {
        let mut at = x;
        for c in text.chars() {
            if c != ' ' {
                self.glyphs.push(Glyph {
                    text: c.to_string(),
                    x: at,
                    y,
                    width: 0.5 * size,
                    size,
                });
            }
            at += if c == ' ' { 0.3 } else { 0.5 } * size;
        }
        self
    }
}

/// The blocks of `pages`, each as its lines' texts.
fn layout(pages: Vec<Page>) -> Vec<Vec<String>> {
    let mut id = 0;
    let lines = pages
        .into_iter()
        .enumerate()
        .flat_map(|(i, p)| {
            let page = PageGlyphs {
                number: i as u32 + 1,
                glyphs: p.glyphs,
            };
            page_lines(&page, &mut id)
        })
        .collect();
    blocks(lines)
        .into_iter()
        .map(|b| b.lines.into_iter().map(|l| l.text).collect())
        .collect()
}

// Full lines are 40 characters (all ending at the same x); short ones end a paragraph.
const FULL_A: &str = "aaaa bbbb cccc dddd eeee ffff gggg hhhhh";
const FULL_B: &str = "iiii jjjj kkkk llll mmmm nnnn oooo ppppp";
const SHORT: &str = "qqqq rrrr end.";

#[test]
fn a_vertical_gap_wider_than_the_line_spacing_starts_a_paragraph() {
    let mut p = Page::new();
    p.line(FULL_A, 72.0, 700.0, 10.0)
        .line(FULL_B, 72.0, 688.0, 10.0)
        .line(FULL_A, 72.0, 676.0, 10.0)
        // 2 lines' space: a new paragraph even though the line above is full
        .line(FULL_B, 72.0, 652.0, 10.0)
        .line(FULL_A, 72.0, 640.0, 10.0);
    assert_eq!(
        layout(vec![p]),
        [vec![FULL_A, FULL_B, FULL_A], vec![FULL_B, FULL_A]]
    );
}

#[test]
fn a_first_line_indentation_starts_a_paragraph() {
    let mut p = Page::new();
    p.line(FULL_A, 72.0, 700.0, 10.0)
        .line(FULL_B, 72.0, 688.0, 10.0)
        .line("aaaa bbbb cccc dddd eeee ffff ggggg", 92.0, 676.0, 10.0)
        .line(FULL_B, 72.0, 664.0, 10.0);
    let blocks = layout(vec![p]);
    assert_eq!(blocks.len(), 2, "{blocks:?}");
    assert_eq!(blocks[1][0], "aaaa bbbb cccc dddd eeee ffff ggggg");
}

#[test]
fn a_line_ending_where_the_next_word_would_have_fitted_ends_a_paragraph() {
    let mut p = Page::new();
    p.line(FULL_A, 72.0, 700.0, 10.0)
        .line(SHORT, 72.0, 688.0, 10.0)
        .line(FULL_B, 72.0, 676.0, 10.0)
        .line(
            "hyphen at the line end is not an end ab-",
            72.0,
            664.0,
            10.0,
        )
        .line("cd", 72.0, 652.0, 10.0);
    assert_eq!(
        layout(vec![p]),
        [
            vec![FULL_A, SHORT],
            vec![FULL_B, "hyphen at the line end is not an end ab-", "cd"]
        ]
    );
}

#[test]
fn a_heading_in_a_larger_font_is_its_own_block() {
    let mut p = Page::new();
    p.line("Heading", 72.0, 720.0, 14.0)
        .line(FULL_A, 72.0, 704.0, 10.0)
        .line(SHORT, 72.0, 692.0, 10.0);
    assert_eq!(layout(vec![p]), [vec!["Heading"], vec![FULL_A, SHORT]]);
}

/// A page with a running header, `body` lines from y = 700 down, and a page number.
fn page_with_margins(n: u32, body: &[&str]) -> Page {
    let mut p = Page::new();
    p.line("Running header of the report", 72.0, 780.0, 8.0);
    for (i, text) in body.iter().enumerate() {
        p.line(text, 72.0, 700.0 - 12.0 * i as f64, 10.0);
    }
    p.line(&n.to_string(), 160.0, 40.0, 8.0);
    p
}

#[test]
fn a_paragraph_runs_on_over_a_page_break_and_margin_lines_stay_blocks() {
    let one = page_with_margins(1, &[FULL_A, FULL_B, "", FULL_A, FULL_B]);
    let two = page_with_margins(2, &["continued here and ended.", "", FULL_A, SHORT]);
    let got = layout(vec![one, two]);
    assert_eq!(
        got,
        [
            vec!["Running header of the report"],
            vec![FULL_A, FULL_B],
            vec![FULL_A, FULL_B, "continued here and ended."],
            vec!["1"],
            vec!["Running header of the report"],
            vec![FULL_A, SHORT],
            vec!["2"],
        ]
    );
}

#[test]
fn a_paragraph_ending_with_the_page_is_not_joined_to_the_next() {
    let one = page_with_margins(1, &[FULL_A, FULL_B, "", FULL_A, SHORT]);
    let two = page_with_margins(2, &[FULL_A, SHORT]);
    assert_eq!(layout(vec![one, two]).len(), 7);
    // nor is a full line ending a sentence, followed by a capital
    let one = page_with_margins(
        1,
        &[
            FULL_A,
            FULL_B,
            "",
            FULL_A,
            "iiii jjjj kkkk llll mmmm nnnn oooo pppp.",
        ],
    );
    let two = page_with_margins(2, &["Next one", "", FULL_A, SHORT]);
    assert_eq!(layout(vec![one, two]).len(), 8);
}

#[test]
fn a_paragraph_runs_on_from_the_first_column_into_the_second() {
    let mut p = Page::new();
    for i in 0..4 {
        let y = 700.0 - 12.0 * i as f64;
        p.line(if i == 3 { SHORT } else { FULL_A }, 60.0, y, 10.0);
        p.line(FULL_B, 300.0, y, 10.0);
    }
    p.line(SHORT, 300.0, 652.0, 10.0);
    let got = layout(vec![p]);
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0], [FULL_A, FULL_A, FULL_A, SHORT]);
    assert_eq!(got[1], [FULL_B, FULL_B, FULL_B, FULL_B, SHORT]);
    // with the first column ending on a full line, its paragraph continues
    let mut p = Page::new();
    for i in 0..4 {
        let y = 700.0 - 12.0 * i as f64;
        p.line(FULL_A, 60.0, y, 10.0);
        p.line(FULL_B, 300.0, y, 10.0);
    }
    let got = layout(vec![p]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].len(), 8);
}

#[test]
fn list_items_with_a_hanging_indentation_are_one_block_each() {
    let mut p = Page::new();
    p.line(
        "• aaaa bbbb cccc dddd eeee ffff gggg hhh",
        72.0,
        700.0,
        10.0,
    )
    .line("iiii jjjj kkkk llll mmmm nnnn oooo pp", 80.3, 688.0, 10.0)
    .line("qqqq rrrr end.", 80.3, 676.0, 10.0)
    .line(
        "• aaaa bbbb cccc dddd eeee ffff gggg hhh",
        72.0,
        664.0,
        10.0,
    )
    .line("• short item", 72.0, 652.0, 10.0);
    let got = layout(vec![p]);
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!(got[0].len(), 3);
    assert_eq!(got[2], ["• short item"]);
}
