#!/usr/bin/env bash
# Hostile and huge inputs against the parse-only baseline (README "Limits").
#
# Usage: [COPYDESK=BINARY] scripts/limits.sh [PAGES_DIR] [SHAPE...]
#   PAGES_DIR (default ../shared/corpus/pages) gives the prose of the
#   100 MB article; SHAPEs pick rows (default: all).
#
# Builds copydesk and internal/cmd/parsebaseline from this checkout, writes
# each shape to a file of its own, and runs, one at a time with one worker:
#   parsebaseline -jobs 1 DIR                 read + html.Parse
#   copydesk check --jobs 1 -f json FILE      the default packs, report to /dev/null
# printing for each the CPU time (user + sys) and the peak RSS (GNU time,
# in MB of 10^6 bytes), the ratios, and the limits docs/limits.md
# promises: CPU ≤ 10× html.Parse and RSS ≤ 10× the input + 100 MB for the
# hostile shapes; ≤ 2× and ≤ 5× the input for the 100 MB article ("over"
# marks a row past them). Needs GNU time (apt-get install time). Times on
# a machine shared with other work are noisy: compare the rows of one run.
set -euo pipefail
cd "$(dirname "$0")/.."

pages=${1:-../shared/corpus/pages}
shift || true
[ -x /usr/bin/time ] || { echo "GNU time is needed (apt-get install time)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
copydesk=${COPYDESK:-$tmp/copydesk} # COPYDESK=path: time another build (a before)
[ -n "${COPYDESK:-}" ] || go build -o "$tmp/copydesk" ./cmd/copydesk
go build -o "$tmp/parsebaseline" ./internal/cmd/parsebaseline

# shape NAME writes the input of row NAME to stdout.
shape() {
  case $1 in
  lorem-10MB) yes 'lorem ipsum' | tr '\n' ' ' | head -c 10000000 ;;
  lorem-50MB) yes 'lorem ipsum' | tr '\n' ' ' | head -c 50000000 ;;
  a-lf-10MB) printf '<p>'; yes a | head -c 10000000 ;;
  a-cr-20MB) printf '<p>'; yes a | tr '\n' '\r' | head -c 20000000 ;;
  a-2sp-10MB) printf '<p>'; yes 'a ' | tr '\n' ' ' | head -c 10000000 ;;
  a-sp-10MB) printf '<p>'; yes a | tr '\n' ' ' | head -c 10000000 ;;
  p-1M) yes '<p>abcd' | head -c 8000000 ;;
  li-1M) printf '<ul>'; yes '<li>abc' | head -c 8000000 ;;
  figure-300k) yes '<figure><img src="photo.jpg"><figcaption>Photo</figcaption></figure>' | head -c 20000000 ;;
  attrs-1M) printf '<p'; seq 1 1200000 | sed 's/^/ a/' | tr -d '\n'; printf '>x</p>' ;;
  nul-10MB) printf '<p>'; head -c 10000000 /dev/zero ;;
  table-text-10MB) printf '<table>'; yes 'text <b>bold</b> ' | head -c 10000000 ;;
  formatting-1M) printf '<p>'; yes '<b><i>x</b>y</i>' | head -c 10000000 ;;
  article-100MB) "$tmp/parsebaseline" -article /dev/stdout -size 100000000 "$pages" ;;
  *) echo "unknown shape $1" >&2; exit 2 ;;
  esac
}

shapes=("$@")
if [ ${#shapes[@]} -eq 0 ]; then
  shapes=(lorem-10MB lorem-50MB a-lf-10MB a-cr-20MB a-2sp-10MB a-sp-10MB p-1M li-1M figure-300k attrs-1M nul-10MB table-text-10MB formatting-1M article-100MB)
fi

# measure CMD... prints "cpu_seconds rss_kb exit_status" of one run.
measure() {
  /usr/bin/time -f '%U %S %M %x' "$@" >/dev/null 2>"$tmp/time" || true
  tail -n 1 "$tmp/time" | awk '{ printf "%.2f %d %d\n", $1 + $2, $3, $4 }'
}

echo "== load: $(uptime)"
printf '| %-15s | %7s | %9s | %9s | %9s | %9s | %8s | %8s | %8s | %-8s | %-8s |\n' shape "MB" "parse s" "check s" "parse MB" "check MB" "CPU ×" "RSS/in" "limit MB" "within" "check"
for s in "${shapes[@]}"; do
  mkdir -p "$tmp/in"
  rm -f "$tmp/in"/*
  shape "$s" >"$tmp/in/page.html" || true # yes(1) ends on SIGPIPE
  size=$(wc -c <"$tmp/in/page.html")
  read -r pc pm _ < <(measure "$tmp/parsebaseline" -jobs 1 "$tmp/in")
  # Exit status 3: copydesk refused the page (not HTML, or over its node budget).
  read -r cc cm rc < <(measure "$copydesk" check --jobs 1 -f json "$tmp/in/page.html")
  awk -v s="$s" -v size="$size" -v pc="$pc" -v pm="$pm" -v cc="$cc" -v cm="$cm" -v rc="$rc" 'BEGIN {
    article = s ~ /^article/
    limit = article ? 5 * size : 10 * size + 100e6
    cpu = (pc > 0 ? cc / pc : 0)
    within = (cm * 1024 <= limit ? "RSS" : "RSS over") ", " (cpu <= (article ? 2 : 10) ? "CPU" : "CPU over")
    printf "| %-15s | %7.1f | %9.2f | %9.2f | %9.0f | %9.0f | %7.1fx | %7.1fx | %8.0f | %-8s | %-8s |\n",
      s, size / 1e6, pc, cc, pm * 1024 / 1e6, cm * 1024 / 1e6, cpu, cm * 1024 / size, limit / 1e6, within, (rc == 3 ? "refused" : "checked") }'
done
echo "== load: $(uptime)"
