/**
 * Direct SNN training by backpropagation through time with surrogate gradients. Hand-written in plain Java
 * rather than SameDiff: the forward pass must be the simulator's own (same encoder, same summation order,
 * {@code NeuronDynamics}) so that trained networks spike identically in the event-driven engine, and the
 * sparse input spikes make an event-driven forward and backward cheap. One trainer per thread.
 */
package org.spikeflow.training.snn;
