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
one fails too. Then, on a scenario with support.csv: a support budget and a
fairness level through their forms (the rows they write, and a plan); and
with a stock.csv, the Monday routine with a count typed into the page's
table: the dispatch list must appear, its CSV and xlsx download (200, a zip
for the xlsx), and its page print to a PDF. Last, the page again, its
language link to Chinese followed: a what-if answered and the base report
shown in Chinese, no sideways scroll, and the link back. Bounded: every wait has a
limit, and the server is stopped.
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


SUPPORT_AND_FAIRNESS = """(() => {
  const $ = id => document.getElementById(id);
  $('clear').click();
  $('s-buyer').selectedIndex = 1; $('s-how').value = 'set'; $('s-value').value = '5000';
  $('s-add').click();
  $('f-how').value = 'level'; $('f-how').dispatchEvent(new Event('change')); $('f-points').value = '5';
  $('f-add').click();
  const rows = $('changes').value;
  $('run').click();
  return rows;
})()"""

# Types one stock row (the scenario's first) into the Monday table and plans the week.
TYPE_COUNTS = """((cells, week) => {
  const $ = id => document.getElementById(id);
  $('m-typed').open = true;
  const inputs = $('m-stock-rows').querySelectorAll('tbody tr')[0].querySelectorAll('input');
  cells.forEach((c, i) => { inputs[i].value = c; });
  $('m-week').value = week;
  $('m-run').click();
  return inputs.length;
})"""

MONDAY_RESULT = """(async () => {
  const status = document.getElementById('m-status');
  const links = Array.from(document.querySelectorAll('#m-result a')).map(a => a.href);
  const rows = document.querySelectorAll('#m-result tbody tr').length;
  const files = [];
  for (const link of links) {
    const r = await fetch(link);
    const bytes = new Uint8Array(await r.arrayBuffer());
    files.push({link, status: r.status, size: bytes.length, zip: bytes[0] === 0x50 && bytes[1] === 0x4b,
                type: r.headers.get('content-type')});
  }
  return JSON.stringify({state: status.className, text: status.textContent, rows, files});
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


def check_support_and_fairness(browser, session):
    """The two forms write their rows, and the what-if plans."""
    rows = evaluate(browser, session, SUPPORT_AND_FAIRNESS)
    wait_until(browser, session, "['done','error'].includes(document.getElementById('status').className)",
               120, "the support and fairness what-if's answer")
    state = evaluate(browser, session, "document.getElementById('status').className + ': ' + "
                                       "document.getElementById('status').textContent")
    lines = rows.strip().split("\n")
    wanted = [lambda l: l.startswith("support,buyer=") and l.endswith(",budget,set,5000"),
              lambda l: l == "settings,-,fair_shortfall,set,0.05"]
    if len(lines) != 3 or not all(w(l) for w, l in zip(wanted, lines[1:])):
        return f"the support and fairness forms wrote {rows!r}"
    if not state.startswith("done"):
        return f"the support and fairness what-if ended with {state}"
    return None


def check_monday(browser, session, stock):
    """A count typed into the table, the week planned, its files fetched, its page printed."""
    failures = []
    header, first = open(stock, encoding="utf-8-sig").read().split("\n")[:2]
    cells = dict(zip(header.split(","), first.split(",")))
    typed = [cells["location"], cells["product"], cells["age_days"], cells["quantity_kg"]]
    evaluate(browser, session, f"{TYPE_COUNTS}({json.dumps(typed)}, '46')")
    wait_until(browser, session, "['done','error'].includes(document.getElementById('m-status').className)",
               120, "the Monday plan")
    reply = browser.send("Runtime.evaluate", {"expression": MONDAY_RESULT, "returnByValue": True,
                                              "awaitPromise": True}, session=session)
    monday = json.loads(reply["result"]["value"])
    if monday["state"] != "done" or monday["rows"] < 1:
        return [f"the Monday plan with a typed count ended with {monday['state']!r}: {monday['text']}, "
                f"{monday['rows']} dispatch rows"]
    kinds = {f["link"].rsplit("file=", 1)[-1]: f for f in monday["files"]}
    for name in ["dispatch.csv", "plan.xlsx", "report.html"]:
        f = kinds.get(name)
        if f is None or f["status"] != 200 or f["size"] < 100:
            failures.append(f"the week's {name}: {f}")
    if not kinds.get("plan.xlsx", {}).get("zip"):
        failures.append("the week's plan.xlsx is no zip")
    report = next((f["link"] for f in monday["files"] if f["link"].endswith("report.html")), None)
    if report:
        browser.send("Page.navigate", {"url": report}, session=session)
        browser.wait_for("Page.loadEventFired")
        pdf = base64.b64decode(browser.send("Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69},
                                            session=session)["data"])
        if not pdf.startswith(b"%PDF") or len(pdf) < 10000:
            failures.append(f"the week's page printed to {len(pdf)} bytes")
        else:
            print(f"browser check: Monday with a typed count: {monday['rows']} dispatch rows, "
                  f"CSV {kinds['dispatch.csv']['size']} bytes, xlsx {kinds['plan.xlsx']['size']} bytes, "
                  f"printed {len(pdf)} bytes of PDF")
    return failures


# The page after its language link was followed: its language, whether the
# what-if's answer and the base report's frame speak Chinese, sideways scroll.
IN_CHINESE = """(() => {
  const root = document.documentElement;
  const frame = document.getElementById('report').contentDocument;
  const cjk = t => /[\\u4e00-\\u9fff]/.test(t || '');
  return JSON.stringify({lang: root.lang, state: document.getElementById('status').className,
    text: document.getElementById('status').textContent,
    answer: cjk(document.getElementById('status').textContent),
    report: frame ? frame.documentElement.lang : null,
    viewport: root.clientWidth, scroll: root.scrollWidth});
})()"""


def check_other_language(browser, session, url):
    """Opens the desk again, follows its link to Chinese (the server speaks
    English), plans a what-if there, and expects the page, its answer and the
    base report in Chinese; then the link back to English."""
    browser.send("Page.navigate", {"url": url}, session=session)
    browser.wait_for("Page.loadEventFired")
    wait_until(browser, session, "document.documentElement.lang === 'en' && "
               "document.getElementById('l-capacity-label').hidden === true", 30, "the desk again")
    evaluate(browser, session, "document.querySelector('nav a.lang').click()")
    browser.wait_for("Page.loadEventFired")
    wait_until(browser, session, "document.documentElement.lang === 'zh-CN' && "
               "document.getElementById('l-capacity-label').hidden === true", 30, "the Chinese page's script")
    wait_until(browser, session, "(() => { const d = document.getElementById('report').contentDocument; "
               "return d && d.documentElement.lang === 'zh-CN'; })()", 60, "the Chinese base report")
    evaluate(browser, session, LOWER_A_HARVEST)
    wait_until(browser, session, "['done','error'].includes(document.getElementById('status').className)",
               120, "the Chinese what-if's answer")
    seen = json.loads(evaluate(browser, session, IN_CHINESE))
    failures = []
    if seen["state"] != "done" or not seen["answer"]:
        failures.append(f"the what-if in Chinese: {seen['state']!r}, {seen['text']!r}")
    if seen["report"] != "zh-CN":
        failures.append(f"the base report's frame is in {seen['report']!r} after choosing Chinese")
    if seen["scroll"] > seen["viewport"] + 1:
        failures.append(f"the Chinese page scrolls sideways: {seen['scroll']} px in {seen['viewport']} px")
    evaluate(browser, session, "document.querySelector('nav a.lang').click()")
    browser.wait_for("Page.loadEventFired")
    wait_until(browser, session, "document.documentElement.lang === 'en'", 30, "the page back in English")
    return failures


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
            if os.path.isfile(os.path.join(scenario, "support.csv")):
                extra = check_support_and_fairness(browser, session)
                if extra:
                    failures.append(extra)
            stock = os.path.join(scenario, "stock.csv")
            if os.path.isfile(stock):
                failures.extend(check_monday(browser, session, stock))
            failures.extend(check_other_language(browser, session, url))
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
    print(f"browser check: {name}: lowered {lowered} by 30%, then a support budget and a fairness level, "
          f"then the same in Chinese through the page's language link: "
          f"{result['text']}; "
          f"cost {cells[1]} -> {cells[2]} ({cells[3]}); no console messages, no sideways scroll, "
          f"screenshot {len(png)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
