#!/usr/bin/env bash
# Opens report.html of the shipped Luodian plan, and the page of its Monday
# routine (`agrimatch week`), in headless Chromium (Debian's package) at a
# phone's width (390 px) and a wide screen's (1400 px). At each width the
# page must load without console errors, its screenshot must not be blank,
# and it must not scroll sideways: the document's scroll width may not
# exceed the viewport's (tests/browser/measure.py). Run from
# .ci/run after the release build. Outside CI it is skipped, with the
# reason, when no Chromium can be installed; in CI (CI=true) that fails the
# run, so a green CI always means the pages were looked at.
set -euo pipefail
cd "$(dirname "$0")/../.."

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    if ! (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1; then
        if [ "${CI:-}" = "true" ]; then
            echo "browser check failed: chromium could not be installed with apt-get, and CI=true requires it"
            exit 1
        fi
        echo "browser check skipped: chromium could not be installed with apt-get"
        exit 0
    fi
    browser=$(command -v chromium)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./target/release/agrimatch plan scenarios/guiyang-luodian --baseline --marginal-values --quiet --out "$work/plan"
./target/release/agrimatch week scenarios/guiyang-luodian --from 46 --out "$work/week" >/dev/null

# tests/browser/measure.py drives Chromium over the DevTools protocol on a
# pipe (no port): a fresh profile, no network of its own.
for page in plan week; do
    for width in 390 1400; do
        timeout 180 python3 tests/browser/measure.py "$browser" "$work/$page/report.html" "$width" \
            "$work/$page-$width.png"
    done
done
echo "browser check: report.html loads without console errors, renders, and fits 390 and 1400 px"
