#!/usr/bin/env python3
"""Performance benchmark: paratopic against the feature-matched Python peer of issue #4.

For each size: builds the corpus (gen_corpus.py, cached), runs `paratopic run` (built-in
default config, cluster.k=20, all outputs written) and peer.py, each under
`/usr/bin/time -v` (wall time and peak RSS of the whole process, the same way for both),
and prints the stage times, totals, peak RSS and the ratios peer/paratopic. The tables
are also written to results/<date>_<sizes>.md, every number to the .json beside it.

Usage: compare.py [--sizes 30M,300M,1G] [--systems paratopic,peer] [--k 20]
                  [--threads N] [--repeat N] [--mem-limit MB] [--keep] [--out FILE.md]
Normally started through run.sh, which sets up the pinned environment and the binary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
WORK = HERE / "work"
RESULTS = HERE / "results"
TIME = "/usr/bin/time"

# targets of issue #4
TARGET_TOTAL = 10.0  # peer wall / paratopic wall
TARGET_TFIDF = 15.0  # peer tfidf / paratopic (text + vectorize)
TARGET_RSS = 2.0  # peer peak RSS / paratopic peak RSS
TARGET_1G_S = 60.0
TARGET_1G_RSS_MB = 2048.0
TARGET_EXPONENT = math.log2(2.2)  # 2x the text <= 2.2x the time


def parse_size(s: str) -> int:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG]?)B?", s.strip().upper())
    if not m:
        raise SystemExit(f"compare.py: bad size {s!r}; use e.g. 30M, 300M, 1G")
    return int(float(m.group(1)) * {"": 1, "K": 10**3, "M": 10**6, "G": 10**9}[m.group(2)])


MEM_LIMIT_MB: float | None = None


def _limit_memory() -> None:
    if MEM_LIMIT_MB:
        import resource

        n = int(MEM_LIMIT_MB * 1024 * 1024)
        resource.setrlimit(resource.RLIMIT_AS, (n, n))


def time_v(cmd: list[str], cwd: Path, log: Path) -> dict:
    """Runs cmd under /usr/bin/time -v; wall seconds, peak RSS (MB), exit code."""
    t0 = time.perf_counter()
    with open(log, "w") as lf:
        p = subprocess.run(
            [TIME, "-v", *cmd], cwd=cwd, stdout=lf, stderr=subprocess.STDOUT, preexec_fn=_limit_memory
        )
    wall_outer = time.perf_counter() - t0
    text = log.read_text(errors="replace")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    el = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    usr = re.search(r"User time \(seconds\): ([\d.]+)", text)
    sys_ = re.search(r"System time \(seconds\): ([\d.]+)", text)
    wall = wall_outer
    if el:
        parts = [float(x) for x in el.group(1).split(":")]
        wall = sum(v * 60**i for i, v in enumerate(reversed(parts)))
    return {
        "exit": p.returncode,
        "wall_s": wall,
        "cpu_s": (float(usr.group(1)) if usr else 0.0) + (float(sys_.group(1)) if sys_ else 0.0),
        "peak_rss_mb": int(rss.group(1)) / 1024 if rss else float("nan"),
        "log": str(log),
    }


class Failed(Exception):
    """A system did not finish (exit code, e.g. out of memory under --mem-limit)."""


def failure_detail(log: str) -> str:
    """The allocation failure and the innermost paratopic frame, from a run's log."""
    text = Path(log).read_text(errors="replace")
    out = []
    m = re.search(r"memory allocation of (\d+) bytes failed", text)
    if m:
        out.append(f"allocation of {int(m.group(1)) / 2**20:,.0f} MB failed")
    m = re.search(r"\d+: (paratopic::[\w:]+)", text)
    if m:
        out.append(f"in {m.group(1)}")
    m = re.search(r"MemoryError", text)
    if m:
        out.append("MemoryError")
    return (": " + " ".join(out)) if out else ""


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def run_paratopic(bin_: Path, corpus: Path, out: Path, k: int, threads: int | None) -> dict:
    # run from an empty folder so that no ./paratopic.toml is picked up: built-in defaults
    cwd = out.parent / (out.name + ".cwd")
    for d in (out, cwd):
        shutil.rmtree(d, ignore_errors=True)
    cwd.mkdir(parents=True)
    cmd = [
        str(bin_),
        "run",
        "--quiet",
        "--set",
        f"input.paths=[{json.dumps(str(corpus))}]",
        "--set",
        f"output.dir={json.dumps(str(out))}",
        "--set",
        f"cluster.k={k}",
    ]
    if threads:
        cmd += ["--threads", str(threads)]
    r = time_v(cmd, cwd, out.parent / (out.name + ".log"))
    shutil.rmtree(cwd, ignore_errors=True)
    if r["exit"] != 0:
        raise Failed(
            f"paratopic failed (exit {r['exit']}) after {r['wall_s']:.1f} s at {r['peak_rss_mb']:.0f} MB peak RSS"
            f"{failure_detail(r['log'])}; see {r['log']}"
        )
    run = json.loads((out / "run.json").read_text())
    r["stages"] = run["timings_s"]
    r["counts"] = run["counts"]
    r["cmd"] = " ".join(cmd)
    return r


def run_peer(python: Path, corpus: Path, out: Path, k: int) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [str(python), str(HERE / "peer.py"), str(corpus), str(out), "--k", str(k)]
    r = time_v(cmd, HERE, out.parent / (out.name + ".log"))
    if r["exit"] != 0:
        raise Failed(
            f"peer failed (exit {r['exit']}) after {r['wall_s']:.1f} s at {r['peak_rss_mb']:.0f} MB peak RSS"
            f"{failure_detail(r['log'])}; see {r['log']}"
        )
    info = json.loads((out / "peer.json").read_text())
    r["stages"] = info["times_s"]
    r["counts"] = {k_: info[k_] for k_ in ("documents", "paragraphs", "vocabulary", "nonzeros")}
    r["kmeans_iterations"] = info["kmeans_iterations"]
    r["versions"] = info["versions"]
    r["cmd"] = " ".join(cmd)
    return r


def fmt_s(x: float | None) -> str:
    return "—" if x is None else (f"{x:.2f}" if x < 100 else f"{x:.1f}")


def fmt_ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b <= 0:
        return "—"
    return f"{a / b:.2f}×"


def verdict(ok: bool | None) -> str:
    return "" if ok is None else (" ✅" if ok else " ❌")


def tables(results: list[dict]) -> str:
    lines: list[str] = []
    both = [r for r in results if "paratopic" in r and "peer" in r]

    # 1. side by side
    lines += [
        "### paratopic vs the Python peer",
        "",
        "Seconds (wall) and MB. *ratio* = peer / paratopic: above 1 means paratopic is faster "
        "or smaller. Stage mapping: read = peer `read` vs paratopic `corpus`; "
        "tokenize+stem+TF-IDF = peer `tfidf` (fit_transform) vs paratopic `text` + `vectorize`; "
        "cluster = peer `kmeans` vs paratopic `cluster` (LSA + k-means); other = peer "
        "`import` + `shares` (incl. writing) vs paratopic `topics` + `charts` + `write`; "
        "total = wall time of the whole process (`/usr/bin/time -v`), peak RSS likewise.",
        "",
        "| corpus | paragraphs | measure | peer | paratopic | ratio | target |",
        "| --- | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        pe, pa = r.get("peer"), r.get("paratopic")
        if not pe and not pa:
            continue
        ps = pe["stages"] if pe else {}
        qs = pa["stages"] if pa else {}

        def g(d, *keys):
            return sum(d[k] for k in keys) if d and all(k in d for k in keys) else None

        def some(d, *keys):
            """Sum of the stages present (paratopic's stage list grew over time)."""
            present = [d[k] for k in keys if d and k in d]
            return sum(present) if present else None

        units = pa["counts"]["units"] if pa else pe["counts"]["paragraphs"]
        rows = [
            ("read", g(ps, "read"), g(qs, "corpus"), None, None),
            ("tokenize+stem+TF-IDF", g(ps, "tfidf"), g(qs, "text", "vectorize"), TARGET_TFIDF, "≥ 15×"),
            ("cluster", g(ps, "kmeans"), some(qs, "lsa", "cluster"), None, None),
            ("other", g(ps, "import", "shares"), some(qs, "topics", "charts", "write", "report"), None, None),
            ("**total (wall)**", pe["wall_s"] if pe else None, pa["wall_s"] if pa else None, TARGET_TOTAL, "≥ 10×"),
            ("CPU time (user+sys)", pe["cpu_s"] if pe else None, pa["cpu_s"] if pa else None, None, None),
        ]
        for name, a, b, tgt, tgt_s in rows:
            ok = None if (tgt is None or a is None or b is None) else a / b >= tgt
            lines.append(
                f"| {r['size']} | {units:,} | {name} | {fmt_s(a)} | {fmt_s(b)} | {fmt_ratio(a, b)}{verdict(ok)} | {tgt_s or ''} |"
            )
        a = pe["peak_rss_mb"] if pe else None
        b = pa["peak_rss_mb"] if pa else None
        ok = None if (a is None or b is None) else a / b >= TARGET_RSS
        lines.append(
            f"| {r['size']} | {units:,} | **peak RSS (MB)** | {a:.0f} | {b:.0f} | {fmt_ratio(a, b)}{verdict(ok)} | ≥ 2× (half the memory) |"
            if a is not None and b is not None
            else f"| {r['size']} | {units:,} | **peak RSS (MB)** | {'—' if a is None else f'{a:.0f}'} | {'—' if b is None else f'{b:.0f}'} | — | |"
        )
    lines.append("")

    # 2. absolute targets and scaling of paratopic
    pas = [r for r in results if "paratopic" in r]
    if pas:
        lines += [
            "### paratopic: stages, 1 GB target and scaling",
            "",
            "| corpus | MB | units | vocabulary | non-zeros | corpus | text | vectorize | lsa | cluster | topics | charts | write | report | total (wall) | peak RSS (MB) | s per 100 MB |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in pas:
            pa = r["paratopic"]
            s, c = pa["stages"], pa["counts"]
            mb = r["bytes"] / 1e6
            lines.append(
                f"| {r['size']} | {mb:.0f} | {c['units']:,} | {c['vocabulary']:,} | {c['nonzeros']:,} | "
                + " | ".join(fmt_s(s.get(k)) for k in ("corpus", "text", "vectorize", "lsa", "cluster", "topics", "charts", "write", "report"))
                + f" | {fmt_s(pa['wall_s'])} | {pa['peak_rss_mb']:.0f} | {pa['wall_s'] / mb * 100:.2f} |"
            )
        lines.append("")
        for r in pas:
            if r["bytes"] >= 0.9e9:
                pa = r["paratopic"]
                lines.append(
                    f"- 1 GB target ({r['size']}): wall {pa['wall_s']:.1f} s (target ≤ {TARGET_1G_S:.0f} s)"
                    f"{verdict(pa['wall_s'] <= TARGET_1G_S)}, peak RSS {pa['peak_rss_mb']:.0f} MB "
                    f"(target ≤ {TARGET_1G_RSS_MB:.0f} MB){verdict(pa['peak_rss_mb'] <= TARGET_1G_RSS_MB)}"
                )
        for a, b in zip(pas, pas[1:]):
            ta, tb = a["paratopic"]["wall_s"], b["paratopic"]["wall_s"]
            exp = math.log(tb / ta) / math.log(b["bytes"] / a["bytes"]) if b["bytes"] != a["bytes"] else float("nan")
            lines.append(
                f"- scaling {a['size']} → {b['size']}: text ×{b['bytes'] / a['bytes']:.2f}, wall time ×{tb / ta:.2f}, "
                f"exponent {exp:.2f} (linear = 1.00; target ≤ {TARGET_EXPONENT:.2f}, i.e. 2× text ≤ 2.2× time){verdict(exp <= TARGET_EXPONENT)}"
            )
            sa, sb = a["paratopic"]["stages"], b["paratopic"]["stages"]
            per = []
            for st in ("corpus", "text", "vectorize", "cluster", "charts", "write"):
                if sa.get(st, 0) > 0.05 and sb.get(st, 0) > 0:
                    e = math.log(sb[st] / sa[st]) / math.log(b["bytes"] / a["bytes"])
                    per.append(f"{st} {e:.2f}")
            if per:
                lines.append(f"  - per stage: {', '.join(per)} (stages under 0.05 s left out)")
        lines.append("")

    # 3. peer stages
    pes = [r for r in results if "peer" in r]
    if pes:
        lines += [
            "### Python peer: stages",
            "",
            "| corpus | paragraphs | vocabulary | non-zeros | import | read | tfidf | kmeans (iterations) | shares | total (wall) | peak RSS (MB) |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for r in pes:
            pe = r["peer"]
            s, c = pe["stages"], pe["counts"]
            lines.append(
                f"| {r['size']} | {c['paragraphs']:,} | {c['vocabulary']:,} | {c['nonzeros']:,} | "
                f"{fmt_s(s['import'])} | {fmt_s(s['read'])} | {fmt_s(s['tfidf'])} | {fmt_s(s['kmeans'])} ({pe['kmeans_iterations']}) | "
                f"{fmt_s(s['shares'])} | {fmt_s(pe['wall_s'])} | {pe['peak_rss_mb']:.0f} |"
            )
        lines.append("")
    for r in results:
        for system, msg in r.get("failed", {}).items():
            lines.append(f"- **{r['size']}: {msg}**")
    if any(r.get("failed") for r in results):
        lines.append("")
    if both:
        mism = [r["size"] for r in both if r["paratopic"]["counts"]["units"] != r["peer"]["counts"]["paragraphs"]]
        if mism:
            lines.append(f"Note: paragraph counts differ between the systems at {', '.join(mism)}.")
            lines.append("")
    return "\n".join(lines)


def git_rev() -> str:
    """HEAD, and the last commit that changed the sources (what the binary is built from)."""

    def git(*a: str) -> str:
        return subprocess.run(["git", "-C", str(REPO), *a], capture_output=True, text=True).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        src = git("log", "-1", "--format=%h", "--", "src", "Cargo.toml", "Cargo.lock", "build.rs")
        dirty = git("status", "--porcelain", "--", "src")
        return f"HEAD {head}, sources last changed in {src}" + (", uncommitted changes in src/" if dirty else "")
    except OSError:
        return "?"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="30M,300M,1G", help="comma-separated corpus sizes (default 30M,300M,1G)")
    ap.add_argument("--systems", default="paratopic,peer", help="comma-separated: paratopic, peer")
    ap.add_argument("--k", type=int, default=20)
    ap.add_argument("--threads", type=int, help="paratopic --threads N (default: one per core)")
    ap.add_argument(
        "--mem-limit",
        type=float,
        metavar="MB",
        help="address-space limit (RLIMIT_AS) for each run; a run that exceeds it is reported as failed",
    )
    ap.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="run each system N times (interleaved) and report each system's fastest run",
    )
    ap.add_argument(
        "--warmup",
        type=int,
        default=1,
        metavar="N",
        help="unmeasured paratopic runs on the same corpus right before each measured one (default 1; "
        "0 disables): on the 2-core VM this was written on, the first run after the peer's multi-GB "
        "process was 10-15%% slower (300 MB text stage 1.19 s, the next run 1.05 s); the peer runs "
        "7-400 s, so a one-off cost of that size is below 1%% of its time",
    )
    ap.add_argument("--keep", action="store_true", help="keep the systems' output folders under work/")
    ap.add_argument("--out", type=Path, help="markdown file (default results/<date>_<sizes>.md)")
    args = ap.parse_args()
    global MEM_LIMIT_MB
    MEM_LIMIT_MB = args.mem_limit
    sizes = [s.strip().upper() for s in args.sizes.split(",") if s.strip()]
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    for s in systems:
        if s not in ("paratopic", "peer"):
            raise SystemExit(f"compare.py: unknown system {s!r}; use paratopic and/or peer")
    bin_ = Path(os.environ.get("PARATOPIC_BIN", REPO / "target" / "release" / "paratopic"))
    python = Path(sys.executable)
    WORK.mkdir(parents=True, exist_ok=True)
    started = dt.datetime.now()
    load_start = loadavg()

    results = []
    for size in sizes:
        nbytes = parse_size(size)
        cdir = WORK / size
        subprocess.run([str(python), str(HERE / "gen_corpus.py"), size, str(cdir)], check=True)
        manifest = json.loads((cdir / "manifest.json").read_text())
        corpus = cdir / "text"
        r = {"size": size, "bytes": manifest["bytes"], "requested": nbytes, "manifest": manifest}
        for rep in range(args.repeat):
            for system in systems:
                if system in r.get("failed", {}):
                    continue
                out = WORK / f"out-{size}-{system}"
                tag = f"{size}: {system}" + (f" (run {rep + 1}/{args.repeat})" if args.repeat > 1 else "")
                print(f"compare.py: {tag} (load {loadavg()}) ...", file=sys.stderr, flush=True)
                try:
                    if system == "paratopic":
                        for w in range(args.warmup):
                            warm = run_paratopic(bin_, corpus, out, args.k, args.threads)
                            print(
                                f"compare.py: {tag} warm-up {w + 1}/{args.warmup} wall {warm['wall_s']:.2f} s (not counted)",
                                file=sys.stderr,
                                flush=True,
                            )
                        run = run_paratopic(bin_, corpus, out, args.k, args.threads)
                    else:
                        run = run_peer(python, corpus, out, args.k)
                except Failed as e:
                    r.setdefault("failed", {})[system] = str(e)
                    print(f"compare.py: {size}: {e}", file=sys.stderr, flush=True)
                    continue
                run["load_at_start"] = loadavg()
                print(
                    f"compare.py: {tag} wall {run['wall_s']:.2f} s, CPU {run['cpu_s']:.2f} s, peak RSS {run['peak_rss_mb']:.0f} MB",
                    file=sys.stderr,
                    flush=True,
                )
                walls = r.get(system, {}).get("all_walls_s", []) + [run["wall_s"]]
                if system not in r or run["wall_s"] < r[system]["wall_s"]:
                    r[system] = run
                r[system]["all_walls_s"] = walls
                if not args.keep:
                    shutil.rmtree(out, ignore_errors=True)
        results.append(r)

    peer_versions = next((r["peer"]["versions"] for r in results if "peer" in r), None)
    header = [
        f"## Performance benchmark — {started:%Y-%m-%d %H:%M}",
        "",
        f"- paratopic: `{bin_}` (git {git_rev()}), `paratopic run` with the built-in default config, "
        f"`cluster.k={args.k}`" + (f", `--threads {args.threads}`" if args.threads else ", one thread per core") + ", all outputs written",
        "- peer: `peer.py` — NLTK Snowball stems (cached per word) inside `TfidfVectorizer(stop_words=\"english\", "
        f"sublinear_tf=True, min_df=2, max_df=0.5)`, `KMeans({args.k}, n_init=1, max_iter=100, random_state=42)`, "
        "per-document topic shares written"
        + (f" ({', '.join(f'{k} {v}' for k, v in peer_versions.items())})" if peer_versions else ""),
        f"- machine: {os.cpu_count()} cores, {platform.platform()}, load average {load_start} at start, {loadavg()} at end",
        "- corpora: `gen_corpus.py SIZE` (seed 42) from `../shared/corpora/{bbc-dev,wiki-sample}`: "
        + "; ".join(
            f"{r['size']} = {r['bytes'] / 1e6:.0f} MB, {r['manifest']['files']:,} files, {r['manifest']['paragraphs']:,} paragraphs, "
            f"{r['manifest']['copies']} copies"
            for r in results
        ),
        (
            "- one run of each system per size"
            if args.repeat == 1
            else f"- {args.repeat} interleaved runs of each system per size, the fastest run of each shown "
            "(every wall time in the .json, `all_walls_s`)"
        )
        + ", page cache warm (the corpus was just generated or read)"
        + (
            f"; each measured paratopic run right after {args.warmup} unmeasured one(s) on the same corpus "
            "(`--warmup`: here the first run after the peer's multi-GB process was 10-15% slower; "
            "the peer's 7-400 s runs absorb a one-off cost of that size)"
            if args.warmup and "paratopic" in systems
            else ""
        )
        + (f"; address space limited to {MEM_LIMIT_MB:.0f} MB per run (`--mem-limit`)" if MEM_LIMIT_MB else ""),
        "",
    ]
    md = "\n".join(header) + "\n" + tables(results)
    print(md)
    RESULTS.mkdir(exist_ok=True)
    out = args.out or RESULTS / f"{started:%Y-%m-%d_%H%M}_{'-'.join(sizes)}.md"
    out.write_text(md + "\n")
    out.with_suffix(".json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"compare.py: wrote {out} and {out.with_suffix('.json').name}", file=sys.stderr)


if __name__ == "__main__":
    main()
