//! Text input parsers: JSON array, NDJSON and CSV event logs.
