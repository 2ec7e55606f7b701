/**
 * The event-driven engine. Threading: every population is run by exactly one agent, and agents are pinned
 * to engine threads for the whole run; a population's state (membranes, accumulators, counters, read-out) is
 * touched only by its agent's thread. Populations exchange spikes only through Disruptor rings (single
 * producer where a population has one source, multi-producer for merges). Publishing never blocks, so any
 * number of agents may share a thread.
 */
package org.spikeflow.engine.event;
