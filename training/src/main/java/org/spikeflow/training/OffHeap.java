package org.spikeflow.training;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Release of ND4J's off-heap buffers in training loops. ND4J frees an array's native memory only when the garbage
 * collector reclaims its small Java wrapper; a training step allocates hundreds of megabytes of activations and
 * gradients per second natively but little on the heap, so without help the old generation holds on to dead
 * wrappers and the process grows by gigabytes per epoch. The loops close the arrays they create themselves and
 * ask for a collection every {@link #BATCHES_PER_COLLECTION} batches.
 */
final class OffHeap {
    static final int BATCHES_PER_COLLECTION = 50;

    private OffHeap() {
    }

    /** Closes the features and labels of a batch the caller created and no longer needs. */
    static void close(MultiDataSet batch) {
        for (INDArray a : batch.getFeatures()) close(a);
        for (INDArray a : batch.getLabels()) close(a);
    }

    private static void close(INDArray a) {
        if (a != null && a.closeable()) a.close();
    }

    /** After batch {@code index} (0-based): a collection every {@link #BATCHES_PER_COLLECTION} batches. */
    static void afterBatch(int index) {
        if ((index + 1) % BATCHES_PER_COLLECTION == 0) System.gc();
    }
}
