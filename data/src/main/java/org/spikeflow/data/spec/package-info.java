/**
 * Data specifications ({@code idx:DIR}, {@code folder:DIR}, ...), the seeded stratified train/validation/test
 * division every command applies, sample selections, and the loader that puts them together. Stateless; safe
 * from any thread.
 */
package org.spikeflow.data.spec;
