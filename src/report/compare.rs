//! The report's Compare section: the comparison's charts, tables and notes.

use crate::plot::svg::escape;
use std::fmt::Write;

/// The Compare section of the report (see [`crate::compare`]).
#[derive(Debug, Clone, Default)]
pub struct CompareSection {
    /// Notes and warnings of the comparison (number of comparisons, small groups…).
    pub notes: Vec<String>,
    /// (file name in `charts/`, SVG) of each chart, in display order.
    pub figures: Vec<(String, String)>,
    /// Tables, in display order.
    pub tables: Vec<ReportTable>,
}

/// A plain table: a caption, a header and rows of text.
#[derive(Debug, Clone, Default)]
pub struct ReportTable {
    /// What it shows.
    pub caption: String,
    /// Column heads.
    pub header: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

/// Writes the section into `o`.
pub(super) fn section(o: &mut String, c: &CompareSection) {
    o.push_str("<section id=\"compare\">\n<h2>Compare</h2>\n<p class=\"note\">Topic shares across groups of documents and over time (<code>[compare]</code>). A share is the group's tokens in the topic over its tokens in assigned paragraphs; intervals come from resampling the group's documents. The tables are in <code>topics_by_group.csv</code>, <code>topics_over_time.csv</code>, <code>distinctive_topics.csv</code> and <code>documents.csv</code>.</p>\n");
    if !c.notes.is_empty() {
        o.push_str("<ul>");
        for n in &c.notes {
            let _ = write!(o, "<li class=\"note\">{}</li>", escape(n));
        }
        o.push_str("</ul>\n");
    }
    for (file, svg) in &c.figures {
        let stem = file.trim_end_matches(".svg");
        let _ = write!(
            o,
            "<figure id=\"chart-{}\"><figcaption>charts/{}</figcaption>\n{}</figure>\n",
            escape(stem),
            escape(file),
            svg.trim_end()
        );
    }
    for t in &c.tables {
        let _ = write!(
            o,
            "<h3>{}</h3>\n<div class=\"scroll\"><table>\n<tr>",
            escape(&t.caption)
        );
        for h in &t.header {
            let _ = write!(o, "<th>{}</th>", escape(h));
        }
        o.push_str("</tr>\n");
        for row in &t.rows {
            o.push_str("<tr>");
            for cell in row {
                let _ = write!(o, "<td>{}</td>", escape(cell));
            }
            o.push_str("</tr>\n");
        }
        o.push_str("</table></div>\n");
    }
    o.push_str("</section>\n");
}
