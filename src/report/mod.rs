//! The HTML report, `report.html`: one self-contained file (charts as inline SVG, inline
//! CSS, no scripts, no links to anything outside it) with the run summary, every chart,
//! a topic table and a document table. Every name and text from the corpus is escaped.
//!
//! [`write()`] takes plain data ([`ReportData`]); [`render`] returns the HTML.
//!
//! ```
//! use paratopic::report::{render, ReportData, TopicRow};
//!
//! let data = ReportData {
//!     topics: vec![TopicRow { label: "police, crime".into(), size: 3, ..Default::default() }],
//!     ..Default::default()
//! };
//! let html = render(&data);
//! assert!(html.starts_with("<!DOCTYPE html>") && html.contains("police, crime"));
//! ```

use crate::error::{Error, Result};
use crate::plot::svg::escape;
use crate::plot::{topic_css, Chart};
use std::fmt::Write;
use std::path::Path;

/// Everything the report shows.
#[derive(Debug, Clone, Default)]
pub struct ReportData {
    /// paratopic's version.
    pub version: String,
    /// What was read: (what, value) rows, e.g. ("input.paths", "seeds").
    pub inputs: Vec<(String, String)>,
    /// Counts: (what, value) rows, e.g. ("documents", "5").
    pub counts: Vec<(String, String)>,
    /// Quality metrics and clustering figures: (name, value) rows, shown as given.
    pub metrics: Vec<(String, String)>,
    /// Seconds per stage, in order (empty: no Timings card, as with
    /// `output.provenance = false`).
    pub timings: Vec<(String, f64)>,
    /// Warnings raised during the run.
    pub warnings: Vec<String>,
    /// The effective configuration as TOML.
    pub config_toml: String,
    /// The charts, in display order.
    pub charts: Vec<Chart>,
    /// The topics, in topic order.
    pub topics: Vec<TopicRow>,
    /// The documents, in output order.
    pub documents: Vec<DocRow>,
}

/// One topic.
#[derive(Debug, Clone, Default)]
pub struct TopicRow {
    /// Its id (contracts §3; differs from its position after `topics.merge`).
    pub id: usize,
    /// Its label (top words).
    pub label: String,
    /// Paragraphs assigned to it.
    pub size: usize,
    /// Its share of all tokens.
    pub share: f64,
    /// Top terms with their weights, best first.
    pub terms: Vec<(String, f64)>,
    /// Its most representative paragraphs, best first.
    pub examples: Vec<Example>,
}

/// A paragraph quoted in the report.
#[derive(Debug, Clone, Default)]
pub struct Example {
    /// The document it is from.
    pub document: String,
    /// Its 1-based number within the document.
    pub paragraph: usize,
    /// Its full text.
    pub text: String,
}

/// One document.
#[derive(Debug, Clone, Default)]
pub struct DocRow {
    /// Its id.
    pub name: String,
    /// Its title, if it has one (shown above the id).
    pub title: Option<String>,
    /// Paragraph units it was split into.
    pub paragraphs: usize,
    /// Its topic weights (sum to 1).
    pub weights: Vec<f64>,
}

/// Rows of the document table; more are left to `doc_topics.csv`.
pub const MAX_DOCUMENT_ROWS: usize = 2000;
/// Characters of a quoted paragraph shown before "full text".
const EXCERPT_CHARS: usize = 360;

/// Marks around the timings, the only part that differs between two runs of the same
/// input and config (tests compare reports without it).
pub const TIMINGS_START: &str = "<!--timings-->";
/// See [`TIMINGS_START`].
pub const TIMINGS_END: &str = "<!--/timings-->";

/// Writes the report to `path`.
pub fn write(path: &Path, data: &ReportData) -> Result<()> {
    std::fs::write(path, render(data)).map_err(|e| Error::write(path, e))
}

const CSS: &str = r#"
:root{color-scheme:light}
body{font-family:'DejaVu Sans',Verdana,'Liberation Sans',Arial,Helvetica,sans-serif;margin:0;color:#222;background:#fff;line-height:1.45;font-size:15px}
header,main{max-width:1320px;margin:0 auto;padding:0 24px}
header{padding-top:18px;border-bottom:1px solid #ddd}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:21px;margin:34px 0 12px;border-bottom:2px solid #332288;padding-bottom:4px}
h3{font-size:16px;margin:18px 0 8px}
nav a{margin-right:18px;color:#332288}
.lead{color:#555;margin:0 0 8px}
.cards{display:flex;flex-wrap:wrap;gap:16px}
.card{border:1px solid #ddd;border-radius:6px;padding:8px 14px;min-width:240px;flex:1 1 240px}
.card table{width:100%}
table{border-collapse:collapse;font-size:14px}
th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #e6e6e6}
th{background:#f4f4f4;position:sticky;top:0}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.kv td:first-child{color:#555}
pre{background:#f6f6f6;padding:10px;overflow:auto;font-size:13px;max-height:420px}
figure{margin:0 0 28px}
figcaption{font-size:14px;color:#555;margin-bottom:6px}
figure svg{max-width:100%;height:auto;border:1px solid #e4e4e4}
.sw{display:inline-block;width:13px;height:13px;border-radius:2px;vertical-align:-1px;margin-right:6px;border:1px solid rgba(0,0,0,.25)}
.scroll{overflow-x:auto}
.topics td{min-width:60px}
.terms{font-size:13px}
.terms span{white-space:nowrap;margin-right:10px}
.terms i{color:#666;font-style:normal;font-size:12px}
.para{white-space:pre-line;overflow-wrap:anywhere;font-size:13px;margin:0 0 8px;padding-left:10px;border-left:3px solid #ddd}
.src{color:#666;font-size:12px}
.docs{font-size:13px}
.docs td,.docs th{white-space:nowrap;padding:3px 5px}
.docs td.name{position:sticky;left:0;background:#fff;white-space:normal;overflow-wrap:break-word;min-width:15em;max-width:24em}
.docs .id{color:#555;font-size:85%}
.docs th:first-child{left:0;z-index:1}
.docs td.dom{white-space:normal;min-width:14em;max-width:30em}
.docs th .sw{margin-right:3px}
.docs td.w{min-width:2em}
.note{color:#555;font-size:14px}
.warn{color:#8a4b00}
details summary{cursor:pointer;color:#332288}
footer{max-width:1320px;margin:30px auto;padding:0 24px;color:#777;font-size:13px}
"#;

fn kv_table(out: &mut String, rows: &[(String, String)]) {
    out.push_str("<table class=\"kv\">");
    for (k, v) in rows {
        let _ = write!(out, "<tr><td>{}</td><td>{}</td></tr>", escape(k), escape(v));
    }
    out.push_str("</table>");
}

/// `s` escaped, with line-break opportunities after `/`, `-`, `_` and `.` (long file names).
fn breakable(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        out.push_str(&escape(c.encode_utf8(&mut [0; 4])));
        if matches!(c, '/' | '-' | '_' | '.') {
            out.push_str("<wbr>");
        }
    }
    out
}

fn swatch(t: usize) -> String {
    format!(
        "<span class=\"sw\" style=\"background:{}\"></span>",
        topic_css(t)
    )
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// The index of the largest weight.
fn dominant(weights: &[f64]) -> Option<usize> {
    weights
        .iter()
        .enumerate()
        .fold(None, |best: Option<(usize, f64)>, (t, &w)| match best {
            Some((_, bw)) if bw >= w => best,
            _ => Some((t, w)),
        })
        .map(|(t, _)| t)
}

/// The report as one HTML document.
pub fn render(data: &ReportData) -> String {
    let k = data.topics.len();
    let mut o = String::with_capacity(1 << 16);
    let n_docs = data.documents.len();
    let n_paras: usize = data.documents.iter().map(|d| d.paragraphs).sum();
    let _ = write!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"paratopic {v}\">\n\
         <title>paratopic report: {n_docs} documents, {k} topics</title>\n<style>{CSS}</style>\n</head>\n<body>\n\
         <header>\n<h1>paratopic report</h1>\n\
         <p class=\"lead\">{n_docs} documents, {n_paras} paragraphs, {k} topics. Made by paratopic {v}.</p>\n\
         <nav><a href=\"#summary\">Summary</a><a href=\"#charts\">Charts</a><a href=\"#topics\">Topics</a><a href=\"#documents\">Documents</a></nav>\n\
         </header>\n<main>\n",
        v = escape(&data.version),
    );
    summary(&mut o, data);
    charts(&mut o, data);
    topics(&mut o, data);
    documents(&mut o, data);
    let _ = write!(
        o,
        "</main>\n<footer>Written by paratopic {}. The same numbers are in the CSV files and run.json beside this report.</footer>\n</body>\n</html>\n",
        escape(&data.version)
    );
    o
}

fn summary(o: &mut String, data: &ReportData) {
    o.push_str("<section id=\"summary\">\n<h2>Run summary</h2>\n<div class=\"cards\">\n");
    for (title, rows) in [("Inputs", &data.inputs), ("Counts", &data.counts)] {
        let _ = write!(o, "<div class=\"card\"><h3>{title}</h3>");
        kv_table(o, rows);
        o.push_str("</div>\n");
    }
    o.push_str("<div class=\"card\"><h3>Quality</h3>");
    if data.metrics.is_empty() {
        o.push_str("<p class=\"note\">No quality metrics were computed in this run.</p>");
    } else {
        kv_table(o, &data.metrics);
    }
    if !data.timings.is_empty() {
        o.push_str("</div>\n<div class=\"card\"><h3>Timings</h3>");
        o.push_str(TIMINGS_START);
        let total: f64 = data.timings.iter().map(|t| t.1).sum();
        let mut rows: Vec<(String, String)> = data
            .timings
            .iter()
            .map(|(s, t)| (s.clone(), format!("{t:.2} s")))
            .collect();
        rows.push(("total".into(), format!("{total:.2} s")));
        kv_table(o, &rows);
        o.push_str(TIMINGS_END);
    }
    o.push_str("</div>\n</div>\n");
    if !data.warnings.is_empty() {
        let _ = write!(
            o,
            "<h3 class=\"warn\">Warnings ({})</h3><ul>",
            data.warnings.len()
        );
        for w in &data.warnings {
            let _ = write!(o, "<li class=\"warn\">{}</li>", escape(w));
        }
        o.push_str("</ul>\n");
    }
    let _ = write!(
        o,
        "<details><summary>Configuration of this run</summary><pre>{}</pre></details>\n</section>\n",
        escape(&data.config_toml)
    );
}

fn charts(o: &mut String, data: &ReportData) {
    o.push_str("<section id=\"charts\">\n<h2>Charts</h2>\n<p class=\"note\">The same charts are in <code>charts/</code> as SVG files. Hover over a bar, a cell or a shortened name to see the exact value or the full name.</p>\n");
    for c in &data.charts {
        let stem = c.file.trim_end_matches(".svg");
        let _ = write!(
            o,
            "<figure id=\"chart-{}\"><figcaption>charts/{}</figcaption>\n{}</figure>\n",
            escape(stem),
            escape(c.file),
            c.svg.trim_end()
        );
    }
    o.push_str("</section>\n");
}

/// The start of a long text (cut at a space) and the rest, or the whole text.
fn excerpt(text: &str) -> (&str, &str) {
    let text = text.trim();
    if text.chars().count() <= EXCERPT_CHARS + 60 {
        return (text, "");
    }
    let end = text
        .char_indices()
        .nth(EXCERPT_CHARS)
        .map_or(text.len(), |(i, _)| i);
    let cut = match text[..end].rfind(char::is_whitespace) {
        Some(i) if i > end / 2 => i,
        _ => end,
    };
    (text[..cut].trim_end(), text[cut..].trim_start())
}

fn topics(o: &mut String, data: &ReportData) {
    o.push_str("<section id=\"topics\">\n<h2>Topics</h2>\n<p class=\"note\">Topic 0 is the largest. Size: paragraphs assigned to the topic, and its share of all tokens. Terms: their weights under topics.ranking (see the top-terms chart). Paragraphs: the ones closest to the topic's centre.</p>\n<div class=\"scroll\"><table class=\"topics\">\n<tr><th class=\"n\">topic</th><th>label</th><th class=\"n\">size</th><th>top terms</th><th>representative paragraphs</th></tr>\n");
    for (t, topic) in data.topics.iter().enumerate() {
        let id = topic.id;
        let _ = write!(
            o,
            "<tr id=\"topic-{id}\"><td class=\"n\">{}{id}</td><td><b>{}</b></td><td class=\"n\">{}<br><span class=\"src\">{} of tokens</span></td><td class=\"terms\">",
            swatch(t),
            escape(&topic.label),
            topic.size,
            pct(topic.share)
        );
        for (term, w) in &topic.terms {
            let _ = write!(o, "<span>{} <i>{w:.3}</i></span> ", escape(term));
        }
        o.push_str("</td><td>");
        for ex in &topic.examples {
            let (shown, rest) = excerpt(&ex.text);
            let _ = write!(
                o,
                "<div class=\"para\"><span class=\"src\">{} ¶{}</span><br>{}",
                escape(&ex.document),
                ex.paragraph,
                escape(shown)
            );
            if !rest.is_empty() {
                let _ = write!(
                    o,
                    " …<details><summary>rest of the paragraph</summary>{}</details>",
                    escape(rest)
                );
            }
            o.push_str("</div>");
        }
        o.push_str("</td></tr>\n");
    }
    o.push_str("</table></div>\n</section>\n");
}

fn documents(o: &mut String, data: &ReportData) {
    let k = data.topics.len();
    let n = data.documents.len();
    o.push_str("<section id=\"documents\">\n<h2>Documents</h2>\n<p class=\"note\">Each document's share of tokens per topic, in percent (blank: below 0.5%). The same numbers, unrounded, are in <code>doc_topics.csv</code>.");
    if n > MAX_DOCUMENT_ROWS {
        let _ = write!(
            o,
            " The first {MAX_DOCUMENT_ROWS} of {n} documents are listed; all are in <code>doc_topics.csv</code>."
        );
    }
    o.push_str("</p>\n<div class=\"scroll\"><table class=\"docs\">\n<tr><th>document</th><th class=\"n\">paragraphs</th><th>dominant topic</th>");
    for t in 0..k {
        let _ = write!(
            o,
            "<th class=\"n\" title=\"{}\">{}{}</th>",
            escape(&data.topics[t].label),
            swatch(t),
            data.topics[t].id
        );
    }
    o.push_str("</tr>\n");
    for d in data.documents.iter().take(MAX_DOCUMENT_ROWS) {
        let _ = write!(
            o,
            "<tr><td class=\"name\">{}</td><td class=\"n\">{}</td>",
            match &d.title {
                Some(t) => format!(
                    "{}<br><span class=\"id\">{}</span>",
                    escape(t),
                    breakable(&d.name)
                ),
                None => breakable(&d.name),
            },
            d.paragraphs
        );
        match dominant(&d.weights) {
            Some(t) => {
                let label = escape(data.topics.get(t).map_or("", |x| x.label.as_str()));
                let _ = write!(
                    o,
                    "<td class=\"dom\" title=\"{label}\">{}{} <span class=\"src\">{}</span> {label}",
                    swatch(t),
                    data.topics.get(t).map_or(t, |x| x.id),
                    pct(d.weights[t])
                );
            }
            None => o.push_str("<td>"),
        }
        o.push_str("</td>");
        for &w in &d.weights {
            if w >= 0.005 {
                let _ = write!(
                    o,
                    "<td class=\"n w\" style=\"background:rgba(8,48,107,{:.2})\">{:.0}</td>",
                    (w * 0.55).min(0.55),
                    w * 100.0
                );
            } else {
                o.push_str("<td class=\"w\"></td>");
            }
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</table></div>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hostile() -> ReportData {
        let evil = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&";
        ReportData {
            version: "0".into(),
            inputs: vec![("input.paths".into(), evil.into())],
            counts: vec![(evil.into(), "1".into())],
            metrics: vec![("m".into(), evil.into())],
            timings: vec![("corpus".into(), 0.5)],
            warnings: vec![evil.into()],
            config_toml: evil.into(),
            charts: vec![],
            topics: vec![TopicRow {
                id: 0,
                label: evil.into(),
                size: 1,
                share: 1.0,
                terms: vec![(evil.into(), 1.0)],
                examples: vec![Example {
                    document: evil.into(),
                    paragraph: 1,
                    text: format!("{evil} {}", "word ".repeat(300)),
                }],
            }],
            documents: vec![DocRow {
                name: evil.into(),
                title: Some(evil.into()),
                paragraphs: 1,
                weights: vec![1.0],
            }],
        }
    }

    #[test]
    fn every_corpus_string_is_escaped() {
        let html = render(&hostile());
        assert!(!html.contains("<script"), "raw <script> in the report");
        assert!(!html.contains("<img"), "raw <img> in the report");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;"));
    }

    #[test]
    fn timings_are_marked_and_long_paragraphs_cut() {
        let html = render(&hostile());
        let a = html.find(TIMINGS_START).unwrap();
        let b = html.find(TIMINGS_END).unwrap();
        assert!(html[a..b].contains("0.50 s"));
        assert!(html.contains("<details><summary>rest of the paragraph</summary>"));
    }

    #[test]
    fn the_dominant_topic_is_the_largest_weight() {
        assert_eq!(dominant(&[0.2, 0.5, 0.3]), Some(1));
        assert_eq!(dominant(&[0.5, 0.5]), Some(0));
        assert_eq!(dominant(&[]), None);
    }
}
