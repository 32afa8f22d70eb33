use super::super::pdf_layout::{Column, Line};
use super::*;

fn line(page: u32, text: &str) -> Line {
    Line {
        page,
        text: text.into(),
        x0: 0.0,
        x1: 100.0,
        y: 0.0,
        size: 10.0,
        first_chunk: 10.0,
        column: Column {
            id: 1,
            left: 0.0,
            right: 100.0,
        },
    }
}

#[test]
fn blocks_are_separated_by_a_blank_line_with_the_page_of_the_line_before() {
    let blocks = vec![
        Block {
            lines: vec![line(1, "Header")],
        },
        Block {
            lines: vec![line(1, "first line of a para-"), line(2, "graph  ")],
        },
        Block {
            lines: vec![line(2, "   ")],
        },
        Block {
            lines: vec![line(3, "3")],
        },
    ];
    let e = assemble(&blocks);
    assert_eq!(e.text, "Header\n\nfirst line of a para-\ngraph\n\n3\n");
    assert_eq!(e.pages, [1, 1, 1, 2, 2, 3]);
    assert_eq!(e.pages.len(), e.text.lines().count());
}

#[test]
fn soft_hyphens_show_at_a_line_end_and_vanish_elsewhere() {
    assert_eq!(clean_line("pas\u{AD}"), "pas-");
    assert_eq!(clean_line("pas\u{AD} "), "pas-");
    assert_eq!(clean_line("co\u{AD}operation\tand\u{7}"), "cooperation and");
}

#[test]
fn bytes_that_are_not_a_pdf_say_what_they_look_like() {
    let msg = |b: &[u8]| extract_pdf(b).expect_err("not a PDF").0;
    assert!(msg(b"").contains("the file is empty"));
    assert!(msg(b"PK\x03\x04rest").contains("zip archive"));
    assert!(msg(b"  <html><body>x</body></html>").contains("HTML"));
    assert_eq!(
        msg(b"plain text"),
        "is not a PDF: it does not start with `%PDF-`"
    );
}

#[test]
fn a_header_without_a_body_is_damaged() {
    let e = extract_pdf(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n").expect_err("damaged");
    assert!(e.0.starts_with("is damaged or truncated ("), "{}", e.0);
    assert!(e.0.contains("qpdf in.pdf out.pdf"), "{}", e.0);
}

#[test]
fn a_panic_inside_the_reader_is_a_damaged_file() {
    let e = guarded::<()>(|| panic!("index out of bounds")).expect_err("caught");
    assert!(
        e.0.contains("the PDF reader stopped: index out of bounds"),
        "{}",
        e.0
    );
    assert_eq!(guarded(|| Ok(3)), Ok(3));
}
