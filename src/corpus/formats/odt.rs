//! ODT (OpenDocument text): the body's paragraphs, headings (`text:h`, with their
//! `text:outline-level`), list items and table cells, from `content.xml` (zip +
//! roxmltree). Page headers and footers live in `styles.xml` and are not read; comments
//! (`office:annotation`), footnotes and endnotes (`text:note`), deleted (tracked) text
//! and generated indexes (tables of contents) are dropped.

use super::blocks::Blocks;
use super::{zipped, Extracted, Unreadable};
use roxmltree::Node;

const TEXT: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const OFFICE: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
const TABLE: &str = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";

/// The text of an ODT file's body, one block per paragraph, heading, list item and table
/// cell; `pages` is empty.
///
/// # Errors
/// [`Unreadable`] naming the problem: not a zip archive, password-protected, no
/// `content.xml`, damaged XML.
pub fn extract_odt(bytes: &[u8]) -> Result<Extracted, Unreadable> {
    let mut zip = zipped::open(bytes, "ODT")?;
    let manifest = zipped::part(&mut zip, "META-INF/manifest.xml")?.unwrap_or_default();
    if manifest.contains("encryption-data") {
        return Err(Unreadable(
            "is password-protected (encrypted); save a copy without a password and read that"
                .into(),
        ));
    }
    let Some(content) = zipped::part(&mut zip, "content.xml")? else {
        return Err(Unreadable(
            "has no content part (content.xml): it is not an OpenDocument text, or it is \
             damaged; open it and save it again as .odt"
                .into(),
        ));
    };
    let xml = zipped::xml("content.xml", &content)?;
    let mut out = Blocks::default();
    if let Some(body) = xml.descendants().find(|n| is(n, OFFICE, "text")) {
        walk(body, &mut out);
    }
    Ok(Extracted {
        text: out.into_text(),
        pages: Vec::new(),
    })
}

fn is(n: &Node, ns: &str, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(ns)
}

/// True for elements whose text is not the body's: comments, notes, tracked deletions,
/// generated indexes, declarations, forms.
fn dropped(n: &Node) -> bool {
    let name = n.tag_name().name();
    match n.tag_name().namespace() {
        Some(TEXT) => {
            matches!(
                name,
                "note"
                    | "tracked-changes"
                    | "sequence-decls"
                    | "variable-decls"
                    | "user-field-decls"
                    | "table-of-content"
                    | "alphabetical-index"
                    | "illustration-index"
                    | "table-index"
                    | "object-index"
                    | "user-index"
                    | "bibliography"
            )
        }
        Some(OFFICE) => matches!(name, "annotation" | "annotation-end" | "forms"),
        _ => false,
    }
}

/// Block-level content: paragraphs, headings, table cells (one block each), and the
/// lists, sections and tables around them.
fn walk(node: Node, out: &mut Blocks) {
    for c in node.children().filter(Node::is_element) {
        block(c, out);
    }
}

/// One block-level element.
fn block(c: Node, out: &mut Blocks) {
    {
        if dropped(&c) {
            return;
        }
        if is(&c, TEXT, "p") || is(&c, TEXT, "h") {
            let mut text = String::new();
            let mut nested = Vec::new();
            inline(c, &mut text, &mut nested);
            if is(&c, TEXT, "h") {
                out.heading(&text);
            } else {
                out.paragraph(&text);
            }
            for n in nested {
                block(n, out);
            }
        } else if is(&c, TABLE, "table-cell") {
            let mut cell = Blocks::default();
            walk(c, &mut cell);
            out.paragraph(&cell.into_lines().join("\n"));
        } else {
            walk(c, out);
        }
    }
}

/// The text of a paragraph; paragraphs inside it (text boxes in frames) go to `nested`.
fn inline<'a, 'i>(node: Node<'a, 'i>, text: &mut String, nested: &mut Vec<Node<'a, 'i>>) {
    for c in node.children() {
        if c.is_text() {
            // white space in ODF paragraphs collapses; text:s, text:tab and
            // text:line-break carry the meaningful ones
            text.push_str(&c.text().unwrap_or("").replace(['\n', '\r', '\t'], " "));
            continue;
        }
        if !c.is_element() || dropped(&c) {
            continue;
        }
        if c.tag_name().namespace() == Some(TEXT) {
            match c.tag_name().name() {
                "s" => {
                    let n = c
                        .attribute((TEXT, "c"))
                        .and_then(|n| n.parse().ok())
                        .unwrap_or(1);
                    text.extend(std::iter::repeat_n(' ', n));
                    continue;
                }
                "tab" => {
                    text.push('\t');
                    continue;
                }
                "line-break" => {
                    text.push('\n');
                    continue;
                }
                "p" | "h" | "list" => {
                    nested.push(c);
                    continue;
                }
                _ => {}
            }
        }
        if is(
            &c,
            "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
            "text-box",
        ) {
            nested.push(c);
        } else {
            inline(c, text, nested);
        }
    }
}
