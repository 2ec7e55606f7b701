/**
 * Spike recording to Chronicle Queue and raster export. The recorder is called concurrently from engine
 * threads (one appender per thread); the reader runs on one thread after the recording is closed.
 */
package org.spikeflow.record;
