use super::*;

/// Glyphs of `text` drawn from `x` on baseline `y`: every character half an em wide,
/// a space a gap of 0.3 em (no glyph), as many producers draw them.
pub(crate) fn draw(out: &mut Vec<Glyph>, text: &str, x: f64, y: f64, size: f64) {
    let mut at = x;
    for c in text.chars() {
        if c == ' ' {
            at += 0.3 * size;
            continue;
        }
        out.push(Glyph {
            text: c.to_string(),
            x: at,
            y,
            width: 0.5 * size,
            size,
        });
        at += 0.5 * size;
    }
}

fn lines_of(glyphs: Vec<Glyph>) -> Vec<Line> {
    let page = PageGlyphs { number: 1, glyphs };
    page_lines(&page, &mut 0)
}

fn texts(lines: &[Line]) -> Vec<&str> {
    lines.iter().map(|l| l.text.as_str()).collect()
}

#[test]
fn glyphs_become_words_and_lines_whatever_the_drawing_order() {
    let mut g = Vec::new();
    draw(&mut g, "second line here", 72.0, 688.0, 10.0);
    draw(&mut g, "Hello world", 72.0, 700.0, 10.0);
    g.reverse();
    let lines = lines_of(g);
    assert_eq!(texts(&lines), ["Hello world", "second line here"]);
    assert_eq!(lines[0].x0, 72.0);
    assert!((lines[0].x1 - (72.0 + 10.0 * 5.0 + 3.0)).abs() < 1e-9);
    assert_eq!(lines[0].first_chunk, 25.0);
}

#[test]
fn a_wide_space_glyph_separates_words_and_a_narrow_gap_does_not() {
    let mut g = Vec::new();
    draw(&mut g, "ab", 0.0, 100.0, 10.0);
    g.push(Glyph {
        text: " ".into(),
        x: 10.0,
        y: 100.0,
        width: 3.0,
        size: 10.0,
    });
    // kerning: 0.1 em apart, still one word
    draw(&mut g, "cd", 11.0, 100.0, 10.0);
    draw(&mut g, "ef", 21.0 + 1.0, 100.0, 10.0);
    assert_eq!(texts(&lines_of(g)), ["ab cdef"]);
}

#[test]
fn simulated_bold_drawn_twice_is_read_once() {
    let mut g = Vec::new();
    draw(&mut g, "Bold", 0.0, 100.0, 10.0);
    draw(&mut g, "Bold", 0.3, 100.0, 10.0);
    assert_eq!(texts(&lines_of(g)), ["Bold"]);
}

/// A title across the page, then two columns of four lines on the same baselines.
fn two_columns() -> Vec<Glyph> {
    let mut g = Vec::new();
    draw(
        &mut g,
        "A title that spans both of the columns",
        60.0,
        760.0,
        14.0,
    );
    for i in 0..4 {
        let y = 720.0 - 12.0 * i as f64;
        draw(
            &mut g,
            &format!("left column line number {i}"),
            60.0,
            y,
            10.0,
        );
        draw(
            &mut g,
            &format!("right column line number {i}"),
            220.0,
            y,
            10.0,
        );
    }
    g
}

#[test]
fn two_columns_are_read_one_after_the_other() {
    let lines = lines_of(two_columns());
    assert_eq!(
        texts(&lines),
        [
            "A title that spans both of the columns",
            "left column line number 0",
            "left column line number 1",
            "left column line number 2",
            "left column line number 3",
            "right column line number 0",
            "right column line number 1",
            "right column line number 2",
            "right column line number 3",
        ]
    );
    let (title, left, right) = (lines[0].column, lines[1].column, lines[5].column);
    assert_ne!(left.id, right.id);
    assert_ne!(title.id, left.id);
    assert_eq!((left.left, right.left), (60.0, 220.0));
}

#[test]
fn a_wide_space_in_one_line_of_a_paragraph_is_not_a_gutter() {
    let mut g = Vec::new();
    draw(
        &mut g,
        "justified  with   a very wide space",
        60.0,
        700.0,
        10.0,
    );
    draw(
        &mut g,
        "and a second line under it that runs on",
        60.0,
        688.0,
        10.0,
    );
    draw(&mut g, "and a third", 60.0, 676.0, 10.0);
    let lines = lines_of(g);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0].text, "justified with a very wide space");
    assert!(lines.iter().all(|l| l.column.id == lines[0].column.id));
}

#[test]
fn broken_glyphs_are_ignored_and_an_empty_page_has_no_lines() {
    let mut g = Vec::new();
    draw(&mut g, "ok", 0.0, 10.0, 10.0);
    g.push(Glyph {
        text: "x".into(),
        x: f64::NAN,
        y: 10.0,
        width: 5.0,
        size: 10.0,
    });
    g.push(Glyph {
        text: "y".into(),
        x: 0.0,
        y: 10.0,
        width: 5.0,
        size: 0.0,
    });
    assert_eq!(texts(&lines_of(g)), ["ok"]);
    assert!(lines_of(Vec::new()).is_empty());
}
