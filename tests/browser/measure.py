"""Opens a page in headless Chromium at a given width, through the Chrome
DevTools protocol over a pipe (no port, no network, standard library only):

    python3 measure.py CHROMIUM PAGE.html WIDTH SCREENSHOT.png

It sets the viewport to WIDTH css px (as a phone or a wide screen would; a
plain headless window cannot be narrower than 500 px), loads the page, and
fails (exit 1, with the reason) when
- the page writes to the console or throws;
- the document scrolls sideways: its scroll width exceeds the viewport's
  (a table that scrolls inside itself does not count: it does not widen
  the document);
- the screenshot, saved to SCREENSHOT.png, is blank.
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import time

MEASURE = """(() => {
  const root = document.documentElement;
  const viewport = root.clientWidth;
  const wide = [];
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.right > viewport + 0.5) {
      wide.push([r.right, e.tagName.toLowerCase() + ' right=' + Math.round(r.right) + ' "' +
                 (e.textContent || '').trim().slice(0, 40) + '"']);
    }
  }
  // The widest first: the ones to fix.
  const past = wide.sort((a, b) => b[0] - a[0]).slice(0, 8).map(w => w[1]);
  return JSON.stringify({viewport, scroll: root.scrollWidth, height: root.scrollHeight, past});
})()"""


class Browser:
    """Chromium with --remote-debugging-pipe: commands on fd 3, replies on fd 4."""

    def __init__(self, chromium, profile):
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()
        # The child must see the pipes as fds 3 and 4: moved out of the way
        # first, in case either already is 3 or 4; kept by pass_fds, since
        # subprocess closes the other fds after this runs.
        def child_fds():
            read, write = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(read, 3)
            os.dup2(write, 4)
        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--hide-scrollbars", "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(3, 4), preexec_fn=child_fds,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.next_id = 0
        self.buffer = b""
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.receive()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def receive(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_browser, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_for(self, method, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for i, event in enumerate(self.events):
                if event.get("method") == method:
                    return self.events.pop(i)
            self.events.append(self.receive())
        raise RuntimeError(f"no {method} within {timeout} s")

    def close(self):
        try:
            self.send("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def blank(png):
    """A blank screenshot compresses to almost nothing; a page of text and charts does not."""
    return len(png) < 20_000


def main():
    chromium, page, width, screenshot = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    name = f"{os.path.basename(os.path.dirname(page))}/{os.path.basename(page)} at {width} px"
    with tempfile.TemporaryDirectory() as profile:
        browser = Browser(chromium, profile)
        try:
            target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ["Page", "Runtime", "Log"]:
                browser.send(f"{domain}.enable", session=session)
            browser.send("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": 1500, "deviceScaleFactor": 1, "mobile": False},
                         session=session)
            browser.send("Page.navigate", {"url": "file://" + os.path.abspath(page)}, session=session)
            browser.wait_for("Page.loadEventFired")
            figures = json.loads(browser.send("Runtime.evaluate", {"expression": MEASURE, "returnByValue": True},
                                              session=session)["result"]["value"])
            png = base64.b64decode(browser.send("Page.captureScreenshot", {"format": "png"}, session=session)["data"])
            open(screenshot, "wb").write(png)
        finally:
            browser.close()
    spoken = [e for e in browser.events
              if e.get("method") in ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded")]
    print(f"browser check: {name}: viewport {figures['viewport']} px, document {figures['scroll']} px wide "
          f"and {figures['height']} px high, screenshot {len(png)} bytes")
    failed = []
    if spoken:
        failed.append("the page wrote to the console: " + json.dumps(spoken)[:600])
    if figures["viewport"] != width:
        failed.append(f"asked for a {width} px viewport, got {figures['viewport']} px")
    if figures["scroll"] > figures["viewport"]:
        failed.append(f"it scrolls sideways (scroll width {figures['scroll']} > viewport {figures['viewport']}); "
                      "past the edge:\n  " + "\n  ".join(figures["past"]))
    if blank(png):
        failed.append("the screenshot is blank")
    if failed:
        sys.exit(f"browser check failed: {name}: " + "; ".join(failed))


if __name__ == "__main__":
    main()
