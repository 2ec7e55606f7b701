/**
 * What engines ask of a projection: its scatter kernel (event-driven fan-out of arriving spikes), its gather
 * kernel (the dense reference's every-weight form) and its gate (spiking pooling rules). Kernels are created
 * once per projection, hold only immutable tables and weights, and may be shared by any number of threads;
 * the accumulators, touched maps and gate state they write belong to the one thread that runs the target
 * population.
 */
package org.spikeflow.kernel;
