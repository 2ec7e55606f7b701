package org.spikeflow.io;

/**
 * Sizes beyond which a file is refused before anything is allocated: the element count of one tensor, array or
 * population ({@link #maxElements}) and the synapses of a whole network ({@link #maxSynapses}). Readers first
 * check a declared size against the bytes the file can hold; these limits bound what the bytes cannot (a
 * population's shape, a compressed stream, a convolution's window). The defaults fit a few-gigabyte heap; the
 * command line raises them with {@code --max-elements} and {@code --max-synapses} for genuinely large models.
 */
public record InputLimits(long maxElements, long maxSynapses) {
    /** 2^27 elements (512 MiB of floats) per tensor or population. */
    public static final long DEFAULT_MAX_ELEMENTS = 1L << 27;
    /** 2^32 synapses in one network. */
    public static final long DEFAULT_MAX_SYNAPSES = 1L << 32;
    public static final InputLimits DEFAULT = new InputLimits(DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_SYNAPSES);

    private static volatile InputLimits current = DEFAULT;

    public InputLimits {
        if (maxElements < 1 || maxElements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("max-elements must be between 1 and " + (Integer.MAX_VALUE - 8) + ", got " + maxElements);
        }
        if (maxSynapses < 1) throw new IllegalArgumentException("max-synapses must be positive, got " + maxSynapses);
    }

    /** The limits in force (set once per command by the command line; the defaults otherwise). */
    public static InputLimits current() {
        return current;
    }

    public static void set(InputLimits limits) {
        current = limits;
    }

    /**
     * The product of {@code dims}, refused with a message naming {@code what} when a dimension is negative, the
     * product overflows or it exceeds {@link #maxElements}.
     */
    public long elements(String what, long... dims) {
        long n = 1;
        for (long d : dims) {
            if (d < 0) throw new InvalidInputException(what + ": negative dimension " + d + " in shape " + shape(dims));
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new InvalidInputException(what + ": shape " + shape(dims) + " declares more elements than a 64-bit count holds");
            }
        }
        checkElements(what, n, dims);
        return n;
    }

    /** Refuses {@code count} elements beyond {@link #maxElements}. */
    public void checkElements(String what, long count, long... dims) {
        if (count > maxElements) {
            throw new InvalidInputException(what + ": " + (dims.length > 0 ? "shape " + shape(dims) + " declares " : "declares ")
                + count + " elements, more than the limit of " + maxElements + " (raise it with --max-elements)");
        }
    }

    /** Refuses a network of {@code count} synapses beyond {@link #maxSynapses}. */
    public void checkSynapses(String what, long count) {
        if (count > maxSynapses) {
            throw new InvalidInputException(what + ": " + count + " synapses, more than the limit of " + maxSynapses
                + " (raise it with --max-synapses)");
        }
    }

    private static String shape(long[] dims) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) b.append(i > 0 ? ", " : "").append(dims[i]);
        return b.append(")").toString();
    }
}
