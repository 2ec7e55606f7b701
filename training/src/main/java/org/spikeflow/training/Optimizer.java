package org.spikeflow.training;

/** Gradient-descent update rules. */
public enum Optimizer { ADAM, RMSPROP, SGD }
