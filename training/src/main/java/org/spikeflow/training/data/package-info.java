/** Training data: seeded splits, augmentation and input transforms. Stateless; callers own the random streams. */
package org.spikeflow.training.data;
