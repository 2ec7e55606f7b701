/**
 * Atomic file output: everything the project writes goes to a temporary file beside the target and is moved
 * into place. Safe from any thread; a shutdown hook removes temporary files of interrupted writes.
 */
package org.spikeflow.io;
