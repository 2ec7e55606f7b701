/**
 * ANN-to-SNN passes that work on the event graph itself: folding average pooling into the next layer,
 * collecting activation statistics on calibration data, and data-based normalization. Each pass is a pure
 * function from an immutable network to a new one; statistics collection may use several threads internally.
 */
package org.spikeflow.converter.snn;
