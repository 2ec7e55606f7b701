package org.spikeflow.graph;

/**
 * Shape of a population: channels x height x width. A flat population is {@code (n, 1, 1)}.
 * <p>
 * Neurons are laid out channels-last (HWC): the index of neuron {@code (c, y, x)} is
 * {@code (y * width + x) * channels + c}, so the output channels of one position are contiguous and a
 * convolution's fan-out is a run of adjacent memory.
 */
public record Shape(int channels, int height, int width) {
    public Shape {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("shape dimensions must be positive: " + channels + "x" + height + "x" + width);
        }
    }

    public static Shape flat(int n) {
        return new Shape(n, 1, 1);
    }

    public static Shape chw(int c, int h, int w) {
        return new Shape(c, h, w);
    }

    public int size() {
        return channels * height * width;
    }

    public boolean isFlat() {
        return height == 1 && width == 1;
    }

    public int index(int c, int y, int x) {
        return (y * width + x) * channels + c;
    }

    @Override
    public String toString() {
        return isFlat() ? "(" + channels + ")" : "(" + channels + "," + height + "," + width + ")";
    }
}
