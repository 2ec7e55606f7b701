package org.spikeflow.training;

/**
 * Early stopping with one learning-rate cut per plateau: after an epoch that does not beat the best validation
 * accuracy so far, the count of epochs without improvement grows; when it reaches half the patience (at least 1)
 * the learning rate halves, once for that plateau; when it reaches the patience, training stops. A new best starts
 * a new plateau.
 */
final class Plateau {
    /** What to do after an epoch. */
    enum Decision { IMPROVED, CONTINUE, HALVE_RATE, STOP }

    private final int patience;
    private double best = Double.NEGATIVE_INFINITY;
    private int sinceBest;

    Plateau(int patience) {
        this.patience = patience;
    }

    Decision after(double accuracy) {
        if (accuracy > best) {
            best = accuracy;
            sinceBest = 0;
            return Decision.IMPROVED;
        }
        sinceBest++;
        if (sinceBest >= patience) return Decision.STOP;
        return sinceBest == Math.max(1, patience / 2) ? Decision.HALVE_RATE : Decision.CONTINUE;
    }
}
