//! HTML: the page's text blocks — paragraphs, headings, list items, quotations, table
//! cells — parsed by html5ever (through scraper), the parser of Servo, as browsers do.
//! Scripts, styles, navigation, page-wide headers and footers, forms, asides, dialogs,
//! hidden elements and comments are dropped. Pages built of `<div>`s without `<p>` still
//! give paragraphs: every block-level element, and two `<br>` in a row, end one.

use super::blocks::Blocks;
use super::Extracted;
use crate::corpus::decode::{decode, Decoded, TextDecoding};
use crate::error::Result;
use ego_tree::iter::Edge;
use scraper::{Html, Node};
use std::path::Path;

/// Decodes an HTML file: a byte-order mark decides, then a `<meta charset>` (or
/// `http-equiv` content type) in its first 1024 bytes, then the rules of [`decode`]
/// under `how`. Warnings name `path`.
///
/// # Errors
/// As [`decode`]: invalid UTF-8 under `input.on_invalid_utf8 = "error"`.
pub fn decode_html(path: &Path, bytes: Vec<u8>, how: TextDecoding) -> Result<Decoded> {
    let declared = encoding_rs::Encoding::for_bom(&bytes)
        .is_none()
        .then(|| meta_charset(&bytes[..bytes.len().min(1024)]))
        .flatten();
    let how = match declared {
        Some(enc) => TextDecoding {
            encoding: Some(enc),
            ..how
        },
        None => how,
    };
    decode(path, bytes, how)
}

/// The encoding a `<meta>` tag of `head` declares (UTF-16 declared in a file that a
/// byte-order mark did not decide means UTF-8, as browsers read it).
fn meta_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut rest = lower.as_slice();
    while let Some(at) = find(rest, b"<meta") {
        rest = &rest[at + 5..];
        let tag = &rest[..find(rest, b">").unwrap_or(rest.len())];
        if let Some(c) = find(tag, b"charset") {
            let value = tag[c + 7..].trim_ascii_start();
            let Some(value) = value.strip_prefix(b"=") else {
                continue;
            };
            let value = value.trim_ascii_start();
            let value = value
                .strip_prefix(b"\"")
                .or(value.strip_prefix(b"'"))
                .unwrap_or(value);
            let end = value
                .iter()
                .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                .unwrap_or(value.len());
            let enc = encoding_rs::Encoding::for_label(&value[..end])?;
            return Some(
                if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                    encoding_rs::UTF_8
                } else {
                    enc
                },
            );
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

/// Elements dropped with everything inside them.
const DROPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "form", "aside", "dialog", "svg",
    "math", "canvas", "iframe", "object", "embed", "button", "select", "textarea", "audio",
    "video", "map",
];

/// ARIA roles of the same kinds of page furniture.
const DROPPED_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "search",
    "dialog",
    "alertdialog",
    "complementary",
];

/// Elements that end the block before them and their own.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// The text blocks of an HTML page (see the module docs); `pages` is empty.
pub fn html_text(source: &str) -> Extracted {
    let doc = Html::parse_document(source);
    let mut b = Builder::default();
    let mut skipping = None;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) if skipping.is_none() => match node.value() {
                Node::Text(t) => b.text(t),
                Node::Element(e) if dropped(e, node) => skipping = Some(node.id()),
                Node::Element(e) => b.open(e.name()),
                _ => {}
            },
            Edge::Close(node) if skipping == Some(node.id()) => skipping = None,
            Edge::Close(node) if skipping.is_none() => {
                if let Node::Element(e) = node.value() {
                    b.close(e.name());
                }
            }
            _ => {}
        }
    }
    b.end_block();
    Extracted {
        text: b.blocks.into_text(),
        pages: Vec::new(),
    }
}

/// True for an element that is page furniture: by name, by ARIA role, hidden, or a
/// page-wide `<header>`/`<footer>` (one not inside an article, aside, main, nav or
/// section: there they head or close that part, and are kept).
fn dropped(e: &scraper::node::Element, node: ego_tree::NodeRef<Node>) -> bool {
    let name = e.name();
    if DROPPED.contains(&name)
        || e.attr("hidden").is_some()
        || e.attr("aria-hidden") == Some("true")
        || e.attr("role")
            .is_some_and(|r| DROPPED_ROLES.contains(&r.trim()))
    {
        return true;
    }
    (name == "header" || name == "footer")
        && !node.ancestors().any(|a| {
            a.value().as_element().is_some_and(|a| {
                matches!(a.name(), "article" | "aside" | "main" | "nav" | "section")
            })
        })
}

/// Collects blocks while the page is walked.
#[derive(Default)]
struct Builder {
    blocks: Blocks,
    /// Finished lines of the current block.
    lines: Vec<String>,
    /// The line being read.
    line: String,
    /// Inside `<pre>` (line breaks kept) and inside a heading (one line).
    pre: usize,
    heading: usize,
}

impl Builder {
    fn text(&mut self, t: &str) {
        if self.pre > 0 {
            for (i, part) in t.split('\n').enumerate() {
                if i > 0 {
                    self.line_break();
                }
                self.line.push_str(part);
            }
        } else {
            self.line
                .extend(t.chars().map(|c| if c.is_whitespace() { ' ' } else { c }));
        }
    }

    fn open(&mut self, name: &str) {
        match name {
            "br" if self.heading > 0 => self.line.push(' '),
            "br" => self.line_break(),
            _ if BLOCKS.contains(&name) => self.end_block(),
            _ => {}
        }
        match name {
            "pre" => self.pre += 1,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.heading += 1,
            _ => {}
        }
    }

    fn close(&mut self, name: &str) {
        if BLOCKS.contains(&name) {
            self.end_block();
        }
        match name {
            "pre" => self.pre = self.pre.saturating_sub(1),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                self.heading = self.heading.saturating_sub(1)
            }
            _ => {}
        }
    }

    /// A `<br>`: ends the line; a second one in a row ends the block.
    fn line_break(&mut self) {
        let line = std::mem::take(&mut self.line);
        if !line.trim().is_empty() {
            self.lines.push(line);
        } else if !self.lines.is_empty() {
            self.end_block();
        }
    }

    fn end_block(&mut self) {
        let line = std::mem::take(&mut self.line);
        if !line.trim().is_empty() {
            self.lines.push(line);
        }
        if !self.lines.is_empty() {
            let text = std::mem::take(&mut self.lines).join("\n");
            if self.heading > 0 {
                self.blocks.heading(&text);
            } else {
                self.blocks.paragraph(&text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_charset_forms() {
        let enc = |s: &str| meta_charset(s.as_bytes()).map(|e| e.name());
        assert_eq!(enc("<META charset=\"windows-1251\">"), Some("windows-1251"));
        assert_eq!(
            enc("<meta http-equiv=Content-Type content='text/html; charset=ISO-8859-2'>"),
            Some("ISO-8859-2")
        );
        assert_eq!(enc("<meta charset=utf-16>"), Some("UTF-8"));
        assert_eq!(enc("<meta name=x><p>charset=koi8-r"), None);
    }

    #[test]
    fn blocks_br_and_furniture() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body>\
            <header><a href=/>Home</a></header><nav>Menu</nav>\
            <article><header><h1>Safer <br>streets</h1></header>\
            <div>First line<br>second line<br><br>Next block <b>bold</b></div>\
            <!-- a comment --><ul><li>one</li><li>two</li></ul>\
            <table><tr><td>cell a</td><td>cell b</td></tr></table>\
            <div hidden>secret</div><script>var x</script></article>\
            <footer>© 2024</footer></body></html>";
        assert_eq!(
            html_text(html).text,
            "Safer streets\n\nFirst line\nsecond line\n\nNext block bold\n\none\n\ntwo\n\n\
             cell a\n\ncell b\n"
        );
    }
}
