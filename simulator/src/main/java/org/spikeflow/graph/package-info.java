/**
 * What a spiking network is: populations, neuron parameters and projections, validated once and then
 * immutable. Networks are safe to share between threads and engines; nothing here runs a simulation.
 */
package org.spikeflow.graph;
