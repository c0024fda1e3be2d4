#!/usr/bin/env bash
# Opens report.html of the shipped Luodian plan, and the page of its Monday
# routine (`agrimatch week`), in headless Chromium (Debian's package).
# On screen, at a phone's width (390 px) and a wide screen's (1400 px)
# (tests/browser/measure.py): the page must load without console errors,
# its screenshot must not be blank, it must not scroll sideways (the
# document's scroll width may not exceed the viewport's), every visible
# chart text and table text must be drawn at 11 CSS px or more, and no
# table column may be hidden. In print (tests/browser/print_check.py): each
# page is printed to an A4 PDF and read back with pdftotext (Debian's
# poppler-utils); no table may be cut, no heading may end a page, page 1 may
# not be half empty, every page carries the scenario's name and "page N of
# M", and each report prints on at most 10 pages (6 and 7 when measured).
# Run from .ci/run after the release build. Outside CI it is skipped, with
# the reason, when Chromium or pdftotext cannot be installed; in CI
# (CI=true) that fails the run, so a green CI always means the pages were
# looked at.
set -euo pipefail
cd "$(dirname "$0")/../.."

missing() {
    if [ "${CI:-}" = "true" ]; then
        echo "browser check failed: $1 could not be installed with apt-get, and CI=true requires it"
        exit 1
    fi
    echo "browser check skipped: $1 could not be installed with apt-get"
    exit 0
}

# fonts-noto-cjk: a Chinese report (--lang zh-CN) renders its glyphs, not boxes.
has_cjk_font() { fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; }
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ] || ! command -v pdftotext >/dev/null || ! has_cjk_font; then
    if ! (apt-get update -qq && apt-get install -y -qq chromium poppler-utils fonts-noto-cjk) >/dev/null 2>&1; then
        [ -n "$browser" ] || missing chromium
        missing "pdftotext (poppler-utils)"
    fi
    browser=${browser:-$(command -v chromium)}
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The same pages in Chinese (zh-plan, zh-week): CJK text is twice as wide,
# breaks anywhere and numbers its printed pages 第 N 页，共 M 页.
for lang in en zh-CN; do
    prefix=$([ "$lang" = en ] && echo "" || echo "zh-")
    ./target/release/agrimatch plan scenarios/guiyang-luodian --baseline --marginal-values --quiet --lang "$lang" \
        --out "$work/${prefix}plan"
    ./target/release/agrimatch week scenarios/guiyang-luodian --from 46 --lang "$lang" --out "$work/${prefix}week" \
        >/dev/null
done

# Both scripts drive Chromium over the DevTools protocol on a pipe (no
# port): a fresh profile, no network of its own.
for page in plan week zh-plan zh-week; do
    lang=$(case $page in zh-*) echo zh-CN ;; *) echo en ;; esac)
    for width in 390 1400; do
        timeout 180 python3 tests/browser/measure.py "$browser" "$work/$page/report.html" "$width" \
            "$work/$page-$width.png"
    done
    timeout 180 python3 tests/browser/print_check.py "$browser" "$work/$page/report.html" "$work/$page.pdf" \
        guiyang-luodian 10 "$lang"
done
echo "browser check: report.html (English and Chinese) loads without console errors, renders, reads at 390 and 1400 px and prints on A4"
