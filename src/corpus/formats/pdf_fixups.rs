//! Rewrites two things in a loaded document that `pdf-extract` 0.12 misreads, into
//! equivalent forms it reads correctly:
//! - the text operators `'` and `"` (move to the next line, then show a string;
//!   ghostscript's `ps2pdf` writes them), which it ignores, so that their lines are drawn
//!   over the previous line and garble it: they become `T*`, `Tw`, `Tc` and `Tj`;
//! - the range form `first last width` of a CID font's glyph widths (`/W`; Chromium
//!   writes it), which it skips, so that e.g. every digit gets the default width and
//!   the words after it are misplaced: it becomes the list form `first [width ...]`.

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object};

/// Applies both rewrites to `doc`.
pub fn fix_for_extraction(doc: &mut Document) {
    normalise_text_operators(doc);
    expand_width_ranges(doc);
}

/// Rewrites the range entries of every `/W` array (CID font widths) into list entries.
fn expand_width_ranges(doc: &mut Document) {
    let mut arrays: Vec<lopdf::ObjectId> = Vec::new();
    for object in doc.objects.values_mut() {
        let Object::Dictionary(dict) = object else {
            continue;
        };
        match dict.get_mut(b"W") {
            Ok(Object::Array(w)) => *w = expand(w),
            Ok(Object::Reference(id)) => arrays.push(*id),
            _ => {}
        }
    }
    for id in arrays {
        if let Ok(Object::Array(w)) = doc.get_object_mut(id) {
            *w = expand(w);
        }
    }
}

/// A `/W` array with every `first last width` entry written as `first [width ...]`
/// (ranges longer than 65,536 glyphs are left as they are).
fn expand(w: &[Object]) -> Vec<Object> {
    let mut out = Vec::with_capacity(w.len());
    let mut i = 0;
    while i < w.len() {
        match (w.get(i), w.get(i + 1), w.get(i + 2)) {
            (Some(first), Some(Object::Array(list)), _) => {
                out.push(first.clone());
                out.push(Object::Array(list.clone()));
                i += 2;
            }
            (Some(first), Some(last), Some(width)) => {
                match (first.as_i64(), last.as_i64()) {
                    (Ok(a), Ok(b)) if a <= b && b - a < 65_536 => {
                        out.push(first.clone());
                        out.push(Object::Array(vec![width.clone(); (b - a + 1) as usize]));
                    }
                    _ => out.extend([first.clone(), last.clone(), width.clone()]),
                }
                i += 3;
            }
            _ => {
                out.extend(w[i..].iter().cloned());
                break;
            }
        }
    }
    out
}

/// Rewrites `'` and `"` in every page and form XObject of `doc` (content that does not
/// parse is left as it is).
fn normalise_text_operators(doc: &mut Document) {
    let pages: Vec<_> = doc.get_pages().into_values().collect();
    for page in pages {
        let Ok(bytes) = doc.get_page_content(page) else {
            continue;
        };
        if let Some(new) = rewrite(&bytes) {
            let _ = doc.change_page_content(page, new);
        }
    }
    for object in doc.objects.values_mut() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let form = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Form");
        if !form {
            continue;
        }
        let bytes = if stream.dict.has(b"Filter") {
            stream.decompressed_content().ok()
        } else {
            Some(stream.content.clone())
        };
        if let Some(new) = bytes.as_deref().and_then(rewrite) {
            stream.set_plain_content(new);
        }
    }
}

/// The content stream `bytes` with `'` and `"` rewritten; `None` when it has neither
/// (or does not parse).
fn rewrite(bytes: &[u8]) -> Option<Vec<u8>> {
    if !bytes.iter().any(|&b| b == b'\'' || b == b'"') {
        return None;
    }
    let content = Content::decode(bytes).ok()?;
    if !content
        .operations
        .iter()
        .any(|op| op.operator == "'" || op.operator == "\"")
    {
        return None;
    }
    let mut ops = Vec::with_capacity(content.operations.len() + 8);
    for op in content.operations {
        match (op.operator.as_str(), op.operands.as_slice()) {
            ("'", [s]) => {
                ops.push(Operation::new("T*", vec![]));
                ops.push(Operation::new("Tj", vec![s.clone()]));
            }
            ("\"", [aw, ac, s]) => {
                ops.push(Operation::new("Tw", vec![aw.clone()]));
                ops.push(Operation::new("Tc", vec![ac.clone()]));
                ops.push(Operation::new("T*", vec![]));
                ops.push(Operation::new("Tj", vec![s.clone()]));
            }
            _ => ops.push(op),
        }
    }
    Content { operations: ops }.encode().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_operators_become_next_line_and_show() {
        let src = b"BT /F1 10 Tf 12 TL (one) Tj (two) ' 1 2 (three) \" ET";
        let out = rewrite(src).expect("rewritten");
        let ops: Vec<String> = Content::decode(&out)
            .expect("parses")
            .operations
            .into_iter()
            .map(|o| o.operator)
            .collect();
        assert_eq!(
            ops,
            ["BT", "Tf", "TL", "Tj", "T*", "Tj", "Tw", "Tc", "T*", "Tj", "ET"]
        );
        assert_eq!(rewrite(b"BT (plain) Tj ET"), None);
    }

    #[test]
    fn width_ranges_become_lists() {
        let w = vec![
            Object::Integer(0),
            Object::Array(vec![Object::Integer(600), Object::Integer(0)]),
            Object::Integer(19),
            Object::Integer(21),
            Object::Real(636.2),
            Object::Integer(40),
        ];
        let out = expand(&w);
        assert_eq!(out.len(), 5);
        assert_eq!(out[2], Object::Integer(19));
        assert_eq!(out[3], Object::Array(vec![Object::Real(636.2); 3]));
        assert_eq!(out[4], Object::Integer(40));
    }
}
