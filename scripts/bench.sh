#!/usr/bin/env bash
# Whole-process benchmark of copydesk check (docs/performance.md).
#
# Usage: scripts/bench.sh [PAGES_DIR]   (default: ../shared/corpus/pages)
#
# Builds copydesk and the parse-only baseline (internal/cmd/parsebaseline)
# from this checkout and times, side by side in one run, with hyperfine:
#   1. parsebaseline -jobs 2 DIR            walk + read + html.Parse, 2 workers
#   2. parsebaseline -jobs 2 -mode tokenize walk + read + bare tokenizer
#   3. copydesk check --jobs 2 --format json DIR, with
#      testdata/bench/packs.copydesk.yml (default + jurisdiction packs, ru)
# then the peak RSS of each (GNU time), the html report against json,
# cost against input size (the pages copied 4 times), and one 100 MB
# article made of the pages' bodies (html.Parse of it vs copydesk check
# of it). Needs hyperfine and GNU time
# (apt-get install hyperfine time). Machines shared with other work give
# noisy times: the load average is printed before and after; compare the
# rows of one run, not runs.
set -euo pipefail
cd "$(dirname "$0")/.."

pages=${1:-../shared/corpus/pages}
runs=${RUNS:-10}
[ -d "$pages" ] || { echo "no pages directory $pages (give one as the argument)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time is needed (apt-get install time)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/copydesk" ./cmd/copydesk
go build -o "$tmp/parsebaseline" ./internal/cmd/parsebaseline
config=testdata/bench/packs.copydesk.yml
base="$tmp/parsebaseline -jobs 2 $pages"
tok="$tmp/parsebaseline -jobs 2 -mode tokenize $pages"
check="$tmp/copydesk check --config $config --jobs 2 --format json $pages"

echo "== load: $(uptime)"
echo "== $(find "$pages" -name '*.htm*' | wc -l) files, $(du -sh "$pages" | cut -f1) in $pages"
hyperfine -N -w 2 -r "$runs" -i --export-csv "$tmp/corpus.csv" "$base" "$tok" "$check"
bytes=$(find "$pages" -name '*.htm*' -type f -print0 | xargs -0 cat | wc -c)
files=$(find "$pages" -name '*.htm*' -type f | wc -l)
echo "== summary (mean wall time of the whole process; throughput relative to the parse-only baseline)"
awk -F, -v bytes="$bytes" -v files="$files" 'NR == 1 { next }
  { name = (NR == 2 ? "parse-only baseline (html.Parse)" : NR == 3 ? "bare tokenizer" : "copydesk check"); t[NR] = $2; n[NR] = name }
  END { printf "| %-34s | %8s | %8s | %9s | %8s |\n", "process (2 workers)", "time s", "MB/s", "files/s", "vs parse"
        for (i = 2; i <= 4; i++) printf "| %-34s | %8.3f | %8.1f | %9.0f | %7.2fx |\n", n[i], t[i], bytes / t[i] / 1e6, files / t[i], t[2] / t[i] }' "$tmp/corpus.csv"

echo "== peak RSS (GNU time, KB)"
for cmd in "$base" "$tok" "$check"; do
  /usr/bin/time -f "%M KB  %U s user  %e s wall  ${cmd%% *}…" $cmd >/dev/null 2>"$tmp/time" || true
  tail -n 1 "$tmp/time"
done
$check --stats >/dev/null 2>"$tmp/stats" || true
tail -n 1 "$tmp/stats"

echo "== the html report against json, same run (docs/reports.md: at most 2x)"
html="$tmp/copydesk check --config $config --jobs 2 --format html=$tmp/report.html $pages"
hyperfine -N -w 2 -r "$runs" -i "$check" "$html"
echo "html report: $(wc -c <"$tmp/report.html") bytes"

echo "== cost against input size: the pages, and the pages copied 4 times"
mkdir -p "$tmp/x4"
for i in 1 2 3 4; do cp -r "$pages" "$tmp/x4/$i"; done
hyperfine -N -w 1 -r "$runs" -i "$check" "${check/$pages/$tmp/x4}"

echo "== one 100 MB article"
mkdir -p "$tmp/big"
"$tmp/parsebaseline" -article "$tmp/big/article.html" -size 100000000 "$pages"
hyperfine -N -w 1 -r 3 -i "$tmp/parsebaseline -jobs 1 $tmp/big" "$tmp/copydesk check --config $config --jobs 1 --format json $tmp/big"
for cmd in "$tmp/parsebaseline -jobs 1 $tmp/big" "$tmp/copydesk check --config $config --jobs 1 --format json $tmp/big"; do
  /usr/bin/time -f "%M KB  %U s user  %e s wall  ${cmd%% *}…" $cmd >/dev/null 2>"$tmp/time" || true
  tail -n 1 "$tmp/time"
done
echo "== load: $(uptime)"
