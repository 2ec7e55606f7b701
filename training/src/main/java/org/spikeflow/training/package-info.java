/**
 * ANN training on ND4J. SameDiff (ND4J's define-then-run autodiff) is used rather than DL4J's layer API: the
 * spiking-aware and direct SNN training paths need custom forward passes (straight-through spikes,
 * surrogate gradients, unrolled timesteps) that SameDiff expresses as ordinary graph operations, and it needs
 * no further dependency than nd4j. A trainer runs on the calling thread; ND4J uses its own native threads.
 */
package org.spikeflow.training;
