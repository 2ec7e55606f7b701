/**
 * How a network runs: the engine contract, configuration (validated once), input encoders, read-outs and
 * counters. Configurations and results are immutable after construction; encoders, read-outs and counters are
 * owned by exactly one engine thread at a time.
 */
package org.spikeflow.engine;
