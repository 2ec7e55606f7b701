/** Input transforms applied to loaded samples before any command uses them (edge maps). Immutable; thread-safe. */
package org.spikeflow.data.transform;
