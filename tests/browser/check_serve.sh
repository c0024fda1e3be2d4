#!/usr/bin/env bash
# The planner's desk (`agrimatch serve`) in headless Chromium (Debian's
# package, driven over the DevTools protocol by tests/browser/serve_check.py):
# at a phone's width (390 px) and a wide screen's (1400 px), open the page,
# lower a harvest, and see the new cost appear beside the base. Then the
# bounded load test (tests/browser/serve_load.py): 8 clients, 400 what-ifs on
# the Luodian year over loopback, every answer equal to `plan --changes`.
# Run from .ci/run after check_report.sh (which installs Chromium). Outside
# CI it is skipped, with the reason, when Chromium is missing; in CI
# (CI=true) that fails the run.
set -euo pipefail
cd "$(dirname "$0")/../.."

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    if [ "${CI:-}" = "true" ]; then
        echo "desk check failed: chromium is missing, and CI=true requires it"
        exit 1
    fi
    echo "desk check skipped: chromium is missing"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for width in 390 1400; do
    timeout 300 python3 tests/browser/serve_check.py "$browser" ./target/release/agrimatch \
        scenarios/guiyang-luodian "$width" "$work/desk-$width.png"
done
timeout 600 python3 tests/browser/serve_load.py ./target/release/agrimatch scenarios/guiyang-luodian 8 400
