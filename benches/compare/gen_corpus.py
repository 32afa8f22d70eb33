#!/usr/bin/env python3
"""Builds a benchmark corpus of a given size from the shared seed corpora, reproducibly.

Usage: gen_corpus.py SIZE OUT_DIR [--source DIR ...] [--seed 42] [--rate 0.03]

SIZE is a decimal byte count with an optional K/M/G suffix (30M = 30,000,000 bytes).

How the corpus is made (same arguments -> byte-identical files):

1. Base paragraphs. bbc-dev articles are one line each: they are split into sentences and
   grouped three sentences to a paragraph. wiki-sample articles already have paragraphs
   (blank-line separated). Blocks of fewer than 16 words (titles, headings) are dropped or,
   for the last sentence group of an article, merged into the previous group, so that no
   paragraph looks like a heading to paratopic and both systems see the same paragraphs.
   Line breaks inside a paragraph become spaces.
2. Copies. Copy 0 is the base, copy c >= 1 is the base with a copy-specific suffix
   (``x`` + c in base 26, e.g. ``housing`` -> ``housingxbc``) on a seeded `--rate` share of the
   word types (alphabetic words of 4+ letters, the 300 most frequent base words excluded, so
   no stop words): every occurrence of a chosen type in that copy is suffixed. So the
   vocabulary keeps growing with the corpus as real collections do (new names, new
   terms), with realistic document frequencies for the new terms. Each copy lists the
   articles in its own seeded order.
3. Files. Articles are written whole, in order, into files whose target sizes are drawn
   log-uniformly from 20-200 KB (a file is closed once it reaches its target), until the
   corpus reaches SIZE bytes. Paragraphs are separated by a blank line. Files are named
   d000000.txt, d000001.txt, ...

A manifest.json in OUT_DIR records the arguments, the counts and a stamp; when the stamp
matches, the corpus is not rebuilt.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import shutil
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_SOURCES = [REPO.parent / "shared" / "corpora" / "bbc-dev", REPO.parent / "shared" / "corpora" / "wiki-sample"]
MIN_WORDS = 16
SENTENCES_PER_PARAGRAPH = 3
FILE_MIN, FILE_MAX = 20_000, 200_000
TOP_EXCLUDED = 300
SENT_RE = re.compile(r"(?<=[.!?])\s+(?=\S)")
WORD_RE = re.compile(r"[A-Za-z]{4,}")
BLANK_RE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")


def parse_size(s: str) -> int:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG]?)B?", s.strip().upper())
    if not m:
        raise argparse.ArgumentTypeError(f"bad size {s!r}; use e.g. 30M, 300M, 1G")
    mult = {"": 1, "K": 10**3, "M": 10**6, "G": 10**9}[m.group(2)]
    return int(float(m.group(1)) * mult)


def read_articles(sources: list[Path]) -> list[list[str]]:
    """Every source article as a list of paragraphs (step 1)."""
    articles: list[list[str]] = []
    for src in sources:
        for path in sorted(src.rglob("*.txt")):
            text = path.read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")
            blocks = [" ".join(b.split()) for b in BLANK_RE.split(text)]
            blocks = [b for b in blocks if b]
            paras: list[str] = []
            if len(blocks) == 1:
                # one-line article: sentence groups
                sents = SENT_RE.split(blocks[0])
                for i in range(0, len(sents), SENTENCES_PER_PARAGRAPH):
                    group = " ".join(sents[i : i + SENTENCES_PER_PARAGRAPH])
                    if len(group.split()) < MIN_WORDS and paras:
                        paras[-1] += " " + group
                    else:
                        paras.append(group)
            else:
                paras = list(blocks)
            paras = [p for p in paras if len(p.split()) >= MIN_WORDS]
            if paras:
                articles.append(paras)
    return articles


def base26(n: int) -> str:
    s = ""
    while True:
        s = chr(ord("a") + n % 26) + s
        n //= 26
        if n == 0:
            return s


class Copier:
    """Writes copy c of the base articles with its suffix applied (step 2)."""

    def __init__(self, articles: list[list[str]], seed: int, rate: float):
        self.articles = articles
        self.seed = seed
        self.rate = rate
        self.paras: list[str] = [p for a in articles for p in a]
        self.first_para = np.cumsum([0] + [len(a) for a in articles])
        vocab: dict[str, int] = {}
        counts: list[int] = []
        starts, ends, ids, owner = [], [], [], []
        for pi, p in enumerate(self.paras):
            for m in WORD_RE.finditer(p):
                w = m.group().lower()
                i = vocab.get(w)
                if i is None:
                    i = vocab[w] = len(vocab)
                    counts.append(0)
                counts[i] += 1
                starts.append(m.start())
                ends.append(m.end())
                ids.append(i)
                owner.append(pi)
        self.n_types = len(vocab)
        self.n_candidate_tokens = len(ids)
        self.starts = np.array(starts, dtype=np.int64)
        self.ends = np.array(ends, dtype=np.int64)
        self.ids = np.array(ids, dtype=np.int64)
        self.owner = np.array(owner, dtype=np.int64)
        order = np.argsort(-np.array(counts), kind="stable")
        self.eligible = np.ones(len(vocab), dtype=bool)
        self.eligible[order[:TOP_EXCLUDED]] = False

    def copy(self, c: int) -> tuple[list[list[str]], int]:
        """The articles of copy c (in the copy's order) and its number of suffixed tokens."""
        rng = random.Random(self.seed * 1_000_003 + c)
        order = list(range(len(self.articles)))
        rng.shuffle(order)
        if c == 0:
            paras = self.paras
            n_suffixed = 0
        else:
            nrng = np.random.default_rng([self.seed, c])
            chosen = (nrng.random(self.n_types) < self.rate) & self.eligible
            hit = np.nonzero(chosen[self.ids])[0]
            n_suffixed = len(hit)
            suffix = "x" + base26(c)
            paras = list(self.paras)
            # splice from the end of each paragraph so offsets stay valid
            for k in hit[::-1]:
                pi = self.owner[k]
                e = self.ends[k]
                p = paras[pi]
                paras[pi] = p[:e] + suffix + p[e:]
        out = [paras[self.first_para[a] : self.first_para[a + 1]] for a in order]
        return out, n_suffixed


def build(size: int, out: Path, sources: list[Path], seed: int, rate: float) -> dict:
    t0 = time.time()
    articles = read_articles(sources)
    if not articles:
        sys.exit(f"gen_corpus.py: no .txt articles under {', '.join(map(str, sources))}")
    copier = Copier(articles, seed, rate)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    frng = random.Random(seed)
    total = 0
    n_files = n_paras = n_words = n_suffixed = 0
    copies = 0
    buf: list[str] = []
    buf_bytes = 0
    target = 0

    def next_target() -> int:
        return int(math.exp(frng.uniform(math.log(FILE_MIN), math.log(FILE_MAX))))

    def flush() -> None:
        nonlocal buf, buf_bytes, n_files, total
        if not buf:
            return
        data = "\n\n".join(buf) + "\n"
        raw = data.encode("utf-8")
        (out / f"d{n_files:06d}.txt").write_bytes(raw)
        n_files += 1
        total += len(raw)
        buf, buf_bytes = [], 0

    target = next_target()
    c = 0
    while total + buf_bytes < size:
        arts, suffixed = copier.copy(c)
        copies += 1
        for art in arts:
            for p in art:
                buf.append(p)
                buf_bytes += len(p.encode("utf-8")) + 2
                n_paras += 1
                n_words += len(p.split())
            if buf_bytes >= target:
                flush()
                target = next_target()
            if total + buf_bytes >= size:
                break
        n_suffixed += suffixed
        c += 1
    flush()
    return {
        "size_requested": size,
        "bytes": total,
        "files": n_files,
        "paragraphs": n_paras,
        "words": n_words,
        "copies": copies,
        "base_articles": len(articles),
        "base_paragraphs": len(copier.paras),
        "base_word_types": copier.n_types,
        "suffix_rate_types": rate,
        "suffixed_tokens_per_copy_mean": round(n_suffixed / max(1, copies - 1), 1),
        "suffixed_share_of_words": round(n_suffixed / max(1, n_words), 4),
        "seconds": round(time.time() - t0, 1),
    }


def stamp_of(size: int, sources: list[Path], seed: int, rate: float) -> str:
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(json.dumps([size, [str(s.resolve()) for s in sources], seed, rate]).encode())
    for src in sources:
        for p in sorted(src.rglob("*.txt")):
            st = p.stat()
            h.update(f"{p.name}:{st.st_size}".encode())
    return h.hexdigest()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("size", type=parse_size)
    ap.add_argument("out", type=Path)
    ap.add_argument("--source", type=Path, action="append", help="seed corpus folder (repeatable)")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--rate", type=float, default=0.08, help="share of word types suffixed per copy")
    ap.add_argument("--force", action="store_true", help="rebuild even if the manifest stamp matches")
    args = ap.parse_args()
    sources = args.source or DEFAULT_SOURCES
    for s in sources:
        if not s.is_dir():
            sys.exit(f"gen_corpus.py: seed corpus {s} is not a folder (pass --source DIR)")
    stamp = stamp_of(args.size, sources, args.seed, args.rate)
    manifest = args.out / "manifest.json"
    if not args.force and manifest.is_file():
        try:
            old = json.loads(manifest.read_text())
        except ValueError:
            old = {}
        if old.get("stamp") == stamp:
            print(f"gen_corpus.py: {args.out} is up to date ({old['bytes']:,} bytes)", file=sys.stderr)
            return
    print(f"gen_corpus.py: building {args.out} ({args.size:,} bytes)", file=sys.stderr)
    corpus_dir = args.out / "text"
    info = build(args.size, corpus_dir, sources, args.seed, args.rate)
    info.update(seed=args.seed, sources=[str(s) for s in sources], stamp=stamp)
    manifest.write_text(json.dumps(info, indent=2) + "\n")
    print(f"gen_corpus.py: {json.dumps({k: v for k, v in info.items() if k not in ('stamp', 'sources')})}", file=sys.stderr)


if __name__ == "__main__":
    main()
