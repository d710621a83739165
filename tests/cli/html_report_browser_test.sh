#!/usr/bin/env bash
# The HTML report of `fitplan plan --report` (or `fitplan rent --report`) in a real browser
# (headless Chromium): it renders to a non-blank screenshot, its charts and rows are in the DOM
# (one row per plan of the JSON output of the same command), and the console shows no error.
# Usage: html_report_browser_test.sh FITPLAN_BINARY SOURCE_DIR [plan|rent]   (default plan)
# Without Chromium the test fails (scripts/test.sh installs it), unless FITPLAN_SKIP_BROWSER_TEST=1:
# then it exits 77, which CMake reports as skipped.
set -euo pipefail
fitplan=$1
cd "$2"
mode=${3:-plan}
case $mode in
  plan | rent) ;;
  *)
    echo "usage: $0 FITPLAN_BINARY SOURCE_DIR [plan|rent]" >&2
    exit 2
    ;;
esac

if ! command -v chromium >/dev/null 2>&1; then
  if [ "${FITPLAN_SKIP_BROWSER_TEST:-0}" = 1 ]; then
    echo "skipped: no chromium, and FITPLAN_SKIP_BROWSER_TEST=1"
    exit 77
  fi
  echo "FAIL: chromium is not installed (scripts/setup.sh --with-browser installs it;" \
       "FITPLAN_SKIP_BROWSER_TEST=1 skips this test)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Headless Chromium, offline: the background-networking flags stop its own connections (refused
# on a closed network), and `timeout` stops a browser that does not exit.
browse() {
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$work/profile.XXXXXX")" "$@"
}

# The README's default job, with the report: `plan` on 8×A100-80GB, or `rent` over the offers.
# The JSON output's plans are the report's rows.
if [ "$mode" = plan ]; then
  command=(plan --cluster configs/clusters/8x-a100-80g.yaml --model llama-3.1-70b)
else
  command=(rent --model llama-3.1-70b)
fi
"$fitplan" "${command[@]}" --format json --report "$work/report.html" >"$work/plans.json" \
  2>"$work/plan.err" || fail "fitplan $mode: $(cat "$work/plan.err")"
if command -v jq >/dev/null 2>&1; then
  plans=$(jq '.plans | length' "$work/plans.json")
else  # the same ranking as Markdown: one line per plan under the header and its rule
  plans=$("$fitplan" "${command[@]}" --format markdown | grep -c '^| [0-9]' || true)
fi
[ "$plans" -ge 1 ] || fail "the default job ranked no plan"

# Self-contained: the only URL is the SVG namespace name, which browsers never fetch.
urls=$(grep -oE 'https?://[^"'"'"' )>]*' "$work/report.html" | grep -vx 'http://www.w3.org/2000/svg' || true)
[ -z "$urls" ] || fail "the report references the network: $urls"

# 1. Rendering: a PNG, and much larger than the screenshot of a blank page of the same size.
echo '<!DOCTYPE html><html><body></body></html>' >"$work/blank.html"
browse --screenshot="$work/report.png" --window-size=1280,2400 "file://$work/report.html" \
  >"$work/shot.log" 2>&1 || fail "chromium --screenshot: $(tail -5 "$work/shot.log")"
browse --screenshot="$work/blank.png" --window-size=1280,2400 "file://$work/blank.html" \
  >/dev/null 2>&1 || fail "chromium --screenshot of a blank page"
[ -s "$work/report.png" ] || fail "no screenshot"
[ "$(head -c 8 "$work/report.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] ||
  fail "the screenshot is not a PNG"
report_bytes=$(stat -c %s "$work/report.png")
blank_bytes=$(stat -c %s "$work/blank.png")
[ "$report_bytes" -gt $((3 * blank_bytes)) ] ||
  fail "the screenshot looks blank: $report_bytes bytes, a blank page $blank_bytes"

# 2. The DOM: the report plus an error collector (first in <head>) and a query (last in <body>)
# that writes what it found into <pre id="fitplan-test-result">, read back with --dump-dom.
grep -qx '<head>' "$work/report.html" && grep -qx '</body>' "$work/report.html" ||
  fail "the report has no <head> or </body> line"
collector='<script>window.fitplanErrors = []; window.addEventListener("error", function (e) { window.fitplanErrors.push(String(e.message)); });</script>'
query='<script>
(function () {
  var lines = [];
  function count(name, selector) { lines.push(name + "=" + document.querySelectorAll(selector).length); }
  count("memory_charts", "svg#memory-chart");
  count("cost_time_charts", "svg#cost-time-chart");
  count("plan_rows", "tr.plan");
  count("memory_segments", "#memory-chart rect.seg");
  count("pareto_points", "#cost-time-chart .pareto");
  count("ranked_points", "#cost-time-chart circle.plan");
  // Laid out as SVG (not unknown HTML): the bars and points have a geometry.
  function drawn(name, id) {
    var chart = document.getElementById(id);
    lines.push(name + "=" + (chart && chart.getBBox && chart.getBBox().width > 100 ? 1 : 0));
  }
  drawn("memory_chart_drawn", "memory-chart");
  drawn("cost_time_chart_drawn", "cost-time-chart");
  lines.push("errors=" + window.fitplanErrors.length);
  window.fitplanErrors.forEach(function (m) { lines.push("error: " + m); });
  var pre = document.createElement("pre");
  pre.id = "fitplan-test-result";
  pre.textContent = lines.join("\n");
  document.body.appendChild(pre);
})();
</script>'
while IFS= read -r line; do
  case $line in
    '<head>') printf '%s\n%s\n' "$line" "$collector" ;;
    '</body>') printf '%s\n%s\n' "$query" "$line" ;;
    *) printf '%s\n' "$line" ;;
  esac
done <"$work/report.html" >"$work/harness.html"
browse --enable-logging=stderr --v=0 --dump-dom "file://$work/harness.html" \
  >"$work/dom.html" 2>"$work/console.log" || fail "chromium --dump-dom: $(tail -5 "$work/console.log")"
result=$(sed -n '/<pre id="fitplan-test-result">/,/<\/pre>/p' "$work/dom.html" |
  sed -e 's/.*<pre id="fitplan-test-result">//' -e 's/<\/pre>.*//')
[ -n "$result" ] || fail "the query script did not run; DOM: $(head -c 500 "$work/dom.html")"
echo "$result"
value() { echo "$result" | sed -n "s/^$1=//p"; }

[ "$(value memory_charts)" = 1 ] || fail "expected one svg#memory-chart"
[ "$(value cost_time_charts)" = 1 ] || fail "expected one svg#cost-time-chart"
[ "$(value plan_rows)" = "$plans" ] ||
  fail "tr.plan rows: $(value plan_rows); plans in the JSON output: $plans"
[ "$(value memory_segments)" -ge "$plans" ] || fail "fewer memory bar segments than plans"
[ "$(value pareto_points)" -ge 1 ] || fail "no Pareto point in the cost-time chart"
[ "$(value ranked_points)" -gt "$plans" ] || fail "fewer cost-time rings than plans + the legend's"
[ "$(value memory_chart_drawn)" = 1 ] || fail "the memory chart has no geometry"
[ "$(value cost_time_chart_drawn)" = 1 ] || fail "the cost-time chart has no geometry"
[ "$(value errors)" = 0 ] || fail "script errors: $(value errors)"

# 3. The console: Chromium logs every console message and uncaught exception as a CONSOLE line;
# the page and the harness write none.
if grep -E 'CONSOLE|Uncaught' "$work/console.log"; then
  fail "the browser console shows the messages above"
fi
echo "PASS ($mode): $plans plans, screenshot $report_bytes bytes (blank page $blank_bytes)"
