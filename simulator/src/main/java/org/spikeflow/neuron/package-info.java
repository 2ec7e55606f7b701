/**
 * Neuron equations (charge, fire, reset). Stateless static functions over caller-owned arrays: a layer's
 * arrays belong to the one thread that runs that layer.
 */
package org.spikeflow.neuron;
