/**
 * Energy and latency estimates from counted events: device profiles (built-in, with sources, and
 * user-defined YAML/JSON), activity parsed from simulate reports, and per-layer estimates. Everything here is
 * immutable and stateless; safe from any thread.
 */
package org.spikeflow.hardware;
