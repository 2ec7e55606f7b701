/**
 * The event-driven engine. Threading: every population is run by exactly one agent, and agents are pinned to
 * engine threads for the whole run; a population's state (membranes, accumulators, counters, read-out) is touched
 * only by its agent's thread. Populations exchange spikes only through Disruptor rings: each population that
 * projects anywhere writes blocks of spikes to its own ring (one producer), which every population it projects to
 * reads through its own poller (the ring's gating sequences). Publishing never blocks, so any number of agents may
 * share a thread.
 */
package org.spikeflow.engine.event;
