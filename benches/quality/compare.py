#!/usr/bin/env python3
"""Side-by-side quality benchmark: paratopic against two scikit-learn baselines.

Systems, each run once per seed:
  sklearn-kmeans  TfidfVectorizer + KMeans
  sklearn-lsa     TfidfVectorizer + TruncatedSVD(50) + Normalizer + KMeans
  paratopic       `paratopic run` with the default config, cluster.k and cluster.seed set

Metrics:
  with labels  NMI, ARI, purity of the per-document predicted class
               (scikit-learn: cluster of the document; paratopic: argmax of its doc_topics.csv row)
  always       NPMI topic coherence of each topic's top-10 terms, topic diversity, wall time

Usage: compare.py CORPUS_DIR [--labels labels.csv] [--k K] [--seeds 1 2 3 4 5]
Normally started through run.sh, which sets up the pinned environment.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import numpy as np
import scipy
import sklearn
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import Normalizer

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TOP_N = 10
SVD_DIMS = 50
TOKEN_RE = re.compile(r"\b\w\w+\b")
LINE_RE = re.compile(r"\r\n|\n|\r")

SYSTEMS = ["sklearn-kmeans", "sklearn-lsa", "paratopic"]
SYSTEM_DESC = {
    "sklearn-kmeans": "TfidfVectorizer(stop_words='english', sublinear_tf=True, min_df=2, max_df=0.5) "
    "+ KMeans(k, n_init=10, random_state=seed)",
    "sklearn-lsa": "same TF-IDF + TruncatedSVD(50, random_state=seed) + Normalizer() "
    "+ KMeans(k, n_init=10, random_state=seed)",
    "paratopic": "paratopic run --config <repo>/paratopic.toml --set cluster.k=k --set cluster.seed=seed",
}


# --------------------------------------------------------------------------------------
# Corpus reading: mirrors src/corpus/read.rs and src/corpus/segment.rs so that both sides
# see the same documents and the same paragraph units.
# --------------------------------------------------------------------------------------


def discover(root: Path, extensions: list[str]) -> list[tuple[str, Path]]:
    """(document id, path) of every input file, folders walked recursively in sorted order."""
    exts = {e.lstrip(".").lower() for e in extensions}
    if root.is_file():
        return [(root.stem, root)]
    found: list[tuple[str, Path]] = []

    def walk(d: Path) -> None:
        for p in sorted(d.iterdir()):
            if p.is_dir():
                walk(p)
            elif p.is_file() and p.suffix.lstrip(".").lower() in exts:
                rel = p.relative_to(root).with_suffix("")
                found.append(("/".join(rel.parts), p))

    walk(root)
    return found


def read_text(path: Path) -> str | None:
    data = path.read_bytes()
    if b"\x00" in data:
        return None  # paratopic skips binary files too
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("utf-8", errors="replace")


def split_units(text: str, min_words: int) -> list[str]:
    """Paragraph units: blocks at blank lines, blocks of < min_words words folded into the next."""
    blocks: list[str] = []
    current: list[str] = []
    for line in LINE_RE.split(text):
        if line.strip() == "":
            if current:
                blocks.append("\n".join(current))
                current = []
        else:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    units: list[str] = []
    pending: str | None = None
    for block in blocks:
        short = len(block.split()) < min_words
        merged = block if pending is None else pending + "\n\n" + block
        pending = None
        if short:
            pending = merged
        else:
            units.append(merged)
    if pending is not None:
        if units:
            units[-1] = units[-1] + "\n\n" + pending
        else:
            units.append(pending)
    return units


def load_corpus(root: Path, extensions: list[str], min_words: int):
    """Returns (doc_ids, doc_texts, unit_doc_ids, unit_texts)."""
    doc_ids, doc_texts, unit_docs, unit_texts = [], [], [], []
    for doc_id, path in discover(root, extensions):
        text = read_text(path)
        if text is None:
            continue
        units = split_units(text, min_words)
        if not units:
            continue
        doc_ids.append(doc_id)
        doc_texts.append(text)
        for u in units:
            unit_docs.append(doc_id)
            unit_texts.append(u)
    return doc_ids, doc_texts, unit_docs, unit_texts


# --------------------------------------------------------------------------------------
# Metrics
# --------------------------------------------------------------------------------------


def purity(labels: list[str], pred: list[int]) -> float:
    table: dict[int, dict[str, int]] = {}
    for y, c in zip(labels, pred):
        table.setdefault(c, {}).setdefault(y, 0)
        table[c][y] += 1
    return sum(max(row.values()) for row in table.values()) / len(labels)


class Cooccurrence:
    """Word-in-paragraph sets for NPMI: lowercase tokens \\b\\w\\w+\\b of each paragraph."""

    def __init__(self, paragraphs: list[str]):
        self.n = len(paragraphs)
        self.postings: dict[str, set[int]] = {}
        for i, p in enumerate(paragraphs):
            for w in set(TOKEN_RE.findall(p.lower())):
                self.postings.setdefault(w, set()).add(i)

    def docs(self, term: str) -> set[int]:
        """Paragraphs containing the term: all of its words for a multi-word term."""
        words = TOKEN_RE.findall(term.lower())
        if not words:
            return set()
        sets = [self.postings.get(w, set()) for w in words]
        out = set(sets[0])
        for s in sets[1:]:
            out &= s
        return out


def npmi_topic(terms: list[str], co: Cooccurrence) -> float | None:
    """Mean NPMI over pairs of the topic's terms that occur at least once; None if < 2 do."""
    present = [d for d in (co.docs(t) for t in terms) if d]
    if len(present) < 2:
        return None
    n = co.n
    scores = []
    for a in range(len(present)):
        for b in range(a + 1, len(present)):
            joint = len(present[a] & present[b])
            if joint == 0:
                scores.append(-1.0)
                continue
            pij = joint / n
            pi = len(present[a]) / n
            pj = len(present[b]) / n
            if pij >= 1.0:
                scores.append(1.0)
                continue
            scores.append(math.log(pij / (pi * pj)) / -math.log(pij))
    return float(np.mean(scores))


def coherence(topics: list[list[str]], co: Cooccurrence) -> tuple[float, list[float | None]]:
    per_topic = [npmi_topic(t, co) for t in topics]
    valid = [s for s in per_topic if s is not None]
    return (float(np.mean(valid)) if valid else float("nan")), per_topic


def diversity(topics: list[list[str]]) -> float:
    words = [t.lower() for terms in topics for t in terms]
    return len(set(words)) / len(words) if words else float("nan")


# --------------------------------------------------------------------------------------
# Systems
# --------------------------------------------------------------------------------------


def tfidf() -> TfidfVectorizer:
    return TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2, max_df=0.5)


def run_sklearn(variant: str, texts: list[str], k: int, seed: int):
    """Fits one scikit-learn pipeline on `texts`; returns (cluster per text, top terms per cluster)."""
    vec = tfidf()
    x = vec.fit_transform(texts)
    names = vec.get_feature_names_out()
    if variant == "sklearn-kmeans":
        km = KMeans(n_clusters=k, n_init=10, random_state=seed)
        pred = km.fit_predict(x)
        centers = km.cluster_centers_
    else:
        dims = min(SVD_DIMS, x.shape[1] - 1, x.shape[0] - 1)
        svd = TruncatedSVD(dims, random_state=seed)
        lsa = make_pipeline(svd, Normalizer(copy=False))
        z = lsa.fit_transform(x)
        km = KMeans(n_clusters=k, n_init=10, random_state=seed)
        pred = km.fit_predict(z)
        centers = svd.inverse_transform(km.cluster_centers_)
    top = [[str(names[j]) for j in np.argsort(-c, kind="stable")[:TOP_N]] for c in centers]
    return [int(p) for p in pred], top


def paratopic_binary() -> Path:
    env = os.environ.get("PARATOPIC_BIN")
    path = Path(env) if env else REPO / "target" / "release" / "paratopic"
    if not path.is_file():
        sys.exit(f"error: paratopic binary not found at {path}; set PARATOPIC_BIN or run "
                 f"`cargo build --release` in {REPO} (run.sh does this)")
    return path.resolve()


def run_paratopic(binary: Path, config: Path, corpus: Path, out: Path, k: int, seed: int):
    """Runs paratopic; returns (doc_topics {doc: row}, paragraphs rows, topics rows)."""
    cmd = [
        str(binary), "run", "--config", str(config),
        "--set", f"input.paths=[{json.dumps(str(corpus))}]",
        "--set", f"output.dir={json.dumps(str(out))}",
        "--set", f"cluster.k={k}",
        "--set", f"cluster.seed={seed}",
        "--quiet",
    ]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"error: paratopic failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr}")
    return proc


def read_paratopic_outputs(out: Path):
    with open(out / "doc_topics.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    doc_topics = {r[0]: [float(v) for v in r[1:]] for r in rows[1:]}
    with open(out / "paragraphs.csv", newline="", encoding="utf-8") as f:
        paragraphs = list(csv.DictReader(f))
    with open(out / "topics.csv", newline="", encoding="utf-8") as f:
        topics = list(csv.DictReader(f))
    return doc_topics, paragraphs, topics


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------


def fmt(v, digits=3) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    return f"{v:.{digits}f}"


def make_table(results: list[dict], labeled: bool) -> str:
    metrics = (["nmi", "ari", "purity"] if labeled else []) + ["npmi", "diversity", "seconds"]
    header = ["system", "seed"] + [
        {"nmi": "NMI", "ari": "ARI", "purity": "purity", "npmi": "NPMI",
         "diversity": "diversity", "seconds": "seconds"}[m] for m in metrics
    ]
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join(["---"] * 2 + ["---:"] * len(metrics)) + "|"]
    for system in SYSTEMS:
        rows = [r for r in results if r["system"] == system]
        if not rows:
            continue
        for r in rows:
            lines.append("| " + " | ".join(
                [system, str(r["seed"])]
                + [fmt(r[m], 2 if m == "seconds" else 3) for m in metrics]) + " |")
        for agg, fn in (("mean", np.mean), ("min", np.min)):
            vals = []
            for m in metrics:
                xs = [r[m] for r in rows if r[m] is not None and not math.isnan(r[m])]
                vals.append(fmt(float(fn(xs)) if xs else None, 2 if m == "seconds" else 3))
            lines.append("| " + " | ".join([f"**{system}**", f"**{agg}**"]
                                           + [f"**{v}**" for v in vals]) + " |")
    return "\n".join(lines)


def summarize(results: list[dict], labeled: bool) -> dict:
    metrics = (["nmi", "ari", "purity"] if labeled else []) + ["npmi", "diversity", "seconds"]
    out = {}
    for system in SYSTEMS:
        rows = [r for r in results if r["system"] == system]
        out[system] = {}
        for m in metrics:
            xs = [r[m] for r in rows if r[m] is not None and not math.isnan(r[m])]
            out[system][m] = {"mean": float(np.mean(xs)) if xs else None,
                              "min": float(np.min(xs)) if xs else None,
                              "max": float(np.max(xs)) if xs else None}
    return out


# --------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="folder of .txt/.md documents (read recursively)")
    ap.add_argument("--labels", type=Path, default=None,
                    help="CSV with columns document,label (default: CORPUS/labels.csv if present)")
    ap.add_argument("--no-labels", action="store_true", help="ignore labels: unlabeled mode")
    ap.add_argument("--k", type=int, default=None,
                    help="number of clusters/topics (default: 5 with labels, 8 without)")
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    ap.add_argument("--config", type=Path, default=REPO / "paratopic.toml",
                    help="paratopic config (default: <repo>/paratopic.toml)")
    ap.add_argument("--systems", nargs="+", choices=SYSTEMS, default=SYSTEMS)
    ap.add_argument("--out", type=Path, default=HERE / "results",
                    help="folder for <corpus>.md and <corpus>.json (default: benches/quality/results)")
    args = ap.parse_args()

    corpus = args.corpus.resolve()
    if not corpus.exists():
        sys.exit(f"error: corpus {corpus} does not exist")
    labels_path = None
    if not args.no_labels:
        if args.labels is not None:
            labels_path = args.labels.resolve()
            if not labels_path.is_file():
                sys.exit(f"error: labels file {labels_path} does not exist")
        elif corpus.is_dir() and (corpus / "labels.csv").is_file():
            labels_path = corpus / "labels.csv"
    labeled = labels_path is not None
    k = args.k if args.k is not None else (5 if labeled else 8)
    config_path = args.config.resolve()
    with open(config_path, "rb") as f:
        config = tomllib.load(f)
    extensions = config.get("input", {}).get("extensions", ["txt", "md"])
    min_words = int(config.get("segment", {}).get("min_words", 8))

    doc_ids, doc_texts, unit_docs, unit_texts = load_corpus(corpus, extensions, min_words)
    if not doc_ids:
        sys.exit(f"error: no .{'/.'.join(extensions)} documents under {corpus}")

    gold: dict[str, str] = {}
    if labeled:
        with open(labels_path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                gold[row["document"]] = row["label"]
        missing = [d for d in doc_ids if d not in gold]
        if missing:
            print(f"warning: {len(missing)} documents have no label and are left out of NMI/ARI/purity "
                  f"(e.g. {missing[0]})", file=sys.stderr)
        unread = [d for d in gold if d not in set(doc_ids)]
        if unread:
            print(f"warning: {len(unread)} labeled documents were not found in the corpus "
                  f"(e.g. {unread[0]})", file=sys.stderr)
    scored = [d for d in doc_ids if d in gold]
    y_true = [gold[d] for d in scored]

    # Clustering unit for scikit-learn: the whole document with labels (one prediction per
    # document), the paragraph unit without (paratopic always clusters paragraph units).
    sk_unit = "document" if labeled else "paragraph"

    corpus_name = corpus.name if corpus.is_dir() else corpus.stem
    print(f"corpus {corpus} ({corpus_name}): {len(doc_ids)} documents; "
          + (f"labeled: {labels_path} ({len(set(y_true))} classes, {len(scored)} scored documents)"
             if labeled else "unlabeled")
          + f"; k={k}; seeds {' '.join(map(str, args.seeds))}", file=sys.stderr)

    binary = paratopic_binary() if "paratopic" in args.systems else None
    paratopic_version = None
    if binary is not None:
        paratopic_version = subprocess.run([str(binary), "--version"], capture_output=True,
                                           text=True).stdout.strip()

    results: list[dict] = []
    notes: list[str] = []
    units_source = f"compare.py's splitter (blank lines, blocks under {min_words} words folded)"
    seeds = list(dict.fromkeys(args.seeds))
    tmp_root = Path(tempfile.mkdtemp(prefix="paratopic-quality-"))
    try:
        # paratopic first: its paragraphs.csv gives the paragraph units that scikit-learn
        # clusters in unlabeled mode and that NPMI counts co-occurrence in, so both systems
        # see exactly the same units whatever paratopic's segmentation rules are.
        para_texts = None
        if binary is not None:
            for seed in seeds:
                r: dict = {"system": "paratopic", "seed": seed, "nmi": None, "ari": None, "purity": None}
                out = tmp_root / f"out-{seed}"
                t0 = time.perf_counter()
                run_paratopic(binary, config_path, corpus, out, k, seed)
                r["seconds"] = time.perf_counter() - t0
                doc_topics, paragraphs, topic_rows = read_paratopic_outputs(out)
                texts = [p["text"] for p in paragraphs]
                if para_texts is None:
                    para_texts = texts
                elif texts != para_texts:
                    notes.append(f"paratopic's paragraph units differ between seeds (seed {seed})")
                r["topics"] = [[t.strip() for t in row["terms"].split(";") if t.strip()]
                               for row in topic_rows]
                r["labels"] = [row["label"] for row in topic_rows]
                r["sizes"] = [int(row["size"]) for row in topic_rows]
                pred_by_doc = {d: int(np.argmax(row)) for d, row in doc_topics.items()}
                absent = [d for d in scored if d not in pred_by_doc]
                if absent:
                    sys.exit(f"error: {len(absent)} documents missing from paratopic's doc_topics.csv "
                             f"(e.g. {absent[0]})")
                r["y_pred"] = [pred_by_doc[d] for d in scored]
                results.append(r)
                print(f"  paratopic seed {seed}: {r['seconds']:.2f}s", file=sys.stderr)
            units_source = "paratopic's paragraphs.csv `text` column"
            if para_texts != unit_texts:
                notes.append(
                    f"paratopic segments the corpus into {len(para_texts)} paragraph units, compare.py's "
                    f"own splitter into {len(unit_texts)}; paratopic's units are used for both systems")
            unit_texts = para_texts
        sk_texts = doc_texts if labeled else unit_texts
        if any(s != "paratopic" for s in args.systems) and len(sk_texts) < k:
            sys.exit(f"error: k={k} but only {len(sk_texts)} {sk_unit}s to cluster")

        for seed in seeds:
            for system in args.systems:
                if system == "paratopic":
                    continue
                r = {"system": system, "seed": seed, "nmi": None, "ari": None, "purity": None}
                t0 = time.perf_counter()
                pred, topics = run_sklearn(system, sk_texts, k, seed)
                r["seconds"] = time.perf_counter() - t0
                r["topics"] = topics
                r["sizes"] = [int(c) for c in np.bincount(pred, minlength=k)]
                if labeled:
                    pred_by_doc = dict(zip(doc_ids, pred))
                    r["y_pred"] = [pred_by_doc[d] for d in scored]
                results.append(r)
                print(f"  {system} seed {seed}: {r['seconds']:.2f}s", file=sys.stderr)

        co = Cooccurrence(unit_texts)
        for r in results:
            y_pred = r.pop("y_pred", None)
            if labeled:
                r["nmi"] = float(normalized_mutual_info_score(y_true, y_pred, average_method="arithmetic"))
                r["ari"] = float(adjusted_rand_score(y_true, y_pred))
                r["purity"] = float(purity(y_true, y_pred))
                r["clusters_used"] = len(set(y_pred))
            r["npmi"], r["npmi_per_topic"] = coherence(r["topics"], co)
            r["diversity"] = diversity(r["topics"])
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)

    order = {s: i for i, s in enumerate(SYSTEMS)}
    results.sort(key=lambda r: (order[r["system"]], seeds.index(r["seed"])))
    table = make_table(results, labeled)
    mode = "labeled" if labeled else "unlabeled"
    header = [
        f"# Quality benchmark: {corpus_name}",
        "",
        f"- corpus: `{corpus_name}`, {len(doc_ids)} documents, {len(unit_texts)} paragraph units; {mode}"
        + (f" ({len(set(y_true))} classes from `{labels_path.name}`)" if labeled else ""),
        f"- k = {k}, seeds = {' '.join(map(str, args.seeds))}",
        f"- scikit-learn clusters {sk_unit}s; paratopic clusters paragraph units"
        + (" (document class = argmax of its doc_topics.csv row)" if labeled else ""),
        "- NPMI: mean over topics of the mean NPMI of the top-10 term pairs, co-occurrence in "
        f"the {len(unit_texts)} paragraph units ({units_source}), tokens `\\b\\w\\w+\\b` lower-cased",
        "- seconds: paratopic = the whole `paratopic run` process (read, segment, vectorize, "
        "cluster, write CSV/SVG outputs); scikit-learn = TF-IDF fit + clustering on texts in memory",
        f"- {paratopic_version or 'paratopic not run'}; scikit-learn {sklearn.__version__}, "
        f"numpy {np.__version__}, scipy {scipy.__version__}, Python {platform.python_version()}; "
        f"{os.cpu_count()} CPUs",
        "",
    ]
    md = "\n".join(header) + "\n" + table + "\n"
    for n in dict.fromkeys(notes):
        md += f"\nNote: {n}\n"
    print(md)

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{corpus_name}.md").write_text(md, encoding="utf-8")
    report = {
        "corpus": str(corpus),
        "corpus_name": corpus_name,
        "mode": mode,
        "labels": str(labels_path) if labeled else None,
        "documents": len(doc_ids),
        "paragraph_units": len(unit_texts),
        "paragraph_units_source": units_source,
        "scored_documents": len(scored),
        "k": k,
        "seeds": args.seeds,
        "sklearn_unit": sk_unit,
        "systems": {s: SYSTEM_DESC[s] for s in args.systems},
        "versions": {
            "paratopic": paratopic_version,
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "python": platform.python_version(),
        },
        "cpus": os.cpu_count(),
        "summary": summarize(results, labeled),
        "runs": results,
        "notes": list(dict.fromkeys(notes)),
    }
    (args.out / f"{corpus_name}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out / (corpus_name + '.md')} and {args.out / (corpus_name + '.json')}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
