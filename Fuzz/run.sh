#!/usr/bin/env bash
# Runs one fuzz target with libFuzzer + AddressSanitizer (leak checking on) for a given time.
#   Fuzz/run.sh ingest|snapshot SECONDS
# The corpus grows in Fuzz/corpus/TARGET (kept between runs, not in git), crashes, hangs and
# leaks land in Fuzz/findings/TARGET, the log in Fuzz/logs/TARGET-DATE.log. One process, one
# core (-jobs=1): the machine is shared. Not part of scripts/test.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="${1:?usage: Fuzz/run.sh ingest|snapshot SECONDS}"
seconds="${2:-600}"
case "$target" in
    ingest) product=FuzzIngest; max_len=65536 ;;
    snapshot) product=FuzzSnapshot; max_len=200000 ;;
    *) echo "unknown target $target: ingest or snapshot" >&2; exit 2 ;;
esac
"$here/../scripts/ensure-deps"
cd "$here"
# The root package is a path dependency: drop the cached build plan so files added there are seen.
rm -f .build/release.yaml .build/*/release/description.json
flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing)
swift build "${flags[@]}" --product "$product"
binary="$(swift build "${flags[@]}" --show-bin-path)/$product"
seeds="$here/.seeds/$target"
rm -rf "$seeds"
python3 "$here/make-seeds.py" "$target" "$seeds"
mkdir -p "corpus/$target" "findings/$target" logs
log="logs/$target-$(date +%Y%m%d-%H%M%S).log"
echo "fuzzing $target for ${seconds}s; log in Fuzz/$log"
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 "$binary" "corpus/$target" "$seeds" \
    -jobs=1 -workers=1 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
    -artifact_prefix="findings/$target/" -print_final_stats=1 >"$log" 2>&1 || true
# With -jobs, libFuzzer writes the worker's output to fuzz-0.log in the working folder.
if [ -f fuzz-0.log ]; then cat fuzz-0.log >>"$log"; rm -f fuzz-0.log; fi
grep -E '^#[0-9]+.*(DONE|pulse)|stat::|ERROR|SUMMARY|Test unit written|deadly signal' "$log" | tail -15
ls "findings/$target"
