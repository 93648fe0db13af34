#!/usr/bin/env bash
# The sample's whole run (the main job: PDF + Excel appendix + KOSTRA →
# Parquet + DuckDB + quality report) beside `pdftotext -layout` of the same
# PDF: median wall time of RUNS runs each, interleaved, and the ratio.
#
#   crates/bench/scripts/sample-vs-pdftotext.sh [KOMMUNETALL] [RUNS]
#
# KOMMUNETALL defaults to target/release/kommunetall (build it with
# `cargo build --release`), RUNS to 5. Two kinds of run are timed:
#   fresh  — into an empty warehouse folder (creates the DuckDB file: its DDL runs)
#   force  — `run --force` on the warehouse the previous run left (reads both
#            documents again, rewrites the partition and the DuckDB rows in place)
# The warehouse goes to a temporary folder; the repository's warehouse/ is untouched.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
bin=${1:-$root/target/release/kommunetall}
runs=${2:-5}
pdf=$root/raw/trondheim/2024/arsberetning-2024.pdf
command -v pdftotext >/dev/null || { echo "pdftotext missing (apt-get install poppler-utils)" >&2; exit 1; }
[ -x "$bin" ] || { echo "no kommunetall binary at $bin (cargo build --release)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/pipelines"
cp "$root/pipelines/trondheim.toml" "$root/pipelines/kostra.toml" "$tmp/pipelines/"
ln -s "$root/raw" "$tmp/raw"
export SOURCE_DATE_EPOCH=1735689600 RUST_LOG=error
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
"$bin" run "$tmp/pipelines/trondheim.toml" >/dev/null 2>&1   # warm the page cache
for i in $(seq "$runs"); do
  rm -rf "$tmp/warehouse"
  secs "$bin" run "$tmp/pipelines/trondheim.toml" >>"$tmp/fresh"
  secs "$bin" run "$tmp/pipelines/trondheim.toml" --force >>"$tmp/force"
  secs pdftotext -layout "$pdf" "$tmp/out.txt" >>"$tmp/pdftotext"
done
f=$(median <"$tmp/fresh"); g=$(median <"$tmp/force"); p=$(median <"$tmp/pdftotext")
awk -v n="$runs" -v p="$p" -v f="$f" -v g="$g" 'BEGIN {
  printf "median of %d: pdftotext -layout %.3f s; whole run fresh %.3f s (%.2fx); run --force %.3f s (%.2fx)\n", n, p, f, f / p, g, g / p }'
