"""Opens a page in headless Chromium at a given width, through the Chrome
DevTools protocol over a pipe (no port, no network, standard library only):

    python3 measure.py CHROMIUM PAGE.html WIDTH SCREENSHOT.png

It sets the viewport to WIDTH css px (as a phone or a wide screen would; a
plain headless window cannot be narrower than 500 px), loads the page, and
fails (exit 1, with the reason) when
- the page writes to the console or throws;
- the document scrolls sideways: its scroll width exceeds the viewport's;
- a visible chart text (SVG) or table cell (or the label a phone shows
  above a cell) is drawn smaller than 11 CSS px: an SVG text's size is its
  font-size times the chart's scale on the screen (getScreenCTM), so a wide
  chart shrunk onto a phone fails;
- a table column is hidden: in some row its cell is not rendered, lies
  past the viewport, or is clipped by the table scrolling inside itself,
  or neither its header nor the cell's own label (data-label, shown above
  the cell when rows are cards) can be seen;
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

  // Rendered text sizes: every visible SVG text, every visible table cell
  // and the label a card shows above a cell.
  const MIN = 11;
  const shown = e => e.getClientRects().length > 0 && e.checkVisibility({visibilityProperty: true});
  const small = [];
  let smallest = Infinity, svgTexts = 0, cells = 0;
  const note = (px, what) => {
    smallest = Math.min(smallest, px);
    if (px < MIN - 0.01) small.push(px.toFixed(1) + ' px ' + what);
  };
  for (const t of document.querySelectorAll('svg text')) {
    if (!shown(t)) continue;
    const m = t.getScreenCTM();
    const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    svgTexts++;
    note(px, 'chart text "' + t.textContent.trim().slice(0, 30) + '" in "' +
         (t.closest('svg').getAttribute('aria-label') || '').slice(0, 40) + '"');
  }
  // Visible columns, and the sizes of table text.
  const hidden = [];
  let tables = 0;
  for (const table of document.querySelectorAll('table')) {
    if (!shown(table)) continue;
    tables++;
    const headers = Array.from(table.querySelectorAll('thead th')).map(h => h.textContent.trim());
    const box = table.getBoundingClientRect();
    const scrolls = table.scrollWidth > table.clientWidth + 1;
    const inside = r => r.left >= -0.5 && r.right <= viewport + 0.5 &&
                        !(scrolls && (r.right > box.right + 0.5 || r.left < box.left - 0.5));
    const headerSeen = Array.from(table.querySelectorAll('thead th')).map(h =>
      shown(h) && h.getBoundingClientRect().width > 2 && inside(h.getBoundingClientRect()));
    const name = '"' + headers.filter(h => h).join(', ').slice(0, 60) + '"';
    const missing = new Map();
    table.querySelectorAll('thead th').forEach((h, i) => {
      if (headerSeen[i]) note(parseFloat(getComputedStyle(h).fontSize), 'header "' + headers[i] + '" of ' + name);
    });
    for (const row of table.querySelectorAll('tbody tr')) {
      Array.from(row.children).forEach((td, i) => {
        const header = headers[i] === undefined ? '' : headers[i];
        const before = getComputedStyle(td, '::before');
        const labelled = before.content !== 'none' && before.content !== 'normal' &&
                         td.dataset.label === header;
        const ok = shown(td) && inside(td.getBoundingClientRect()) &&
                   (header === '' || headerSeen[i] || labelled);
        if (!ok) missing.set(header || '#' + (i + 1), (missing.get(header || '#' + (i + 1)) || 0) + 1);
        if (shown(td)) {
          cells++;
          note(parseFloat(getComputedStyle(td).fontSize), 'cell "' + td.textContent.trim().slice(0, 30) + '" of ' + name);
          if (labelled) note(parseFloat(before.fontSize), 'label "' + header + '" of ' + name);
        }
      });
    }
    for (const [column, rows] of missing) hidden.push('column "' + column + '" of ' + name + ' in ' + rows + ' rows');
  }
  const worst = Array.from(new Set(small)).slice(0, 10);
  return JSON.stringify({viewport, scroll: root.scrollWidth, height: root.scrollHeight, past,
                         small: worst, smallCount: small.length, smallest, svgTexts, cells, tables, hidden});
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
          f"and {figures['height']} px high, screenshot {len(png)} bytes; {figures['svgTexts']} chart texts and "
          f"{figures['cells']} cells of {figures['tables']} tables shown, the smallest at {figures['smallest']:.1f} px")
    failed = []
    if spoken:
        failed.append("the page wrote to the console: " + json.dumps(spoken)[:600])
    if figures["viewport"] != width:
        failed.append(f"asked for a {width} px viewport, got {figures['viewport']} px")
    if figures["scroll"] > figures["viewport"]:
        failed.append(f"it scrolls sideways (scroll width {figures['scroll']} > viewport {figures['viewport']}); "
                      "past the edge:\n  " + "\n  ".join(figures["past"]))
    if figures["small"]:
        failed.append(f"{figures['smallCount']} texts are drawn smaller than 11 px, e.g.:\n  " +
                      "\n  ".join(figures["small"]))
    if figures["hidden"]:
        failed.append("table columns are hidden:\n  " + "\n  ".join(figures["hidden"][:10]))
    if figures["svgTexts"] == 0 or figures["tables"] == 0:
        failed.append("no chart text or no table was measured: is the page complete?")
    if blank(png):
        failed.append("the screenshot is blank")
    if failed:
        sys.exit(f"browser check failed: {name}: " + "; ".join(failed))


if __name__ == "__main__":
    main()
