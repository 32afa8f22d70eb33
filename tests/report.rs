//! report.html: written every run, self-contained, and every name and text from the
//! corpus escaped (a paragraph holding `<script>` shows as text).

mod common;

use common::*;
use std::path::Path;

const HOSTILE_TEXT: &str = "<script>alert('xss')</script> The zebra and the xylophone met \
    the quartz jukebox <img src=x onerror=alert(1)> while the zebra played the xylophone \
    & \"quoted\" the quartz jukebox.";
const HOSTILE_DOC: &str = "<img src=x onerror=alert(2)>";
const HOSTILE_GROUP: &str = "<em>party&co";

/// The seeds plus a document with markup in its folder, its name and its paragraphs.
fn hostile_corpus(dir: &Path) {
    let seeds = dir.join("seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    for e in std::fs::read_dir(repo().join("seeds")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, seeds.join(p.file_name().unwrap())).unwrap();
    }
    let group = dir.join(HOSTILE_GROUP);
    std::fs::create_dir_all(&group).unwrap();
    let text: Vec<String> = (1..=4)
        .map(|i| format!("{HOSTILE_TEXT} Take {i}."))
        .collect();
    let text = text.join("\n\n");
    std::fs::write(group.join(format!("{HOSTILE_DOC}.txt")), text).unwrap();
}

#[test]
fn corpus_names_and_text_are_escaped_everywhere() {
    let tmp = tempfile::tempdir().unwrap();
    let corpus = tmp.path().join("corpus");
    hostile_corpus(&corpus);
    let out = tmp.path().join("out");
    let o = seed_run(
        &out,
        &[
            "--set",
            &format!("input.paths=[{:?}]", corpus.display().to_string()),
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));

    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for raw in ["<script", "<img", "<em>", "onerror=alert(2)>"] {
        assert!(!html.contains(raw), "report.html holds raw {raw:?}");
    }
    // the document (in its group), and its paragraphs as representative paragraphs
    assert!(html.contains("&lt;em&gt;party&amp;co/&lt;img src=x onerror=alert(2)&gt;"));
    assert!(
        html.contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt; The zebra"),
        "the hostile paragraphs are not quoted in the report"
    );
    // the charts: still well-formed XML, names escaped
    for chart in ["doc_topics", "heatmap", "group_topics"] {
        let svg = std::fs::read_to_string(out.join(format!("charts/{chart}.svg"))).unwrap();
        roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{chart}: {e}"));
        assert!(!svg.contains("<img") && !svg.contains("<em>"), "{chart}");
        assert!(
            svg.contains("&lt;em&gt;party&amp;co"),
            "{chart}: group name missing"
        );
    }
}

#[test]
fn the_report_is_one_self_contained_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    assert!(seed_run(&out, &[]).status.success());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // no scripts, no external resources: nothing to fetch
    for banned in [
        "<script", "<link", "<img", "<iframe", "src=", "http://", "https://", "url(http", "@import",
    ] {
        let allowed = banned == "http://"
            && html.matches(banned).count() == html.matches("http://www.w3.org/2000/svg").count();
        assert!(
            allowed || !html.contains(banned),
            "report.html contains {banned:?}"
        );
    }
    // every chart inline, the topic and document tables, counts and timings
    let (_, topics) = read_csv(&out.join("topics.csv"));
    assert_eq!(html.matches("<svg xmlns").count(), 5);
    for t in &topics {
        assert!(
            html.contains(&format!("<b>{}</b>", t[1])),
            "topic {} missing",
            t[1]
        );
    }
    assert_eq!(html.matches("<tr><td class=\"name\">").count(), 5);
    for s in [
        "Run summary",
        "Timings",
        "Quality",
        "k-means inertia",
        "input.paths",
        "[cluster]",
    ] {
        assert!(html.contains(s), "{s} missing");
    }
}
