"""The planner's desk in a real browser: headless Chromium over the DevTools
protocol on a pipe (as measure.py drives it), standard library only:

    python3 tests/browser/serve_check.py CHROMIUM AGRIMATCH SCENARIO WIDTH SCREENSHOT.png

Starts `AGRIMATCH serve SCENARIO --listen 127.0.0.1:0` (workspace in a
temporary folder), opens the printed link at WIDTH css px, lowers a harvest
through the what-if form (the first farm's first product, by 30%), plans it,
and fails (exit 1, with the reason) unless the new cost appears beside the
base cost and differs from it, the what-if is listed in the session, the
page wrote nothing to the console (a Content-Security-Policy violation
would), and the page does not scroll sideways. Saves a screenshot; a blank
one fails too. Bounded: every wait has a limit, and the server is stopped.
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from measure import Browser, blank  # noqa: E402

LOWER_A_HARVEST = """(() => {
  const $ = id => document.getElementById(id);
  const pick = (id, i) => { const s = $(id); s.selectedIndex = i; return s.value; };
  const farm = pick('h-farm', 1), product = pick('h-product', 1);
  $('h-percent').value = '-30';
  $('h-add').click();
  $('run').click();
  return farm + ' / ' + product;
})()"""

RESULT = """(() => {
  const status = document.getElementById('status');
  const rows = Array.from(document.querySelectorAll('#compare table'))[0];
  const first = rows ? rows.querySelector('tbody tr') : null;
  const cells = first ? Array.from(first.children).map(td => td.textContent) : [];
  const root = document.documentElement;
  return JSON.stringify({state: status.className, text: status.textContent, cells,
    changed: first ? first.classList.contains('changed') : false,
    session: document.querySelectorAll('#session-list li').length,
    resultShown: !document.getElementById('result').hidden,
    viewport: root.clientWidth, scroll: root.scrollWidth,
    frame: document.getElementById('report').getBoundingClientRect().height});
})()"""


def evaluate(browser, session, expression):
    reply = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True}, session=session)
    return reply["result"].get("value")


def wait_until(browser, session, expression, seconds, what):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if evaluate(browser, session, expression):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what}: not within {seconds} s")


def main():
    chromium, agrimatch, scenario, width, screenshot = sys.argv[1:6]
    width = int(width)
    work = tempfile.mkdtemp()
    server = subprocess.Popen([agrimatch, "serve", scenario, "--listen", "127.0.0.1:0",
                               "--workspace", os.path.join(work, "desk")], stdout=subprocess.PIPE)
    failures = []
    try:
        line = server.stdout.readline().decode()
        url = re.search(r"http://\S+", line).group(0)
        profile = os.path.join(work, "profile")
        browser = Browser(chromium, profile)
        try:
            target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            for domain in ["Page", "Runtime", "Log"]:
                browser.send(f"{domain}.enable", session=session)
            browser.send("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": 1200, "deviceScaleFactor": 1, "mobile": False},
                         session=session)
            browser.send("Page.navigate", {"url": url}, session=session)
            browser.wait_for("Page.loadEventFired")
            # The script is wired once its texts are in (the lane form hides its capacity field).
            wait_until(browser, session, "document.getElementById('l-capacity-label').hidden === true", 30,
                       "the page's script")
            lowered = evaluate(browser, session, LOWER_A_HARVEST)
            wait_until(browser, session, "['done','error'].includes(document.getElementById('status').className)",
                       120, "the what-if's answer")
            time.sleep(0.3)
            result = json.loads(evaluate(browser, session, RESULT))
            png = base64.b64decode(browser.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": False},
                                                session=session)["data"])
            open(screenshot, "wb").write(png)
        finally:
            browser.close()
    finally:
        server.kill()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)
    spoken = [e for e in browser.events
              if e.get("method") in ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded")]
    name = f"the desk at {width} px"
    if result["state"] != "done":
        failures.append(f"the what-if ({lowered}) ended with {result['state']!r}: {result['text']}")
    cells = result["cells"]
    if len(cells) < 3 or not cells[1].strip() or not cells[2].strip() or cells[1] == cells[2] or not result["changed"]:
        failures.append(f"no new cost beside the base: first row {cells}, changed={result['changed']}")
    if not result["resultShown"] or result["session"] != 1:
        failures.append(f"the result is shown: {result['resultShown']}, what-ifs listed: {result['session']}")
    if result["scroll"] > result["viewport"] + 1:
        failures.append(f"the page scrolls sideways: {result['scroll']} px in a {result['viewport']} px viewport")
    if result["frame"] < 300:
        failures.append(f"the base plan's frame is {result['frame']} px high")
    for event in spoken[:5]:
        failures.append("console: " + json.dumps(event.get("params", {}))[:300])
    if blank(png):
        failures.append(f"blank screenshot ({len(png)} bytes)")
    if failures:
        print(f"browser check: {name}: FAILED")
        for f in failures:
            print("  " + f)
        return 1
    print(f"browser check: {name}: lowered {lowered} by 30%: {result['text']}; "
          f"cost {cells[1]} -> {cells[2]} ({cells[3]}); no console messages, no sideways scroll, "
          f"screenshot {len(png)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
