#!/usr/bin/env bash
# Builds the npm package into pkg/: the wasm compiled once per runtime by wasm-pack (release,
# wasm-opt from the npm package `binaryen`), then the package.json, entry wrappers and README.
#   pkg/node/  CommonJS build for Node (synchronous; wrapped as index.cjs and index.mjs)
#   pkg/web/   ESM build for browsers and bundlers (async `init()`)
#   pkg/parquet.mjs (+ .d.mts)  the Node-only subpath agent-kpis/parquet
# Generated files are not edited: the entries and their declarations (scripts/entries.cjs) are
# written beside them. `--js` redoes only the JS part (entries, package.json, CLI, parquet,
# README) over the wasm build already in pkg/: for changes to npm/ or README.md alone.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
if [ "${1:-}" != "--js" ]; then
  rm -rf pkg
  for target in nodejs web; do
    out=pkg/${target%js}
    wasm-pack --quiet build --release --mode no-install --no-pack --target "$target" \
      --out-dir "$out" --out-name agent_kpis
    rm -f "$out/.gitignore"
  done
elif [ ! -f pkg/node/agent_kpis_bg.wasm ] || [ ! -f pkg/web/agent_kpis_bg.wasm ]; then
  echo "build-pkg.sh --js: no wasm build in pkg/ (run it without --js)" >&2
  exit 1
fi
printf '{ "type": "commonjs" }\n' > pkg/node/package.json
printf '{ "type": "module" }\n' > pkg/web/package.json
node scripts/entries.cjs pkg
cp npm/package.json pkg/package.json
install -m 755 npm/cli.mjs pkg/cli.mjs
cp npm/parquet.mjs pkg/parquet.mjs
# The subpath's declarations, from its JSDoc (./node/index.mjs resolves to pkg/node/index.d.mts).
tsc --declaration --emitDeclarationOnly --allowJs --checkJs --strict --module nodenext \
  --moduleResolution nodenext --target es2022 --types node --outDir pkg pkg/parquet.mjs
cp README.md pkg/README.md
cp docs/agent_kpis.sql pkg/agent_kpis.sql   # the SQL recipe, for users of the Parquet export
ls -l pkg/web/agent_kpis_bg.wasm | awk '{print "pkg/web/agent_kpis_bg.wasm: " $5 " bytes"}'
