# agent-kpis — `make demo` and `make test` work on a fresh machine: each installs what is missing
# (scripts/install-tools.sh) and skips what is there.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
PORT ?= 8080
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# One driver variable per run: given both, wasm-bindgen's test runner picks geckodriver for both runs
# (Chrome never ran).
CHROME := CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_USE_BROWSER=1
FIREFOX := GECKODRIVER=$(HOME)/.cargo/bin/geckodriver WASM_BINDGEN_USE_BROWSER=1
DEMO_LOG ?= tests/fixtures/day-shift.json

.PHONY: tools browsers lake-tools pkg install-pkg demo test test-rust test-wasm test-node test-lake test-fuzz typecheck lint fuzz bench clean

## Build tools (wasm32 target, wasm-bindgen-cli, wasm-pack, npm dev packages).
tools:
	@bash scripts/install-tools.sh

## Build tools plus Debian's chromium, chromium-driver, firefox-esr and geckodriver.
browsers:
	@bash scripts/install-tools.sh --browsers

## Build tools plus what the data-lake tests need: Java ≥ 17 (Debian's openjdk-17-jre-headless) and
## pyspark==4.3.0 (pip).
lake-tools:
	@bash scripts/install-tools.sh --lake

## The npm package in pkg/ (release build, wasm-opt).
pkg: tools
	bash scripts/build-pkg.sh

## `npm pack` pkg/ and install the tarball into node_modules, as a user would.
install-pkg:
	mkdir -p tests/out
	rm -f tests/out/agent-kpis-*.tgz
	npm pack ./pkg --pack-destination tests/out --silent >/dev/null
	npm install --no-save --no-audit --no-fund --silent tests/out/agent-kpis-*.tgz

## Build pkg/, print the KPI table of the bundled log, serve www/ on http://127.0.0.1:$(PORT).
demo: pkg
	node pkg/cli.mjs $(DEMO_LOG) --schedules $(DEMO_LOG:.json=.adherence.json)
	PORT=$(PORT) node scripts/serve.mjs

## Formatting, and clippy (no unwrap/expect/indexing/panic outside tests) natively and for wasm32.
lint: tools
	cargo fmt --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p agent-kpis -p agent-kpis-core --lib -- -D warnings

test-rust: tools
	PROPTEST_CASES=$${PROPTEST_CASES:-10000} cargo test --workspace --release

test-wasm: browsers
	wasm-pack test --node --mode no-install -- --test web
	$(CHROME) wasm-pack test --headless --chrome --mode no-install -- --test web
	$(FIREFOX) wasm-pack test --headless --firefox --mode no-install -- --test web

## The page tests run after the Node tests, not beside them: one measures the page's refresh time.
## The data-lake tests (tests/node/lake-*.test.mjs) are test-lake's.
test-node: browsers pkg install-pkg typecheck
	node --test $(filter-out tests/node/lake-%,$(wildcard tests/node/*.test.mjs))
	node --test $(wildcard tests/page/*.test.mjs)

## The SQL recipe docs/agent_kpis.sql on DuckDB and on Spark (local mode, one SparkSession for the
## whole Spark file) over the Parquet export of every recorded log, equal to agentKpis; and
## examples/spark_daily_kpis.py on recorded logs.
test-lake: lake-tools pkg install-pkg
	node --test tests/node/lake-duckdb.test.mjs tests/node/lake-spark.test.mjs

## The hand-written JS (packer, CLI) type-checked, strict, against the built package's declarations.
typecheck: pkg
	tsc -p tsconfig.check.json

## A short bounded fuzzing pass (FUZZ_SECONDS each, default 15).
test-fuzz: tools
	FUZZ_SECONDS=$${FUZZ_SECONDS:-15} bash scripts/fuzz.sh

## Every test: lint, native Rust, wasm in Node/Chrome/Firefox, Node tests on the packed package,
## page test, a short fuzzing pass, the data-lake tests (DuckDB and Spark).
test: lint test-rust test-fuzz test-wasm test-node test-lake

## Benchmarks against plain JS and DuckDB; writes bench/RESULTS.md (BENCH_QUICK=1 for a short run);
## then the dashboard's frame budget (2,000 agents refreshed every second, median under 50 ms); then
## the data lake at month scale (bench/lake.mjs: 50M events exported, the SQL recipe on DuckDB and
## Spark; writes bench/RESULTS-lake.md).
bench: pkg install-pkg browsers lake-tools
	node --expose-gc --max-old-space-size=8192 bench/bench.mjs
	FRAME_BUDGET_MS=50 node --test --test-name-pattern="2,000 agents" tests/page/demo.test.mjs
	node --expose-gc --max-old-space-size=8192 bench/lake.mjs

## Each fuzz target for FUZZ_SECONDS (default 60).
fuzz: tools
	bash scripts/fuzz.sh

clean:
	rm -rf pkg tests/out target
