//! Markdown reduced to its text before paragraphs are split: front matter (YAML `---` or
//! TOML `+++`), code blocks and raw HTML dropped; heading marks, emphasis, link targets
//! and table pipes removed; headings, paragraphs, list items and table rows kept as
//! blocks separated by blank lines. Parsing is pulldown-cmark's (CommonMark).
//!
//! Each block starts on the line it starts on in the file when the blocks before it
//! leave room (an item of a tight list, with no blank line before it, starts one line
//! later per item before it), so `paragraphs.csv` line numbers point into the file.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The file extensions read as Markdown.
pub const MARKDOWN_EXTENSIONS: [&str; 3] = ["md", "markdown", "mdown"];

/// True if `path` has a Markdown extension (any case).
pub fn is_markdown(path: &std::path::Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        MARKDOWN_EXTENSIONS
            .iter()
            .any(|m| e.eq_ignore_ascii_case(m))
    })
}

/// The text of Markdown `source`, one block per heading, paragraph, list item and table
/// row, each on its source line.
///
/// ```
/// use paratopic::corpus::markdown_text;
/// let md = "---\ntitle: x\nlayout: post\n---\n\n# Health\n\nWe will train **more** [doctors](https://x.org).\n\n```\ncode\n```\n";
/// assert_eq!(markdown_text(md), "\n\n\n\n\nHealth\n\nWe will train more doctors.\n");
/// ```
pub fn markdown_text(source: &str) -> String {
    let options = Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH;
    let mut out = String::with_capacity(source.len());
    let (mut line, mut counted) = (1usize, 0usize); // source line at byte `counted`
    let mut skip = 0usize; // inside code blocks, metadata, images
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match event {
            Event::Start(tag) if starts_block(&tag) && skip == 0 => {
                line += source[counted..range.start].matches('\n').count();
                counted = range.start;
                end_block(&mut out);
                let at = out.matches('\n').count() + 1;
                out.extend(std::iter::repeat_n('\n', line.saturating_sub(at)));
            }
            Event::Start(Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::Image { .. }) => {
                skip += 1
            }
            Event::End(TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::Image) => {
                skip = skip.saturating_sub(1)
            }
            Event::Text(t) | Event::Code(t) if skip == 0 => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if skip == 0 => out.push('\n'),
            Event::End(TagEnd::TableCell) if skip == 0 => out.push(' '),
            _ => {}
        }
    }
    let end = out.trim_end_matches([' ', '\n']).len();
    out.truncate(end);
    if end > 0 {
        out.push('\n');
    }
    out
}

/// Tags that begin a block of their own.
fn starts_block(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Paragraph
            | Tag::Heading { .. }
            | Tag::Item
            | Tag::TableHead
            | Tag::TableRow
            | Tag::BlockQuote(_)
    )
}

/// Ends the current block with a line break and a blank line (if it has text).
fn end_block(out: &mut String) {
    let trimmed = out.trim_end_matches([' ', '\n']).len();
    if trimmed > 0 && !out[..trimmed].ends_with('\n') {
        out.truncate(trimmed);
        out.push_str("\n\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_their_lines_and_lose_their_markup() {
        let md = "+++\ntitle = \"x\"\n+++\n# Housing *now*\n\n- build __affordable__ homes\n- cap rents\n\n| a | b |\n|---|---|\n| council | tax |\n\n<div>raw</div>\n\nSee ![chart](c.png) [the plan](http://x.org/plan).\n";
        let text = markdown_text(md);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[3], "Housing now");
        assert_eq!(lines[5], "build affordable homes");
        assert_eq!(lines[6], "");
        assert!(text.contains("cap rents"));
        assert!(text.contains("council tax"));
        assert!(text.contains("See  the plan."));
        for gone in ["title", "http", "raw", "chart", "*", "__", "|", "#"] {
            assert!(!text.contains(gone), "{gone:?} in {text:?}");
        }
    }

    #[test]
    fn plain_prose_is_left_alone() {
        let md = "Patients wait too long.\nWe will train more doctors.\n\nSecond paragraph.\n";
        assert_eq!(markdown_text(md), md);
    }
}
