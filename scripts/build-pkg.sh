#!/usr/bin/env bash
# Builds the npm package into pkg/: the wasm compiled once per runtime by wasm-pack (release,
# wasm-opt from the npm package `binaryen`), then the package.json, entry wrappers and README.
#   pkg/node/  CommonJS build for Node (synchronous; wrapped as index.cjs and index.mjs)
#   pkg/web/   ESM build for browsers and bundlers (async `init()`)
# Generated files are not edited: the entries and their declarations (scripts/entries.cjs) are
# written beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
rm -rf pkg
for target in nodejs web; do
  out=pkg/${target%js}
  wasm-pack --quiet build --release --mode no-install --no-pack --target "$target" \
    --out-dir "$out" --out-name agent_kpis
  rm -f "$out/.gitignore"
done
printf '{ "type": "commonjs" }\n' > pkg/node/package.json
printf '{ "type": "module" }\n' > pkg/web/package.json
node scripts/entries.cjs pkg
cp npm/package.json pkg/package.json
install -m 755 npm/cli.mjs pkg/cli.mjs
cp README.md pkg/README.md
ls -l pkg/web/agent_kpis_bg.wasm | awk '{print "pkg/web/agent_kpis_bg.wasm: " $5 " bytes"}'
