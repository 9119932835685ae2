#!/usr/bin/env bash
# Renders a tfz HTML partner report in headless Chromium and checks what a reader would see.
#
#   scripts/check-report-html.sh [REPORT.html|-] [OUT.png]
#
# With no REPORT, or "-", it makes the sample report itself: copies the sample workspace (tfz.yaml, Campaigns/, Creative/)
# to a temporary folder and runs the built tfz there through
#   launch --all --yes → sandbox advance --days 91 → pull → report --format html
# with the embedded sandbox's clock starting on $TFZ_SANDBOX_TODAY (default 2027-01-01, the sample's flight start,
# so the report shows 13 weeks of delivery whatever today's date is).
#
# Checks, each printed as it passes:
#   1. Chromium exits 0 on --dump-dom, and the DOM has at least $MIN_SVG (4) inline <svg> charts,
#      the demand-trend headline ("Searches for buyer terms …") and no <script>;
#   2. Chromium exits 0 on --screenshot and writes OUT.png (default: report.png in the current folder);
#   3. the PNG is not blank: larger than 30 KB and, decoded (with zlib; Pillow is not needed), it has more than
#      $MIN_COLOURS (50) distinct colours and more than 2 % of its pixels differ from the top-left background pixel.
# The screenshot is the full page up to $MAX_HEIGHT px (default 2400): a tall first shot finds where the page ends.
#
# Environment: CHROMIUM (default: chromium, chromium-browser or google-chrome on PATH), TFZ_BINARY (default: the
# newest .build*/{release,debug}/tfz, else `swift run tfz`), WIDTH (default 1100), MAX_HEIGHT (default 2400).
# Exit status: 0 all checks passed, 1 a check failed, 2 usage error or a missing tool.
set -euo pipefail

usage() { sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
case "${1:-}" in -h|--help) usage ;; esac
[ $# -le 2 ] || usage

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WIDTH="${WIDTH:-1100}"
MAX_HEIGHT="${MAX_HEIGHT:-2400}"
MIN_SVG=4
MIN_COLOURS=50
HEADLINE='class="headline">Searches for buyer terms'

fail() { echo "✗ $*" >&2; exit 1; }
ok() { echo "✓ $*"; }

# --- Chromium ----------------------------------------------------------------------------------------------------
CHROMIUM="${CHROMIUM:-}"
if [ -z "$CHROMIUM" ]; then
    for candidate in chromium chromium-browser google-chrome google-chrome-stable; do
        if command -v "$candidate" >/dev/null 2>&1; then CHROMIUM="$(command -v "$candidate")"; break; fi
    done
fi
if [ -z "$CHROMIUM" ] || ! command -v "$CHROMIUM" >/dev/null 2>&1; then
    echo "check-report-html: Chromium is not installed. On Debian or Ubuntu: sudo apt-get install chromium" >&2
    echo "  (or set CHROMIUM=/path/to/chrome)" >&2
    exit 2
fi
command -v python3 >/dev/null 2>&1 || { echo "check-report-html: python3 is needed to read the screenshot" >&2; exit 2; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/tfz-check-report.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# Chromium as root needs --no-sandbox; its profile goes to the temporary folder so that runs never share one.
chrome() {
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --no-default-browser-check \
        --disable-extensions --mute-audio --user-data-dir="$WORK/profile" --force-device-scale-factor=1 "$@"
}

# --- The report --------------------------------------------------------------------------------------------------
REPORT="${1:-}"
[ "$REPORT" != "-" ] || REPORT=""
if [ -z "$REPORT" ]; then
    TFZ="${TFZ_BINARY:-}"
    if [ -z "$TFZ" ]; then
        TFZ="$(ls -t "$ROOT"/.build*/release/tfz "$ROOT"/.build*/debug/tfz 2>/dev/null | head -n 1 || true)"
    fi
    if [ -z "$TFZ" ]; then
        echo "No built tfz found; running swift build --product tfz (this takes a while)…"
        (cd "$ROOT" && swift build --product tfz)
        TFZ="$(cd "$ROOT" && swift build --product tfz --show-bin-path)/tfz"
    fi
    [ -x "$TFZ" ] || { echo "check-report-html: $TFZ is not an executable" >&2; exit 2; }
    echo "Making the sample report with $TFZ"
    SAMPLE="$WORK/workspace"
    mkdir -p "$SAMPLE"
    cp -R "$ROOT/tfz.yaml" "$ROOT/Campaigns" "$ROOT/Creative" "$SAMPLE/"
    export NO_COLOR=1 TFZ_SANDBOX_TODAY="${TFZ_SANDBOX_TODAY:-2027-01-01}"
    run() {
        local out
        if ! out="$("$TFZ" "$@" -C "$SAMPLE" 2>&1)"; then echo "$out" >&2; fail "tfz $* failed"; fi
        echo "$out" | sed 's/^/    /'
    }
    run launch --all --yes >/dev/null
    ok "tfz launch --all --yes"
    run sandbox advance --days 91
    run pull --since 2027-01-01   # the first pull would read 90 days back from the clock, missing 1-2 Jan
    REPORT="$SAMPLE/report.html"
    run report --format html -o "$REPORT"
fi
[ -f "$REPORT" ] || { echo "check-report-html: no such file: $REPORT" >&2; exit 2; }
REPORT="$(cd "$(dirname "$REPORT")" && pwd)/$(basename "$REPORT")"
OUT="${2:-report.png}"
echo "Checking $REPORT"

# --- 1. The DOM --------------------------------------------------------------------------------------------------
DOM="$WORK/dom.html"
if ! chrome --dump-dom "file://$REPORT" >"$DOM" 2>"$WORK/chrome-dom.log"; then
    tail -n 20 "$WORK/chrome-dom.log" >&2
    fail "chromium --dump-dom exited with status $?"
fi
ok "chromium --dump-dom exited 0 ($(wc -c <"$DOM") bytes of DOM)"
SVGS="$(grep -o '<svg' "$DOM" | wc -l | tr -d ' ')"
[ "$SVGS" -ge "$MIN_SVG" ] || fail "the DOM has $SVGS <svg> charts; expected at least $MIN_SVG"
ok "$SVGS inline <svg> charts (at least $MIN_SVG)"
grep -q "$HEADLINE" "$DOM" || fail "the DOM has no demand-trend headline ($HEADLINE)"
ok "demand headline: $(grep -o "$HEADLINE[^<]*" "$DOM" | head -n 1 | sed 's/^class="headline">//')"
if grep -qi '<script' "$DOM"; then fail "the report contains a <script>"; fi
ok "no <script>"

# --- 2. The screenshot -------------------------------------------------------------------------------------------
# A first shot, taller than the page can be at MAX_HEIGHT, finds where the page ends; the second is cut there.
shoot() { # height file
    rm -f "$2"
    if ! chrome --window-size="$WIDTH,$1" --screenshot="$2" "file://$REPORT" >"$WORK/chrome-shot.log" 2>&1; then
        tail -n 20 "$WORK/chrome-shot.log" >&2
        fail "chromium --screenshot exited with an error"
    fi
    [ -s "$2" ] || fail "chromium wrote no screenshot to $2"
}

# Reads a PNG with zlib alone and prints: width height distinct-colours share-differing-from-background content-height.
# content-height is the last row that differs from the background (the colour at the bottom-left corner), plus 24 px.
PNG_STATS='
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, width = 8, b"", 0
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    chunk = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
        assert depth == 8 and colour in (2, 6) and interlace == 0, "expected 8-bit RGB or RGBA, not interlaced"
        bpp = 3 if colour == 2 else 4
    elif kind == b"IDAT":
        idat += chunk
    pos += 12 + length
raw = zlib.decompress(idat)
stride = width * bpp
prev = bytearray(stride)
rows = []
for y in range(height):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    if f == 1:
        for i in range(bpp, stride): line[i] = (line[i] + line[i - bpp]) & 255
    elif f == 2:
        line = bytearray((a + b) & 255 for a, b in zip(line, prev))
    elif f == 3:
        for i in range(stride): line[i] = (line[i] + ((line[i - bpp] if i >= bpp else 0) + prev[i]) // 2) & 255
    elif f == 4:
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    rows.append(bytes(line))
    prev = line
background = rows[-1][:bpp]
blank_row = background * width
colours, differing, last = set(), 0, 0
for y, row in enumerate(rows):
    if row == blank_row: continue
    last = y
    for x in range(0, stride, bpp):
        px = row[x:x + bpp]
        if px != background:
            differing += 1
            colours.add(px)
print(width, height, len(colours) + 1, "%.4f" % (differing / (width * height)), min(height, last + 1 + 24))
'

PROBE="$WORK/probe.png"
PROBE_HEIGHT=$((MAX_HEIGHT + 400))
shoot "$PROBE_HEIGHT" "$PROBE"
read -r _ _ _ _ CONTENT <<<"$(python3 -c "$PNG_STATS" "$PROBE")"
HEIGHT=$CONTENT
if [ "$CONTENT" -ge "$PROBE_HEIGHT" ] || [ "$CONTENT" -gt "$MAX_HEIGHT" ]; then
    HEIGHT=$MAX_HEIGHT
    echo "  the page is taller than $MAX_HEIGHT px: the screenshot shows its top $MAX_HEIGHT px (MAX_HEIGHT=… for more)"
fi
mkdir -p "$(dirname "$OUT")"
shoot "$HEIGHT" "$OUT"
ok "chromium --screenshot exited 0: $OUT (${WIDTH}×${HEIGHT})"

# --- 3. Not blank ------------------------------------------------------------------------------------------------
BYTES="$(wc -c <"$OUT" | tr -d ' ')"
[ "$BYTES" -gt 30000 ] || fail "the screenshot is only $BYTES bytes: blank or nearly"
read -r W H COLOURS SHARE _ <<<"$(python3 -c "$PNG_STATS" "$OUT")"
[ "$W" -eq "$WIDTH" ] || fail "the screenshot is $W px wide, not $WIDTH"
[ "$COLOURS" -gt "$MIN_COLOURS" ] || fail "the screenshot has only $COLOURS distinct colours: blank or nearly"
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > 0.02 else 1)" "$SHARE" \
    || fail "only $SHARE of the screenshot's pixels differ from the background"
ok "screenshot is not blank: $W×$H px, $BYTES bytes, $COLOURS distinct colours, $(python3 -c "print('%.1f' % (float('$SHARE') * 100))") % of pixels differ from the background"
echo "All checks passed."
