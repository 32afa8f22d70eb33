#!/usr/bin/env python3
"""Peak RSS per stage: runs a command, samples its resident memory every 20 ms, and
prints each line it writes to stderr with the elapsed time, the RSS then and the peak RSS
since the previous line. paratopic prints one line per finished stage, so the peak on a
stage's line is that stage's peak.

Usage: rss_timeline.py -- paratopic run --set 'input.paths=["DIR"]' --set cluster.k=20
"""

import subprocess
import sys
import threading
import time


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def main() -> None:
    cmd = sys.argv[1:]
    if cmd and cmd[0] == "--":
        cmd = cmd[1:]
    if not cmd:
        sys.exit(__doc__)
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    state = {"peak": 0.0, "overall": 0.0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            r = rss_mb(p.pid)
            state["peak"] = max(state["peak"], r)
            state["overall"] = max(state["overall"], r)
            time.sleep(0.02)

    threading.Thread(target=sample, daemon=True).start()
    print(f"{'elapsed s':>9} {'RSS MB':>8} {'peak MB':>8}  line", flush=True)
    for line in p.stderr:
        now = rss_mb(p.pid)
        print(f"{time.perf_counter() - t0:9.2f} {now:8.0f} {state['peak']:8.0f}  {line.rstrip()}", flush=True)
        state["peak"] = now
    code = p.wait()
    done.set()
    print(f"{time.perf_counter() - t0:9.2f} {'':8} {state['peak']:8.0f}  (exit {code}; overall peak {state['overall']:.0f} MB)")
    sys.exit(code)


if __name__ == "__main__":
    main()
