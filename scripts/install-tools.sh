#!/usr/bin/env bash
# Installs what building and testing agent-kpis needs, skipping whatever is already there.
#   scripts/install-tools.sh            build tools: wasm32 target, wasm-bindgen-cli (the Cargo.lock
#                                       version), wasm-pack, npm dev packages (binaryen's wasm-opt, …)
#   scripts/install-tools.sh --browsers also Debian's chromium, chromium-driver, firefox-esr, and geckodriver
# Nothing here downloads a prebuilt browser or toolchain: only crates.io, npm and Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '[install] %s\n' "$*" >&2; }

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

if [ "${1:-}" = "--browsers" ]; then
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
