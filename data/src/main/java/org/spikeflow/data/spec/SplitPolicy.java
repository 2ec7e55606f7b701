package org.spikeflow.data.spec;

/**
 * How datasets are divided into parts: a seeded, stratified draw (every class keeps its proportion in every
 * part). {@code validation} is the fraction of the training material held out for validation; {@code test} the
 * fraction held out for testing from datasets that come in one piece. Every command given the same policy sees
 * the same samples in each part.
 *
 * @param validation fraction of the training material for validation, in [0, 1)
 * @param test       fraction of a one-piece dataset for testing, in [0, 1)
 * @param seed       seed of the draw (and of stratified selections)
 */
public record SplitPolicy(double validation, double test, long seed) {
    /** 10% validation, 10% test (80/10/10 for one-piece datasets), seed 0. */
    public static final SplitPolicy DEFAULT = new SplitPolicy(0.1, 0.1, 0);

    public SplitPolicy {
        if (!(validation >= 0 && validation < 1)) throw new DataSpecException("validation-fraction", "must be in [0, 1), got " + validation);
        if (!(test >= 0 && test < 1)) throw new DataSpecException("test-fraction", "must be in [0, 1), got " + test);
        if (!(validation + test < 1)) throw new DataSpecException("validation-fraction", "plus the test fraction must be below 1, got " + (validation + test));
    }
}
