#!/usr/bin/env python3
"""The feature-matched Python peer of issue #4, timed stage by stage.

Usage: peer.py CORPUS_DIR OUT_DIR [--k 20] [--seed 42]

Pipeline:
  read     every *.txt under CORPUS_DIR (recursively, sorted paths), split into paragraphs
           at blank lines (lines holding only white space), empty ones dropped
  tfidf    TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2, max_df=0.5)
           whose analyzer stems each token with NLTK's Snowball English stemmer, cached
           per word; timed: fit_transform (tokenize + stop words + stem + count + idf +
           normalise)
  kmeans   KMeans(k, n_init=1, max_iter=100, random_state=seed).fit_predict on the
           sparse TF-IDF rows
  shares   per-document topic shares (share of each document's paragraphs in each
           topic), written to OUT_DIR/doc_topics.csv with the paragraph labels in
           OUT_DIR/labels.txt

Writes OUT_DIR/peer.json with the stage times (seconds), `import` (time to import
numpy/scipy/scikit-learn/nltk) and the counts. Normally started by compare.py under
/usr/bin/time -v, which measures the wall time and peak RSS of the whole process.
"""

from __future__ import annotations

import time

T_START = time.perf_counter()

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from nltk.stem.snowball import SnowballStemmer  # noqa: E402
from sklearn.cluster import KMeans  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402

T_IMPORTED = time.perf_counter()

BLANK_RE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")


class StemmedTfidfVectorizer(TfidfVectorizer):
    """TfidfVectorizer whose analyzer stems each token after the stop-word filter."""

    def build_analyzer(self):
        analyzer = super().build_analyzer()
        stemmer = SnowballStemmer("english")
        cache: dict[str, str] = {}

        def stem(w: str) -> str:
            s = cache.get(w)
            if s is None:
                s = cache[w] = stemmer.stem(w)
            return s

        return lambda doc: [stem(w) for w in analyzer(doc)]


def read_paragraphs(root: Path) -> tuple[list[str], list[str], list[int]]:
    """(document ids, paragraphs, document index of each paragraph)."""
    docs: list[str] = []
    paras: list[str] = []
    owner: list[int] = []
    for path in sorted(p for p in root.rglob("*.txt") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
        d = len(docs)
        docs.append(path.relative_to(root).with_suffix("").as_posix())
        for block in BLANK_RE.split(text):
            block = block.strip()
            if block:
                paras.append(block)
                owner.append(d)
    return docs, paras, owner


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--k", type=int, default=20)
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    times: dict[str, float] = {"import": T_IMPORTED - T_START}

    t = time.perf_counter()
    docs, paras, owner = read_paragraphs(args.corpus)
    times["read"] = time.perf_counter() - t
    if not paras:
        sys.exit(f"peer.py: no paragraphs under {args.corpus}")

    t = time.perf_counter()
    vec = StemmedTfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=2, max_df=0.5)
    X = vec.fit_transform(paras)
    times["tfidf"] = time.perf_counter() - t

    t = time.perf_counter()
    km = KMeans(n_clusters=args.k, n_init=1, max_iter=100, random_state=args.seed)
    labels = km.fit_predict(X)
    times["kmeans"] = time.perf_counter() - t

    t = time.perf_counter()
    owner_a = np.asarray(owner, dtype=np.int64)
    counts = np.zeros((len(docs), args.k), dtype=np.float64)
    np.add.at(counts, (owner_a, labels), 1.0)
    sizes = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, sizes, out=np.zeros_like(counts), where=sizes > 0)
    with open(args.out / "doc_topics.csv", "w", encoding="utf-8") as f:
        f.write("document," + ",".join(f"topic_{j}" for j in range(args.k)) + "\n")
        for name, row in zip(docs, shares):
            f.write(name + "," + ",".join(f"{x:.4f}" for x in row) + "\n")
    np.savetxt(args.out / "labels.txt", labels, fmt="%d")
    times["shares"] = time.perf_counter() - t
    times["total_in_process"] = time.perf_counter() - T_START

    info = {
        "times_s": times,
        "documents": len(docs),
        "paragraphs": len(paras),
        "vocabulary": len(vec.vocabulary_),
        "nonzeros": int(X.nnz),
        "kmeans_iterations": int(km.n_iter_),
        "inertia": float(km.inertia_),
        "versions": {
            "python": sys.version.split()[0],
            "scikit-learn": sklearn.__version__,
            "numpy": np.__version__,
            "nltk": __import__("nltk").__version__,
            "scipy": __import__("scipy").__version__,
        },
    }
    (args.out / "peer.json").write_text(json.dumps(info, indent=2) + "\n")


if __name__ == "__main__":
    main()
