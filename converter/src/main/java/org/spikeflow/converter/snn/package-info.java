/**
 * ANN-to-SNN passes that work on the event graph itself: folding average pooling into the next layer,
 * collecting activation statistics on calibration data, data-based normalization and model-based normalization
 * (from the weights alone, Diehl et al. 2015). Each pass is a pure
 * function from an immutable network to a new one; statistics collection may use several threads internally.
 */
package org.spikeflow.converter.snn;
