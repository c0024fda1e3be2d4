"""Prints a page to PDF in headless Chromium (A4, Page.printToPDF over the
DevTools pipe that measure.py drives) and reads the PDF back with poppler's
`pdftotext -bbox` (the words and where they are on each page):

    python3 print_check.py CHROMIUM PAGE.html OUT.pdf SCENARIO MAX_PAGES

It fails (exit 1, with the reason) when
- in print, an element still scrolls inside itself (a printed scrollbar, a
  cut table), laid out at A4's width;
- a table is cut: its column headers are not all found in the PDF, left to
  right on one line of one page, inside the page's margins;
- a section heading ends its page (nothing of its section below it there);
- page 1 is half empty: its text ends above 60% of the page's height;
- a page lacks the running header (the scenario's name) or its number
  (`page N of M`, or 第 N 页，共 M 页 with a last argument zh-CN);
- there are more than MAX_PAGES pages.
"""
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
from html import unescape

from measure import Browser

# A4 in inches, for Page.printToPDF; the page's own @page rule says A4 too.
A4 = (8.27, 11.69)
MM = 72 / 25.4  # PDF points per mm
# The @page margins of report.html (html.rs, page_rule): 16 mm top, 14 mm
# bottom, 12 mm at the sides. Words in them are the running header and
# the page numbers; a column header there has been pushed off the page.
TOP, BOTTOM, SIDE = 16 * MM, 14 * MM, 12 * MM

PAGE_FACTS = """(() => {
  const scrolling = [];
  for (const e of document.querySelectorAll('*')) {
    const s = getComputedStyle(e);
    if (['auto', 'scroll'].includes(s.overflowX) && e.scrollWidth > e.clientWidth + 1) {
      scrolling.push(e.tagName.toLowerCase() + ' "' + (e.textContent || '').trim().slice(0, 50) + '"');
    }
  }
  const tables = Array.from(document.querySelectorAll('table')).map(t =>
    Array.from(t.querySelectorAll('thead th')).map(h => h.textContent.trim()).filter(h => h));
  const headings = Array.from(document.querySelectorAll('h2')).map(h => h.textContent.trim());
  return JSON.stringify({scrolling, tables, headings});
})()"""


def words_of(pdf):
    """Per page: (width, height, [(text, xmin, ymin, xmax, ymax)]) from pdftotext -bbox."""
    out = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True, text=True).stdout
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', out, re.S):
        words = [(unescape(m.group(5)), *map(float, m.group(1, 2, 3, 4)))
                 for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                                      r'(.*?)</word>', page.group(3))]
        pages.append((float(page.group(1)), float(page.group(2)), words))
    return pages


def content(page):
    """The words of a page between its top and bottom margins."""
    _, height, words = page
    # By the middle of a word's box: pdftotext's boxes reach from the
    # font's ascent to its descent, well above and below the letters.
    return [w for w in words if TOP <= (w[2] + w[4]) / 2 <= height - BOTTOM]


def place(words, text, after_x, line_y, spread=160):
    """Where `text` (one or more words, maybe wrapped over lines in its cell)
    is on a line near `line_y` (None: anywhere), starting right of `after_x`:
    the first word's (xmin, ymid) and the box of all its words, or None.
    Its words stand within `spread` points of the first across (a table
    cell's width; a heading's line)."""
    parts = text.split()
    for first in words:
        if first[0] != parts[0] or first[1] <= after_x:
            continue
        y = (first[2] + first[4]) / 2
        if line_y is not None and abs(y - line_y) > 20:
            continue
        box = [first]
        for part in parts[1:]:
            near = [w for w in words if w[0] == part and abs((w[2] + w[4]) / 2 - y) <= 26
                    and abs(w[1] - first[1]) <= spread]
            if not near:
                break
            box.append(min(near, key=lambda w: abs(w[1] - first[1]) + abs(w[2] - first[2])))
        else:
            return first[1], y, box
    return None


def find_table(pages, headers):
    """(page number, boxes) of a line on which all `headers` stand left to right, or None."""
    for number, page in enumerate(pages, 1):
        words = page[2]
        for start in words:
            if start[0] != headers[0].split()[0]:
                continue
            x, y, boxes = -1.0, (start[2] + start[4]) / 2, []
            for header in headers:
                found = place(words, header, x, y)
                if found is None:
                    break
                x, _, box = found
                boxes.extend(box)
            else:
                return number, boxes
    return None


def main():
    chromium, page, pdf, scenario, max_pages = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    # The page's language (`en` or `zh-CN`): how its page numbers read.
    lang = sys.argv[6] if len(sys.argv) > 6 else "en"
    name = f"{os.path.basename(os.path.dirname(page))}/{os.path.basename(page)} in print"
    with tempfile.TemporaryDirectory() as profile:
        browser = Browser(chromium, profile)
        try:
            target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            browser.send("Page.enable", session=session)
            # A4 less the side margins, at 96 px per inch: the width print lays out in.
            width = round((210 - 24) / 25.4 * 96)
            browser.send("Emulation.setDeviceMetricsOverride",
                         {"width": width, "height": 1000, "deviceScaleFactor": 1, "mobile": False}, session=session)
            browser.send("Emulation.setEmulatedMedia", {"media": "print"}, session=session)
            browser.send("Page.navigate", {"url": "file://" + os.path.abspath(page)}, session=session)
            browser.wait_for("Page.loadEventFired")
            facts = json.loads(browser.send("Runtime.evaluate", {"expression": PAGE_FACTS, "returnByValue": True},
                                            session=session)["result"]["value"])
            printed = browser.send("Page.printToPDF", {
                "paperWidth": A4[0], "paperHeight": A4[1], "preferCSSPageSize": True,
                "printBackground": True, "displayHeaderFooter": False}, session=session)
            open(pdf, "wb").write(base64.b64decode(printed["data"]))
        finally:
            browser.close()
    pages = words_of(pdf)
    failed = []
    if facts["scrolling"]:
        failed.append("in print these still scroll inside themselves: " + "; ".join(facts["scrolling"][:5]))
    if not pages:
        failed.append("the PDF has no pages")
    if len(pages) > max_pages:
        failed.append(f"{len(pages)} pages, more than {max_pages}")
    if not facts["tables"]:
        failed.append("no table found on the page")
    for headers in facts["tables"]:
        found = find_table(pages, headers)
        if found is None:
            failed.append(f"table {headers}: its column headers are not all on one line of the PDF")
            continue
        number, boxes = found
        page_width = pages[number - 1][0]
        out = [w[0] for w in boxes if w[1] < SIDE - 2 or w[3] > page_width - SIDE + 2]
        if out:
            failed.append(f"table {headers}: on page {number}, {out} stand in the margin, cut off the page")
    for heading in facts["headings"]:
        for number, page in enumerate(pages, 1):
            words = content(page)
            found = place(words, heading, -1.0, None, spread=page[0])
            if found is None:
                continue
            _, y, _ = found
            if not any((w[2] + w[4]) / 2 > y + 14 for w in words):
                failed.append(f"heading {heading!r} ends page {number}: its section starts on the next")
            break
        else:
            failed.append(f"heading {heading!r} not found in the PDF")
    if pages:
        width, height, _ = pages[0]
        lowest = max((w[4] for w in content(pages[0])), default=0)
        if lowest < 0.6 * height:
            failed.append(f"page 1 is half empty: its text ends {lowest / MM:.0f} mm down a {height / MM:.0f} mm page")
    for number, page in enumerate(pages, 1):
        text = " ".join(w[0] for w in page[2])
        # Chinese: 第 N 页，共 M 页 (pdftotext splits CJK text at its own places).
        numbered = (f"page {number} of {len(pages)}" in text if lang == "en"
                    else f"第{number}页，共{len(pages)}页" in text.replace(" ", ""))
        if not numbered:
            failed.append(f"page {number} has no page number '{number} of {len(pages)}' ({lang})")
        if scenario not in text:
            failed.append(f"page {number} has no running header with {scenario!r}")
    print(f"print check: {name}: {len(pages)} A4 pages (at most {max_pages}), "
          f"{len(facts['tables'])} tables and {len(facts['headings'])} headings looked for")
    if failed:
        sys.exit(f"print check failed: {name}:\n  " + "\n  ".join(failed[:20]))


if __name__ == "__main__":
    main()
