#!/usr/bin/env bash
# Runs every cargo-fuzz target for a bounded time each: FUZZ_SECONDS (default 60).
#   scripts/fuzz.sh              all targets
#   scripts/fuzz.sh fold engine  some targets
# Installs cargo-fuzz if missing. Uses the nightly toolchain when there is one; otherwise stable
# with RUSTC_BOOTSTRAP=1 and no sanitizer (libFuzzer's coverage guidance still works).
# Seeds: fuzz/seeds/<target>/ (committed) plus, for text targets, the recorded logs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
seconds=${FUZZ_SECONDS:-60}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
if rustup run nightly rustc --version >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz)
  sanitizer=()
else
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
  sanitizer=(-s none)
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v agent-kpis-fuzz)
for t in "${targets[@]}"; do
  corpus=fuzz/corpus/$t
  mkdir -p "$corpus"
  [ -d "fuzz/seeds/$t" ] && cp -n fuzz/seeds/"$t"/* "$corpus"/ 2>/dev/null || true
  echo "== fuzz $t for ${seconds}s"
  "${fuzz[@]}" run "${sanitizer[@]}" --release "$t" "$corpus" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=1024 -print_final_stats=1 2>&1 |
    grep -E '^(#[0-9]+ *DONE|stat::number_of_executed_units|stat::peak_rss_mb|==|SUMMARY|.*(panicked|ERROR|crash))' || true
  if ls fuzz/artifacts/"$t"/crash-* fuzz/artifacts/"$t"/oom-* >/dev/null 2>&1; then
    echo "fuzz $t: crash or OOM found, see fuzz/artifacts/$t/" >&2
    exit 1
  fi
done
