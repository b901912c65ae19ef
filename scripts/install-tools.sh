#!/usr/bin/env bash
# Installs what building and testing agent-kpis needs, skipping whatever is already there.
#   scripts/install-tools.sh            build tools: wasm32 target, wasm-bindgen-cli (the Cargo.lock
#                                       version), wasm-pack, npm dev packages (binaryen's wasm-opt, …)
#   scripts/install-tools.sh --browsers also Debian's chromium, chromium-driver, firefox-esr, and geckodriver
#   scripts/install-tools.sh --lake     also what the data-lake tests run Spark with: Java ≥ 17 (Debian's
#                                       openjdk-17-jre-headless) and pyspark==4.3.0 from PyPI
# Flags combine (--browsers --lake).
# Nothing here downloads a prebuilt browser or toolchain: only crates.io, npm and Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '[install] %s\n' "$*" >&2; }

browsers=0 lake=0
for arg in "$@"; do
  case "$arg" in
    --browsers) browsers=1 ;;
    --lake) lake=1 ;;
    *) say "unknown option $arg (known: --browsers, --lake)"; exit 2 ;;
  esac
done

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock.
want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "cargo install wasm-bindgen-cli --version =$want (have: ${have:-none})"
  cargo install wasm-bindgen-cli --version "=$want" --force
fi

if ! command -v wasm-pack >/dev/null; then
  say "cargo install wasm-pack"
  cargo install wasm-pack
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm ci"
  npm ci --no-audit --no-fund
fi

if [ "$browsers" = 1 ]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox >/dev/null || command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  if [ ${#missing[@]} -gt 0 ]; then
    say "apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if ! command -v geckodriver >/dev/null; then
    say "cargo install geckodriver"
    cargo install geckodriver
  fi
fi

if [ "$lake" = 1 ]; then
  # `java -version` prints `openjdk version "17.0.15" …` (or `"1.8.0_…"` for Java 8) on stderr.
  java_major=$(java -version 2>&1 | awk -F'"' '/version "/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }' || true)
  if [ "${java_major:-0}" -lt 17 ]; then
    say "apt-get install openjdk-17-jre-headless (have: java ${java_major:-none})"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  fi
  if ! python3 -c "import pyspark" 2>/dev/null; then
    if ! python3 -m pip --version >/dev/null 2>&1; then
      say "apt-get install python3-pip (python3 has no pip)"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip >/dev/null
    fi
    # Debian's own python3 refuses pip installs (PEP 668, EXTERNALLY-MANAGED); there pyspark goes to
    # the user's site-packages (~/.local), leaving Debian's packages untouched.
    if python3 -c 'import sys, sysconfig, os; sys.exit(not os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'; then
      say "pip install --user --break-system-packages pyspark==4.3.0 (python3 is externally managed)"
      python3 -m pip install --quiet --user --break-system-packages pyspark==4.3.0
    else
      say "pip install pyspark==4.3.0"
      python3 -m pip install --quiet pyspark==4.3.0
    fi
  fi
fi
