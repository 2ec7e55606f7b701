/**
 * Readers of dataset files: IDX, image folders (ImageIO, TIFF included), NumPy arrays and archives, recorded
 * spike trains. Every reader checks declared sizes before allocating and reports a bad file as a
 * {@link org.spikeflow.data.DataException} naming the file and what is wrong in it. Stateless; safe from any thread.
 */
package org.spikeflow.data.io;
