package org.spikeflow.data.spec;

/**
 * Which part of a dataset a command reads. Datasets with a separate test file (IDX, the embedded demo) keep it
 * as {@code TEST} and divide their training file into {@code TRAIN} and {@code VALIDATION}; datasets that come
 * in one piece (image folders, recorded spike trains) are divided into all three. The division is the one
 * {@link SplitPolicy} describes, identical for every command.
 */
public enum Split { TRAIN, VALIDATION, TEST }
