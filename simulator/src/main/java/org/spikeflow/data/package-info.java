/** Loading labelled datasets into memory. Loaders are called from one thread; datasets are immutable by convention. */
package org.spikeflow.data;
