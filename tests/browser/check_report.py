#!/usr/bin/env python3
"""Open an HTML report in headless Chromium, screenshot it, and fail on any problem.

    check_report.py REPORT.html SCREENSHOT.png [--pages N] [--expect-text TEXT]...

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe), with
the Python standard library only. The check fails (exit 1) when the page logs a console
error or warning, throws an exception, logs a browser error (e.g. a resource that failed
to load), makes any request besides the report itself (it must be self-contained), holds
a <script>, <iframe>, <img>, <object> or <embed> element or an on* event attribute, has
no inline SVG chart, or lacks one of the --expect-text strings in its visible text.
--pages N writes N screenshots of 1400 x 3000 px going down the page (SCREENSHOT.png,
then SCREENSHOT-2.png, ...). Exit 2: Chromium could not be started or did not answer
within the time limit (--timeout seconds, default 60).
"""

import argparse
import base64
import json
import os
import pathlib
import select
import shutil
import subprocess
import sys
import tempfile
import time

WIDTH, HEIGHT = 1400, 3000
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class Browser:
    """A Chromium process and a DevTools session over fds 3 (commands) and 4 (replies)."""

    def __init__(self, binary, deadline):
        self.deadline = deadline
        self.profile = tempfile.mkdtemp(prefix="paratopic-chromium-")
        cmd_r, self.cmd_w = os.pipe()
        self.res_r, res_w = os.pipe()

        def child_fds():
            os.dup2(cmd_r, 3)
            os.dup2(res_w, 4)

        self.log = open(os.path.join(self.profile, "chromium.log"), "wb")
        self.proc = subprocess.Popen(
            [binary, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={self.profile}",
             "--no-first-run", "--no-default-browser-check", "--hide-scrollbars",
             "--mute-audio", f"--window-size={WIDTH},{HEIGHT}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
            pass_fds=(3, 4), preexec_fn=child_fds,
        )
        os.close(cmd_r)
        os.close(res_w)
        self.buf = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def close(self):
        try:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
        for fd in (self.cmd_w, self.res_r):
            try:
                os.close(fd)
            except OSError:
                pass
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def chromium_log(self):
        try:
            return pathlib.Path(self.profile, "chromium.log").read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def _read_message(self):
        while b"\0" not in self.buf:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self.res_r], [], [], min(left, 1.0))
            if ready:
                chunk = os.read(self.res_r, 1 << 20)
                if not chunk:
                    raise ConnectionError("Chromium closed the DevTools pipe")
                self.buf += chunk
            elif self.proc.poll() is not None:
                raise ConnectionError(f"Chromium exited with status {self.proc.returncode}")
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def send(self, method, params=None, session=True):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            msg["sessionId"] = self.session
        os.write(self.cmd_w, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read_message()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method, seconds):
        end = min(self.deadline, time.monotonic() + seconds)
        while time.monotonic() < end:
            if any(e.get("method") == method for e in self.events):
                return True
            saved = self.deadline
            self.deadline = end
            try:
                self.events.append(self._read_message())
            except TimeoutError:
                pass
            finally:
                self.deadline = saved
        return any(e.get("method") == method for e in self.events)

    def drain(self, seconds):
        end = time.monotonic() + seconds
        saved, self.deadline = self.deadline, end
        try:
            while True:
                self.events.append(self._read_message())
        except TimeoutError:
            pass
        finally:
            self.deadline = saved


def problems_in(events, page_url):
    found = []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            found.append(f"console.{p['type']}: {text}")
        elif m == "Runtime.exceptionThrown":
            d = p.get("exceptionDetails", {})
            found.append(f"exception: {d.get('text')} {d.get('exception', {}).get('description', '')}")
        elif m == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
            entry = p["entry"]
            found.append(f"browser {entry['level']} ({entry.get('source')}): {entry.get('text')} {entry.get('url', '')}")
        elif m == "Network.requestWillBeSent":
            url = p.get("request", {}).get("url", "")
            if url != page_url and not url.startswith(("data:", "about:")):
                found.append(f"request to {url}: the report must be self-contained")
        elif m == "Network.loadingFailed":
            found.append(f"loading failed: {p.get('errorText')}")
    return found


CHECK_DOM = """(() => {
  const bad = [...document.querySelectorAll('script, iframe, img, object, embed, link[rel=stylesheet]')]
      .map(e => e.tagName.toLowerCase());
  const handlers = [...document.querySelectorAll('*')]
      .filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length;
  return JSON.stringify({
    bad, handlers,
    svgs: document.querySelectorAll('figure svg').length,
    title: document.title,
    text: document.body ? document.body.innerText : '',
    height: Math.ceil(document.documentElement.scrollHeight),
  });
})()"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("report")
    ap.add_argument("screenshot")
    ap.add_argument("--pages", type=int, default=1)
    ap.add_argument("--expect-text", action="append", default=[])
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--chromium", default=os.environ.get("CHROMIUM", "chromium"))
    args = ap.parse_args()

    report = pathlib.Path(args.report).resolve()
    if not report.is_file():
        print(f"check_report: no report at {report}", file=sys.stderr)
        return 2
    binary = shutil.which(args.chromium)
    if not binary:
        print(f"check_report: '{args.chromium}' not found (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    url = report.as_uri()
    browser = Browser(binary, time.monotonic() + args.timeout)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"}, session=False)
        attached = browser.send("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True},
                                session=False)
        browser.session = attached["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            browser.send(f"{domain}.enable")
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False})
        browser.events.clear()
        nav = browser.send("Page.navigate", {"url": url})
        if nav.get("errorText"):
            print(f"FAIL {report}: navigation failed: {nav['errorText']}")
            return 1
        if not browser.wait_for("Page.loadEventFired", args.timeout):
            print(f"FAIL {report}: the page did not finish loading")
            return 1
        browser.drain(0.5)
        dom = json.loads(browser.send("Runtime.evaluate", {"expression": CHECK_DOM, "returnByValue": True})
                         ["result"]["value"])
        shots = []
        for i in range(max(1, args.pages)):
            y = i * HEIGHT
            if i > 0 and y >= dom["height"]:
                break
            clip = {"x": 0, "y": y, "width": WIDTH, "height": min(HEIGHT, max(1, dom["height"] - y)), "scale": 1}
            png = browser.send("Page.captureScreenshot",
                               {"format": "png", "clip": clip, "captureBeyondViewport": True})["data"]
            out = pathlib.Path(args.screenshot)
            if i > 0:
                out = out.with_name(f"{out.stem}-{i + 1}{out.suffix}")
            out.write_bytes(base64.b64decode(png))
            shots.append(str(out))
        browser.drain(0.2)
    except (TimeoutError, ConnectionError, RuntimeError, OSError) as e:
        print(f"check_report: {e}", file=sys.stderr)
        print(browser.chromium_log(), file=sys.stderr)
        return 2
    finally:
        browser.close()

    problems = problems_in(browser.events, url)
    if dom["bad"]:
        problems.append(f"elements that must not be in the report: {sorted(set(dom['bad']))}")
    if dom["handlers"]:
        problems.append(f"{dom['handlers']} elements with on* event attributes")
    if dom["svgs"] == 0:
        problems.append("no inline SVG chart")
    if dom["height"] < 1000:
        problems.append(f"the page is only {dom['height']} px tall: it did not render")
    for text in args.expect_text:
        if text not in dom["text"]:
            problems.append(f"visible text lacks {text!r}")
    if problems:
        print(f"FAIL {report}")
        for p in problems:
            print(f"  {p}")
        return 1
    print(f"ok   {report}: {dom['svgs']} charts, {dom['height']} px tall, title {dom['title']!r}; "
          f"screenshots: {', '.join(shots)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
