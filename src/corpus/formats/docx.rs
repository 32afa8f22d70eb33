//! DOCX (Office Open XML): the body's paragraphs, headings, list items and table cells,
//! from `word/document.xml` (zip + roxmltree). Page headers and footers, comments,
//! footnotes and deleted (tracked) text live elsewhere or in other elements and are
//! dropped. Headings are the paragraphs with an outline level (`w:outlineLvl` 0–8, set
//! on the paragraph or on its style or a style it is based on), whatever the style's
//! name or language.

use super::blocks::Blocks;
use super::{zipped, Extracted, Unreadable};
use roxmltree::Node;
use std::collections::HashMap;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// `w:outlineLvl` of body text: not a heading.
const BODY_LEVEL: u8 = 9;

/// The text of a DOCX file's body, one block per paragraph, heading, list item and
/// table cell; `pages` is empty.
///
/// # Errors
/// [`Unreadable`] naming the problem: not a zip archive (an old `.doc` renamed, or a
/// password-protected file), no document part, damaged XML.
pub fn extract_docx(bytes: &[u8]) -> Result<Extracted, Unreadable> {
    let mut zip = zipped::open(bytes, "DOCX")?;
    let main = main_part(&mut zip)?;
    let Some(doc) = zipped::part(&mut zip, &main)? else {
        return Err(Unreadable(format!(
            "has no document part ({main}): it is not a Word document, or it is damaged; open it \
             and save it again as .docx"
        )));
    };
    let folder = main.rsplit_once('/').map_or("", |(f, _)| f);
    let styles_name = format!("{folder}/styles.xml")
        .trim_start_matches('/')
        .to_string();
    let styles_xml = zipped::part(&mut zip, &styles_name)?.unwrap_or_default();
    let styles = if styles_xml.is_empty() {
        Styles::default()
    } else {
        Styles::parse(&zipped::xml(&styles_name, &styles_xml)?)
    };
    let xml = zipped::xml(&main, &doc)?;
    let mut out = Blocks::default();
    if let Some(body) = xml.descendants().find(|n| is(n, W, "body")) {
        walk(body, &styles, &mut out);
    }
    Ok(Extracted {
        text: out.into_text(),
        pages: Vec::new(),
    })
}

/// The main document part's name, from the package relationships (`word/document.xml`
/// when they do not say).
fn main_part(zip: &mut zipped::Package) -> Result<String, Unreadable> {
    let fallback = "word/document.xml".to_string();
    let Some(rels) = zipped::part(zip, "_rels/.rels")? else {
        return Ok(fallback);
    };
    let xml = zipped::xml("_rels/.rels", &rels)?;
    let target = xml
        .descendants()
        .filter(|n| is(n, RELS, "Relationship"))
        .find(|n| {
            n.attribute("Type")
                .is_some_and(|t| t.ends_with("/officeDocument"))
        })
        .and_then(|n| n.attribute("Target"));
    Ok(target.map_or(fallback, |t| t.trim_start_matches('/').to_string()))
}

fn is(n: &Node, ns: &str, name: &str) -> bool {
    n.is_element() && n.tag_name().name() == name && n.tag_name().namespace() == Some(ns)
}

/// The paragraph styles: each one's outline level and the style it is based on.
#[derive(Debug, Default)]
struct Styles {
    by_id: HashMap<String, (Option<u8>, Option<String>)>,
    /// The default paragraph style's id.
    default: Option<String>,
}

impl Styles {
    fn parse(xml: &roxmltree::Document) -> Styles {
        let mut styles = Styles::default();
        for s in xml.descendants().filter(|n| is(n, W, "style")) {
            let Some(id) = s.attribute((W, "styleId")) else {
                continue;
            };
            if s.attribute((W, "default")).is_some_and(on)
                && s.attribute((W, "type")) == Some("paragraph")
            {
                styles.default = Some(id.to_string());
            }
            let based_on = child(s, "basedOn").and_then(|b| b.attribute((W, "val")));
            let level = child(s, "pPr").and_then(outline_level);
            styles
                .by_id
                .insert(id.to_string(), (level, based_on.map(str::to_string)));
        }
        styles
    }

    /// The outline level of style `id`, following `basedOn` (at most 20 steps, so a
    /// cycle ends).
    fn level(&self, id: &str) -> u8 {
        let mut id = id;
        for _ in 0..20 {
            match self.by_id.get(id) {
                Some((Some(level), _)) => return *level,
                Some((None, Some(parent))) => id = parent,
                _ => break,
            }
        }
        BODY_LEVEL
    }

    /// The outline level of paragraph `p`: its own, else its style's, else the default
    /// paragraph style's.
    fn of_paragraph(&self, p: Node) -> u8 {
        let ppr = child(p, "pPr");
        if let Some(level) = ppr.and_then(outline_level) {
            return level;
        }
        let style = ppr
            .and_then(|ppr| child(ppr, "pStyle"))
            .and_then(|s| s.attribute((W, "val")))
            .or(self.default.as_deref());
        style.map_or(BODY_LEVEL, |s| self.level(s))
    }
}

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is(c, W, name))
}

/// `w:outlineLvl` of a `w:pPr`.
fn outline_level(ppr: Node) -> Option<u8> {
    child(ppr, "outlineLvl")?
        .attribute((W, "val"))?
        .parse()
        .ok()
}

/// A `w:val` that means true (absent counts as true).
fn on(v: &str) -> bool {
    matches!(v, "1" | "true" | "on")
}

/// Block-level content: paragraphs, table cells (one block each), and the containers
/// around them (content controls, custom XML, tracked insertions).
fn walk(node: Node, styles: &Styles, out: &mut Blocks) {
    for c in node.children().filter(Node::is_element) {
        let ns = c.tag_name().namespace();
        match (ns == Some(W), c.tag_name().name()) {
            (true, "p") => paragraph(c, styles, out),
            (true, "tc") => {
                let mut cell = Blocks::default();
                walk(c, styles, &mut cell);
                out.paragraph(&cell.into_lines().join("\n"));
            }
            (true, "sectPr" | "del" | "moveFrom" | "tblPr" | "trPr" | "tcPr" | "sdtPr") => {}
            _ if ns == Some(MC) && c.tag_name().name() == "Fallback" => {}
            _ => walk(c, styles, out),
        }
    }
}

/// One paragraph as a block (a heading when it has an outline level), then the
/// paragraphs of text boxes anchored in it.
fn paragraph(p: Node, styles: &Styles, out: &mut Blocks) {
    let mut text = String::new();
    let mut nested = Vec::new();
    inline(p, &mut text, &mut nested);
    if styles.of_paragraph(p) < BODY_LEVEL {
        out.heading(&text);
    } else {
        out.paragraph(&text);
    }
    for n in nested {
        walk(n, styles, out);
    }
}

/// The text of a paragraph's runs; text boxes (`w:txbxContent`) go to `nested`.
fn inline<'a, 'i>(node: Node<'a, 'i>, text: &mut String, nested: &mut Vec<Node<'a, 'i>>) {
    for c in node.children().filter(Node::is_element) {
        let name = c.tag_name().name();
        if c.tag_name().namespace() == Some(MC) {
            if name != "Fallback" {
                inline(c, text, nested);
            }
            continue;
        }
        if c.tag_name().namespace() != Some(W) {
            inline(c, text, nested);
            continue;
        }
        match name {
            "t" => text.push_str(c.text().unwrap_or("")),
            "tab" | "ptab" => text.push('\t'),
            "br" | "cr" => text.push('\n'),
            "noBreakHyphen" => text.push('-'),
            "txbxContent" => nested.push(c),
            "r" if hidden(c) => {}
            // properties, deleted and moved-away text, field codes: no text of the author's
            "pPr" | "rPr" | "del" | "moveFrom" | "instrText" | "delText" | "delInstrText" => {}
            _ => inline(c, text, nested),
        }
    }
}

/// True for a run formatted as hidden text (`w:vanish`).
fn hidden(run: Node) -> bool {
    child(run, "rPr")
        .and_then(|rpr| child(rpr, "vanish"))
        .is_some_and(|v| v.attribute((W, "val")).is_none_or(on))
}
