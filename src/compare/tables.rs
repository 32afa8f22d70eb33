//! The comparison's CSV files and the rows of the report's Compare section.

use super::{Comparison, DocCounts, Prepared, Stats, TopicInfo, FOLDER};
use crate::error::{Error, Result};
use crate::plot::compare::CompareChart;
use crate::report::{CompareSection, ReportTable};
use std::path::Path;

/// The files [`write_tables`] may write: `topics_by_group.csv` (with `compare.by`),
/// `topics_over_time.csv` (with `compare.time`), `distinctive_topics.csv` (with
/// `compare.by`) and `documents.csv` (always).
pub const TABLE_FILES: [&str; 4] = [
    "topics_by_group.csv",
    "topics_over_time.csv",
    "distinctive_topics.csv",
    "documents.csv",
];

/// The columns shared by `topics_by_group.csv` and `topics_over_time.csv` after the
/// group (and bin).
const SHARE_COLUMNS: [&str; 11] = [
    "topic",
    "label",
    "name",
    "share",
    "share_low",
    "share_high",
    "mean_doc_share",
    "documents",
    "group_tokens",
    "topic_tokens",
    "unassigned_share",
];

fn f6(x: f64) -> String {
    format!("{x:.6}")
}

/// One row per topic of a set of documents' [`Stats`], after `lead` (by, group…).
fn share_rows(lead: &[&str], s: &Stats, topics: &[TopicInfo]) -> Vec<Vec<String>> {
    topics
        .iter()
        .enumerate()
        .map(|(t, topic)| {
            let mut row: Vec<String> = lead.iter().map(|x| x.to_string()).collect();
            let (low, high) = match &s.interval {
                Some((lo, hi)) => (f6(lo[t]), f6(hi[t])),
                None => (String::new(), String::new()),
            };
            row.extend([
                topic.id.to_string(),
                topic.label.clone(),
                topic.name.clone(),
                f6(s.share[t]),
                low,
                high,
                f6(s.mean_doc_share[t]),
                s.documents.to_string(),
                s.group_tokens.to_string(),
                s.topic_tokens[t].to_string(),
                f6(s.unassigned_share),
            ]);
            row
        })
        .collect()
}

fn write_csv(
    path: &Path,
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<String>>,
) -> Result<()> {
    let err = |e: csv::Error| Error::write(path, std::io::Error::other(e));
    let mut w = csv::Writer::from_path(path).map_err(err)?;
    w.write_record(header).map_err(err)?;
    for r in rows {
        w.write_record(&r).map_err(err)?;
    }
    w.flush().map_err(|e| Error::write(path, e))
}

/// Writes the comparison's CSV files into `dir` (see [`TABLE_FILES`]) and returns their
/// names.
///
/// # Errors
/// A file that cannot be written.
pub fn write_tables(c: &Comparison, dir: &Path) -> Result<Vec<&'static str>> {
    let mut written = Vec::new();
    if !c.groups.is_empty() {
        let mut header = vec!["by", "group"];
        header.extend(SHARE_COLUMNS);
        let rows = c.groups.iter().flat_map(|g| {
            g.cells
                .iter()
                .flat_map(|cell| share_rows(&[&g.by, &cell.group], &cell.stats, &c.topics))
        });
        write_csv(&dir.join(TABLE_FILES[0]), &header, rows)?;
        let rows = c.groups.iter().flat_map(|g| {
            g.distinctive.iter().flat_map(|d| {
                c.topics.iter().enumerate().map(|(t, topic)| {
                    vec![
                        g.by.clone(),
                        d.group.clone(),
                        topic.id.to_string(),
                        topic.label.clone(),
                        format!("{:.4}", d.log_odds[t]),
                        d.z.as_ref()
                            .map_or(String::new(), |z| format!("{:.3}", z[t])),
                    ]
                })
            })
        });
        let header = ["by", "group", "topic", "label", "log_odds", "z"];
        write_csv(&dir.join(TABLE_FILES[2]), &header, rows)?;
        written.extend([TABLE_FILES[0], TABLE_FILES[2]]);
    }
    if let Some(time) = &c.time {
        let mut header = vec!["by", "group", "bin_start", "bin_end"];
        header.extend(SHARE_COLUMNS);
        let rows = time.series.iter().flat_map(|s| {
            s.points.iter().flat_map(|(b, stats)| {
                let bin = &time.bins[*b];
                let by = s.by.as_deref().unwrap_or("");
                share_rows(&[by, &s.group, &bin.start, &bin.end], stats, &c.topics)
            })
        });
        write_csv(&dir.join(TABLE_FILES[1]), &header, rows)?;
        written.push(TABLE_FILES[1]);
    }
    let header: Vec<&str> = c.documents[0].iter().map(String::as_str).collect();
    write_csv(
        &dir.join(TABLE_FILES[3]),
        &header,
        c.documents[1..].iter().cloned(),
    )?;
    written.push(TABLE_FILES[3]);
    Ok(written)
}

/// `documents.csv`: `document, title, folder, <metadata columns>, tokens,
/// assigned_share, topic_<id>…` (the header first); a document with no assigned token
/// has empty topic weights.
pub(super) fn documents_table(
    prepared: &Prepared,
    docs: &[DocCounts],
    topics: &[TopicInfo],
) -> Vec<Vec<String>> {
    let meta = prepared.metadata.as_ref();
    let columns: Vec<&super::metadata::Column> =
        meta.map_or(Vec::new(), |m| m.columns.iter().collect());
    let own_folder = columns.iter().any(|c| c.name == FOLDER);
    let mut header: Vec<String> = vec!["document".into(), "title".into()];
    if !own_folder {
        header.push(FOLDER.into());
    }
    header.extend(columns.iter().map(|c| c.name.clone()));
    header.extend(["tokens".into(), "assigned_share".into()]);
    header.extend(topics.iter().map(|t| format!("topic_{}", t.id)));
    let mut rows = vec![header];
    for d in docs {
        let mut row = vec![d.id.clone(), d.title.clone().unwrap_or_default()];
        if !own_folder {
            row.push(crate::plot::group_of(&d.id).unwrap_or("").to_string());
        }
        let r = meta.and_then(|m| m.row(&d.id));
        row.extend(
            columns
                .iter()
                .map(|c| r.map_or(String::new(), |r| c.text[r].clone())),
        );
        let assigned = d.assigned();
        let all = assigned + d.unassigned_tokens;
        row.push(all.to_string());
        row.push(if all > 0 {
            f6(assigned as f64 / all as f64)
        } else {
            String::new()
        });
        row.extend(d.topic_tokens.iter().map(|&n| {
            if assigned > 0 {
                f6(n as f64 / assigned as f64)
            } else {
                String::new()
            }
        }));
        rows.push(row);
    }
    rows
}

fn pct(x: f64) -> String {
    format!("{:.1}", x * 100.0)
}

/// The report's Compare section: the charts, one share table per `by` column (topics ×
/// groups, percent with the 95% interval), the distinctive topics of each group, and
/// the notes.
pub(super) fn report_section(c: &Comparison, charts: &[CompareChart]) -> CompareSection {
    let mut tables = Vec::new();
    let topic_name = |t: usize| format!("{}  {}", c.topics[t].id, c.topics[t].label);
    for g in &c.groups {
        let mut header = vec!["topic".to_string()];
        header.extend(
            g.cells
                .iter()
                .map(|cell| format!("{} ({} docs)", cell.group, cell.stats.documents)),
        );
        let rows = (0..c.topics.len())
            .map(|t| {
                let mut row = vec![topic_name(t)];
                row.extend(g.cells.iter().map(|cell| {
                    let s = &cell.stats;
                    match &s.interval {
                        Some((lo, hi)) => {
                            format!("{} [{}–{}]", pct(s.share[t]), pct(lo[t]), pct(hi[t]))
                        }
                        None => pct(s.share[t]),
                    }
                }));
                row
            })
            .collect();
        tables.push(ReportTable {
            caption: format!(
                "Topic shares by {} (% of the group's assigned tokens, with the 95% bootstrap interval; topics_by_group.csv)",
                g.by
            ),
            header,
            rows,
        });
        if g.distinctive.is_empty() {
            continue;
        }
        let ranked = |d: &super::Distinct, up: bool| -> String {
            let mut order: Vec<usize> = (0..c.topics.len()).collect();
            let score = |t: usize| d.z.as_ref().map_or(d.log_odds[t], |z| z[t]);
            order.sort_by(|&a, &b| score(b).total_cmp(&score(a)).then(a.cmp(&b)));
            if !up {
                order.reverse();
            }
            order
                .iter()
                .take(3)
                .filter(|&&t| if up { score(t) > 0.0 } else { score(t) < 0.0 })
                .map(|&t| match &d.z {
                    Some(z) => format!("{} (z {:+.1})", topic_name(t), z[t]),
                    None => format!("{} (log-odds {:+.2})", topic_name(t), d.log_odds[t]),
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        tables.push(ReportTable {
            caption: format!(
                "What distinguishes each {} from the rest: the topics with the highest and lowest z of their weighted log-odds (distinctive_topics.csv)",
                g.by
            ),
            header: vec!["group".into(), "more than the rest".into(), "less than the rest".into()],
            rows: g
                .distinctive
                .iter()
                .map(|d| vec![d.group.clone(), ranked(d, true), ranked(d, false)])
                .collect(),
        });
    }
    CompareSection {
        notes: c.notices.iter().map(|n| n.to_string()).collect(),
        figures: charts
            .iter()
            .map(|ch| (ch.file.clone(), ch.svg.clone()))
            .collect(),
        tables,
    }
}
