#!/usr/bin/env bash
# Opens report.html of the shipped Luodian plan in headless Chromium (Debian's
# package): the page must load without console errors, and its screenshot
# must not be blank. Run from .ci/run after the release build; skipped, with
# the reason, when no Chromium can be installed.
set -euo pipefail
cd "$(dirname "$0")/../.."

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    if ! (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1; then
        echo "browser check skipped: chromium could not be installed with apt-get"
        exit 0
    fi
    browser=$(command -v chromium)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
./target/release/agrimatch plan scenarios/guiyang-luodian --baseline --quiet --out "$work/plan"
# Flags as the machine notes advise: no network of its own, a fresh profile.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --enable-logging=stderr --v=0 \
    --window-size=1100,1500 --screenshot="$work/report.png" "file://$work/plan/report.html" \
    2> "$work/browser.log" || { cat "$work/browser.log"; echo "browser check failed: chromium did not finish"; exit 1; }

if grep -E "CONSOLE|Uncaught" "$work/browser.log" | grep -v -i "dbus" ; then
    echo "browser check failed: the page wrote to the console (above)"
    exit 1
fi
python3 - "$work/report.png" <<'PY'
import struct, sys, zlib
# A PNG's pixels, without any imaging library: decompress the IDAT chunks and
# count distinct byte values per row; a blank page has a single colour.
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width = 8, b"", 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width = struct.unpack(">I", body[:4])[0]
    if kind == b"IDAT":
        idat += body
    pos += 12 + length
pixels = zlib.decompress(idat)
distinct = len(set(pixels[: 4 * width * 600]))
print(f"browser check: screenshot {len(data)} bytes, {distinct} distinct byte values in the top rows")
if distinct < 20:
    sys.exit("browser check failed: the screenshot is blank")
PY
echo "browser check: report.html loads without console errors and renders"
