/** Reading and writing the versioned {@code .snn} network file. Stateless; safe from any thread. */
package org.spikeflow.graph.io;
