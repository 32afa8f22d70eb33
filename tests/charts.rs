//! Chart legibility on synthetic data of several sizes: well-formed SVG, no text past the
//! edges or on top of other text (by the same width estimate the layout uses), few enough
//! rows, long names shortened with the full name on hover, one look per topic everywhere.

use paratopic::plot::svg::text_width;
use paratopic::plot::{render_all, topic_color, Chart, ChartData};
use std::collections::BTreeMap;

/// `n` documents in `groups` folders (none if 0), `k` topics, a few very long names.
fn data(n: usize, k: usize, groups: usize) -> ChartData {
    let documents: Vec<String> = (0..n)
        .map(|d| {
            let base = if d % 50 == 7 {
                format!("doc{d:04}-with-a-name-far-too-long-to-fit-beside-the-bars-of-a-chart")
            } else {
                format!("doc{d:04}")
            };
            match groups {
                0 => base,
                g => format!("group-{}/{base}", d % g),
            }
        })
        .collect();
    let weights = (0..n)
        .map(|d| {
            let mut w: Vec<f64> = (0..k).map(|t| ((d * 7 + t * 13) % 11) as f64).collect();
            let s: f64 = w.iter().sum();
            w.iter_mut().for_each(|x| *x /= s);
            w
        })
        .collect();
    ChartData {
        documents,
        titles: Vec::new(),
        weights,
        doc_tokens: (0..n).map(|d| 100 + (d * 37) % 500).collect(),
        ids: Vec::new(),
        labels: (0..k)
            .map(|t| match t {
                3 => "responsibilities, infrastructure, internationalisation, decentralisation"
                    .into(),
                _ => format!("word{t}, policy, reform"),
            })
            .collect(),
        sizes: (0..k).map(|t| 40 - t).collect(),
        shares: (0..k).map(|_| 1.0 / k as f64).collect(),
        terms: (0..k)
            .map(|t| {
                (0..10)
                    .map(|i| (format!("term{t}x{i}"), 0.2 - 0.01 * i as f64))
                    .collect()
            })
            .collect(),
        points: (0..3 * n)
            .map(|i| ((i as f64 * 0.37).sin(), (i as f64 * 0.11).cos(), i % k))
            .collect(),
        paragraphs: 0,
        max_documents: 40,
        term_weight: "the term's mean TF-IDF weight".into(),
    }
}

struct Text {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
    text: String,
    title: Option<String>,
}

fn parse(chart: &Chart) -> (f64, f64, Vec<Text>, roxmltree::Document<'_>) {
    let doc = roxmltree::Document::parse(&chart.svg)
        .unwrap_or_else(|e| panic!("{}: not well-formed: {e}", chart.file));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    let w: f64 = root.attribute("width").unwrap().parse().unwrap();
    let h: f64 = root.attribute("height").unwrap().parse().unwrap();
    let texts = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("transform").is_none())
        .map(|n| {
            let text = n.text().unwrap_or("").trim().to_string();
            let x: f64 = n.attribute("x").unwrap().parse().unwrap();
            let y: f64 = n.attribute("y").unwrap().parse().unwrap();
            let size: f64 = n.attribute("font-size").unwrap().parse().unwrap();
            // plotters places text by its top or middle with `dy` (an ex taken as half an em)
            let dy = match n.attribute("dy") {
                Some(d) if d.ends_with("em") => d[..d.len() - 2].parse::<f64>().unwrap(),
                Some(d) if d.ends_with("ex") => d[..d.len() - 2].parse::<f64>().unwrap() / 2.0,
                Some(d) => panic!("dy {d}"),
                None => 0.0,
            };
            let y = y + dy * size;
            let mut width = text_width(&text, size);
            if n.attribute("font-weight") == Some("bold") {
                width *= 1.1;
            }
            let x0 = match n.attribute("text-anchor") {
                Some("middle") => x - width / 2.0,
                Some("end") => x - width,
                _ => x,
            };
            let title = n
                .parent()
                .filter(|p| p.has_tag_name("g"))
                .and_then(|p| p.children().find(|c| c.has_tag_name("title")))
                .and_then(|t| t.text())
                .map(String::from);
            Text {
                x0,
                x1: x0 + width,
                y0: y - 0.8 * size,
                y1: y + 0.2 * size,
                text,
                title,
            }
        })
        .collect();
    (w, h, texts, doc)
}

fn check_layout(chart: &Chart) {
    let (w, h, texts, _) = parse(chart);
    for t in &texts {
        assert!(
            t.x0 >= 0.0 && t.x1 <= w && t.y0 >= 0.0 && t.y1 <= h,
            "{}: {:?} ({:.0}..{:.0}, {:.0}..{:.0}) leaves the {w}x{h} canvas",
            chart.file,
            t.text,
            t.x0,
            t.x1,
            t.y0,
            t.y1
        );
    }
    for (i, a) in texts.iter().enumerate() {
        for b in &texts[i + 1..] {
            let overlap =
                a.x0 < b.x1 - 0.5 && b.x0 < a.x1 - 0.5 && a.y0 < b.y1 - 0.5 && b.y0 < a.y1 - 0.5;
            assert!(
                !overlap,
                "{}: {:?} and {:?} overlap",
                chart.file, a.text, b.text
            );
        }
    }
}

fn by_file(charts: &[Chart]) -> BTreeMap<&str, &Chart> {
    charts.iter().map(|c| (c.file, c)).collect()
}

#[test]
fn charts_fit_their_labels_at_every_size() {
    for (n, k, groups) in [(1, 1, 0), (5, 8, 0), (60, 12, 3), (300, 20, 5), (745, 5, 0)] {
        let charts = render_all(&data(n, k, groups)).expect("charts draw");
        let files: Vec<&str> = charts.iter().map(|c| c.file).collect();
        assert_eq!(groups > 0, files.contains(&"group_topics.svg"), "{files:?}");
        for c in &charts {
            check_layout(c);
        }
    }
}

#[test]
fn many_documents_show_the_largest_with_a_note() {
    let d = data(300, 20, 5);
    let charts = render_all(&d).expect("charts draw");
    let charts = by_file(&charts);
    for file in ["doc_topics.svg", "heatmap.svg"] {
        let (_, _, texts, _) = parse(charts[file]);
        let names = texts
            .iter()
            .filter(|t| t.text.starts_with("group-"))
            .count();
        assert_eq!(names, 40, "{file}: one name per shown document");
        assert!(
            texts
                .iter()
                .any(|t| t.text.contains("The 40 largest of 300 documents")),
            "{file}: no note about the left-out documents"
        );
        assert!(texts.iter().any(|t| t.text.contains("260 are left out")));
    }
    // the largest document is shown, the smallest is not
    let (_, _, texts, _) = parse(charts["doc_topics.svg"]);
    let largest = (0..300)
        .max_by_key(|&i| (d.doc_tokens[i], usize::MAX - i))
        .unwrap();
    let smallest = (0..300).min_by_key(|&i| (d.doc_tokens[i], i)).unwrap();
    let shown = |i: usize| {
        texts
            .iter()
            .any(|t| t.text == d.documents[i] || t.title.as_deref() == Some(&d.documents[i]))
    };
    assert!(shown(largest) && !shown(smallest));
}

#[test]
fn long_names_are_shortened_with_the_full_name_on_hover() {
    let d = data(60, 12, 3);
    let charts = render_all(&d).expect("charts draw");
    let (_, _, texts, _) = parse(by_file(&charts)["doc_topics.svg"]);
    let long = d.documents.iter().find(|n| n.len() > 60).unwrap();
    let t = texts
        .iter()
        .find(|t| t.title.as_deref() == Some(long.as_str()))
        .unwrap_or_else(|| panic!("no shortened name with title {long}"));
    assert!(
        t.text.contains('…') && t.text.len() < long.len(),
        "{}",
        t.text
    );
    // a long label in the legend, too
    let legend = texts
        .iter()
        .find(|t| {
            t.title
                .as_deref()
                .is_some_and(|x| x.starts_with("3  responsibilities"))
        })
        .expect("shortened legend entry with its full label on hover");
    assert!(legend.text.ends_with('…'));
}

/// The direction of the stripes of a polygon (`points="x,y x,y …"`): `/` or `\\` when most
/// of its slanted edges are at ±45°, `-` when it has none.
fn stripes(points: &str) -> &'static str {
    let p: Vec<(i64, i64)> = points
        .split_whitespace()
        .map(|xy| {
            let (x, y) = xy.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect();
    let (mut slash, mut backslash) = (0, 0);
    for w in p.windows(2) {
        let (dx, dy) = (w[1].0 - w[0].0, w[1].1 - w[0].1);
        if dx != 0 && dx.abs() == dy.abs() {
            if dx * dy < 0 {
                slash += 1;
            } else {
                backslash += 1;
            }
        }
    }
    match (slash, backslash) {
        (0, 0) => "-",
        (s, b) if s >= b => "/",
        _ => "\\",
    }
}

/// The groups that carry a hover title, with the title.
fn hover_groups<'a, 'i>(
    doc: &'a roxmltree::Document<'i>,
) -> impl Iterator<Item = (roxmltree::Node<'a, 'i>, &'a str)> {
    doc.descendants()
        .filter(|n| n.has_tag_name("g"))
        .filter_map(|g| {
            let title = g.children().find(|c| c.has_tag_name("title"))?.text()?;
            Some((g, title))
        })
}

/// The look of each topic's bar segments (hover groups titled `… topic N (…`): the fill of
/// the segment's rectangle and the colour and direction of the stripes drawn over it.
/// Segments narrower than the stripes' period (6 px) are left out: they may hold no stripe.
fn topic_fills(chart: &Chart) -> BTreeMap<usize, String> {
    let (_, _, _, doc) = parse(chart);
    let mut fills = BTreeMap::new();
    for (g, title) in hover_groups(&doc) {
        let Some(t) = title
            .split("topic ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse::<usize>().ok())
        else {
            continue;
        };
        let rect = g.children().find(|c| c.has_tag_name("rect")).unwrap();
        let width: f64 = rect.attribute("width").unwrap().parse().unwrap();
        if width < 6.0 {
            continue;
        }
        let mut look = rect.attribute("fill").unwrap().to_string();
        for p in g.children().filter(|c| c.has_tag_name("polygon")) {
            look.push_str(&format!(
                " {}@{} {}",
                p.attribute("fill").unwrap(),
                p.attribute("opacity").unwrap(),
                stripes(p.attribute("points").unwrap())
            ));
        }
        let prev = fills.insert(t, look.clone());
        assert!(
            prev.is_none() || prev == Some(look),
            "{}: topic {t} has two looks",
            chart.file
        );
    }
    fills
}

#[test]
fn a_topic_looks_the_same_in_every_chart() {
    let charts = render_all(&data(300, 20, 5)).expect("charts draw");
    let charts = by_file(&charts);
    let doc = topic_fills(charts["doc_topics.svg"]);
    let grp = topic_fills(charts["group_topics.svg"]);
    assert_eq!(doc.len(), 20);
    assert_eq!(doc, grp);
    for (t, look) in &doc {
        assert!(look.starts_with(topic_color(*t)), "topic {t}: {look}");
    }
    // twenty topics, nine colours: no two topics look alike
    let distinct: std::collections::BTreeSet<&String> = doc.values().collect();
    assert_eq!(distinct.len(), 20);
}

#[test]
fn the_paragraph_map_thins_out_very_many_points() {
    let mut d = data(5, 8, 0);
    d.points = (0..12_000)
        .map(|i| ((i as f64).sin(), (i as f64).cos(), i % 8))
        .collect();
    let charts = render_all(&d).expect("charts draw");
    let map = by_file(&charts)["paragraph_map.svg"];
    let marks = map.svg.matches("<circle").count() + map.svg.matches("<polygon").count();
    assert!(marks <= 5000 + 8, "{marks} marks");
    assert!(map
        .svg
        .contains("One paragraph in 3 is drawn: 4000 of 12000."));
}

#[test]
fn markup_in_names_and_labels_is_text() {
    let mut d = data(6, 3, 2);
    d.documents[0] = "<a&\"b>".into();
    d.documents[1] = "x&<y'/<a&\"b> with a name long enough to be shortened in every chart".into();
    d.labels[1] = "<script>, o'brien & co".into();
    d.terms[1][0].0 = "<b>&amp;".into();
    for chart in render_all(&d).expect("charts draw") {
        let (_, _, texts, doc) = parse(&chart);
        for raw in ["<a&", "<script", "<b>"] {
            assert!(!chart.svg.contains(raw), "{}: raw {raw:?}", chart.file);
        }
        let shown: Vec<&str> = texts.iter().map(|t| t.text.as_str()).collect();
        let titles: Vec<&str> = doc
            .descendants()
            .filter(|n| n.has_tag_name("title"))
            .filter_map(|n| n.text())
            .collect();
        let any = |s: &str| shown.iter().chain(&titles).any(|x| x.contains(s));
        match chart.file {
            "doc_topics.svg" | "heatmap.svg" => {
                assert!(shown.contains(&"<a&\"b>"), "{}: {shown:?}", chart.file);
                assert!(titles.contains(&d.documents[1].as_str()), "{}", chart.file);
            }
            "topic_terms.svg" => assert!(shown.contains(&"<b>&amp;")),
            "group_topics.svg" => assert!(shown.iter().any(|s| s.starts_with("x&<y'"))),
            _ => {}
        }
        assert!(any("1  <script>, o'brien & co"), "{}: label", chart.file);
    }
}

#[test]
fn empty_data_still_draws_well_formed_charts() {
    for chart in render_all(&ChartData::default()).expect("charts draw") {
        check_layout(&chart);
    }
}

/// The k-selection and tune charts of a typical run.
fn selection_and_tune() -> Vec<Chart> {
    let rows: Vec<paratopic::plot::KRow> = (2..=12)
        .map(|k| {
            let x = k as f64;
            (
                k,
                0.03 + 0.003 * x,
                0.05 + 0.02 * (x * 0.7).sin().abs(),
                1.0 - 0.01 * x,
                (x * 0.5).sin().abs(),
            )
        })
        .collect();
    let bars: Vec<(String, f64)> = (0..6)
        .map(|i| {
            (
                format!("min_df={}, k={}", 1 + i % 2, 4 + 2 * (i / 2)),
                0.8 - 0.2 * i as f64,
            )
        })
        .collect();
    vec![
        paratopic::plot::k_selection(&rows, 9).unwrap(),
        paratopic::plot::tune_chart(&bars, "k-selection criterion").unwrap(),
    ]
}

#[test]
fn every_chart_has_the_same_title_style_and_clean_ticks() {
    let mut charts = render_all(&data(5, 8, 2)).expect("charts draw");
    charts.extend(selection_and_tune());
    for c in &charts {
        check_layout(c);
        let (_, _, texts, doc) = parse(c);
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("text") && n.attribute("font-weight") == Some("bold"))
            .unwrap_or_else(|| panic!("{}: no bold title", c.file));
        assert_eq!(
            (title.attribute("x"), title.attribute("font-size")),
            (Some("16"), Some("19")),
            "{}: the title is not drawn like the others'",
            c.file
        );
        let families: std::collections::BTreeSet<&str> = doc
            .descendants()
            .filter_map(|n| n.attribute("font-family"))
            .collect();
        assert_eq!(families.len(), 1, "{}: fonts {families:?}", c.file);
        for t in &texts {
            assert!(
                !t.text.starts_with("-0") || t.text.parse::<f64>().is_ok_and(|v| v != 0.0),
                "{}: a negative zero tick {:?}",
                c.file,
                t.text
            );
        }
    }
    // the values are printed, not only drawn
    let (_, _, texts, _) = parse(&selection_and_tune()[1]);
    for v in ["0.8", "0.6", "-0.2"] {
        assert!(
            texts.iter().any(|t| t.text == v),
            "tune.svg lacks the value {v}"
        );
    }
}

#[test]
fn topic_terms_panels_share_one_scale() {
    let mut d = data(5, 3, 0);
    // topic 1's terms weigh twice topic 0's
    d.terms = vec![
        vec![("a".into(), 0.1), ("b".into(), 0.05)],
        vec![("c".into(), 0.2), ("d".into(), 0.1)],
        vec![("e".into(), 0.05)],
    ];
    let charts = render_all(&d).unwrap();
    let chart = charts.iter().find(|c| c.file == "topic_terms.svg").unwrap();
    let (_, _, _, doc) = parse(chart);
    let mut width_of = BTreeMap::new();
    for (g, title) in hover_groups(&doc) {
        let Some(rect) = g.descendants().find(|n| n.has_tag_name("rect")) else {
            continue;
        };
        let w: f64 = rect.attribute("width").unwrap().parse().unwrap();
        width_of.insert(title.split(':').next().unwrap().to_string(), w);
    }
    let per_unit = |term: &str, weight: f64| width_of[term] / weight;
    let unit = per_unit("c", 0.2);
    for (term, weight) in [("a", 0.1), ("b", 0.05), ("d", 0.1), ("e", 0.05)] {
        assert!(
            (per_unit(term, weight) - unit).abs() < 0.05 * unit,
            "{term}: {} px for {weight}, but {} px for 0.2",
            width_of[term],
            width_of["c"]
        );
    }
}
