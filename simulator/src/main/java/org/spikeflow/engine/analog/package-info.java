/** The ANN (rate-limit) reading of an event graph, used for calibration and checks. One instance per thread. */
package org.spikeflow.engine.analog;
