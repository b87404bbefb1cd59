#!/usr/bin/env bash
# The cost of shards and of web archives (docs/shards.md, "What it costs").
#
# Usage: scripts/shards-bench.sh [PAGES_DIR]   (default: ../shared/corpus/pages)
#
# Builds copydesk from this checkout, archives the pages as wget does
# (wget --warc-file against python3 -m http.server serving them, gzipped
# and not), and times side by side in one run, with hyperfine:
#   1. copydesk check --jobs N DIR                       one run, N workers
#   2. N shard processes at once (--shard K/N --jobs 1), then copydesk merge
#   3. copydesk merge of the N shard reports alone
#   4. copydesk check --jobs N site.warc.gz              the same pages from a WARC
#   5. copydesk check --jobs N site.warc                 and from an uncompressed one
#   6. zcat site.warc.gz                                  the inflating alone (C zlib)
# N is the number of CPUs (SHARDS overrides it). Every run writes the JSON
# report. Needs hyperfine, wget and python3. Machines shared with other
# work give noisy times: the load average is printed before and after;
# compare the rows of one run, not runs.
set -euo pipefail
cd "$(dirname "$0")/.."

pages=${1:-../shared/corpus/pages}
runs=${RUNS:-10}
n=${SHARDS:-$(nproc)}
[ -d "$pages" ] || { echo "no pages directory $pages (give one as the argument)" >&2; exit 2; }
for tool in hyperfine wget python3; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install $tool)" >&2; exit 2; }
done

tmp=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
go build -o "$tmp/copydesk" ./cmd/copydesk
cd "$pages"
pages=$(pwd)
find . -name '*.htm*' -type f | sed 's|^\./||' | sort > "$tmp/list"
python3 -u -m http.server --bind 127.0.0.1 0 > "$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do grep -q 'port' "$tmp/server.log" && break; sleep 0.1; done
port=$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$tmp/server.log" | head -n 1)
sed "s|^|http://127.0.0.1:$port/|" "$tmp/list" > "$tmp/urls"
cd "$tmp"
wget --quiet --no-proxy --input-file=urls --output-document=/dev/null --warc-file=site
wget --quiet --no-proxy --input-file=urls --output-document=/dev/null --warc-file=plain --no-warc-compression
kill "$server"; server=

cd_="$tmp/copydesk"
single="$cd_ check --jobs $n -f json=$tmp/single.json $pages"
shards=""
reports=""
for k in $(seq "$n"); do
  shards="$shards $cd_ check --jobs 1 --shard $k/$n -f json=$tmp/shard-$k.json $pages &"
  reports="$reports $tmp/shard-$k.json"
done
sharded="sh -c '$shards wait; $cd_ merge -f json=$tmp/merged.json $reports'"
merge="$cd_ merge -f json=$tmp/merged.json $reports"
warc="$cd_ check --jobs $n -f json=$tmp/warc.json $tmp/site.warc.gz"
plain="$cd_ check --jobs $n -f json=$tmp/plain.json $tmp/plain.warc"

echo "== load: $(uptime)"
echo "== $(wc -l < "$tmp/list") pages, $(du -sh "$pages" | cut -f1) in $pages; WARC $(du -h site.warc.gz | cut -f1) gzipped, $(du -h plain.warc | cut -f1) plain; $n shards"
hyperfine -w 2 -r "$runs" -i -S none --export-csv "$tmp/shards.csv" \
  -n "check --jobs $n (one run)" "$single" \
  -n "$n shards + merge" "$sharded" \
  -n "merge of $n shard reports" "$merge" \
  -n "check --jobs $n site.warc.gz" "$warc" \
  -n "check --jobs $n site.warc" "$plain" \
  -n "zcat site.warc.gz (inflating alone)" "sh -c 'zcat $tmp/site.warc.gz > /dev/null'"
echo "== load: $(uptime)"
cmp -s <(grep -v '"root"' "$tmp/single.json") <(grep -v '"root"' "$tmp/merged.json") &&
  echo "== the merged report is the single run's" || { echo "== the merged report differs from the single run's"; exit 1; }
# Wall (mean) and CPU (user + system, means): the CPU ratios are the
# steadier on a loaded machine.
awk -F, 'NR > 1 {wall[NR] = $2; cpu[NR] = $5 + $6}
  END {printf "== wall: %d shards + merge / one run: %.3f; WARC (gzip) / files: %.3f; WARC (plain) / files: %.3f\n", '"$n"', wall[3] / wall[2], wall[5] / wall[2], wall[6] / wall[2]
       printf "== CPU:  %d shards + merge / one run: %.3f; WARC (gzip) / files: %.3f; WARC (plain) / files: %.3f; zcat / files: %.3f\n", '"$n"', cpu[3] / cpu[2], cpu[5] / cpu[2], cpu[6] / cpu[2], cpu[7] / cpu[2]}' "$tmp/shards.csv"
