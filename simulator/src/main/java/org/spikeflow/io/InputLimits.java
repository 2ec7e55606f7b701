package org.spikeflow.io;

/**
 * Sizes beyond which a file is refused before anything is allocated: the element count of one tensor, array or
 * population ({@link #maxElements}), the synapses of a whole network ({@link #maxSynapses}) and its neurons, the sum
 * of its population sizes ({@link #maxNeurons}). Readers first check a declared size against the bytes the file can
 * hold; these limits bound what the bytes cannot (a population's shape, a compressed stream, a convolution's window,
 * the state the engines keep per neuron). The defaults fit a 2 GiB heap; the command line raises them with
 * {@code --max-elements}, {@code --max-synapses} and {@code --max-neurons} for genuinely large models.
 */
public record InputLimits(long maxElements, long maxSynapses, long maxNeurons) {
    /** 2^27 elements (512 MiB of floats) per tensor or population. */
    public static final long DEFAULT_MAX_ELEMENTS = 1L << 27;
    /** 2^32 synapses in one network. */
    public static final long DEFAULT_MAX_SYNAPSES = 1L << 32;
    /**
     * 2^24 neurons in one network. The engines keep about {@value #ENGINE_BYTES_PER_NEURON} bytes of state per neuron in
     * every pipeline (membrane, refractory count, input current, one accumulator per incoming projection, the touch map,
     * the per-neuron bias, the outgoing spike buffer; the dense reference its activity instead of the buffer), and
     * {@code simulate} runs one pipeline per thread (two by default): 2^24 neurons are about 1.3 GB at two threads, what
     * a 2 GiB heap holds beside the weights. The largest network measured here, VGG-16 at 224x224 (13.5 million
     * neurons), fits.
     */
    public static final long DEFAULT_MAX_NEURONS = 1L << 24;
    /** State the engines keep per neuron and pipeline, in bytes (rounded up; see {@link #DEFAULT_MAX_NEURONS}). */
    public static final int ENGINE_BYTES_PER_NEURON = 40;
    public static final InputLimits DEFAULT = new InputLimits(DEFAULT_MAX_ELEMENTS, DEFAULT_MAX_SYNAPSES, DEFAULT_MAX_NEURONS);

    private static volatile InputLimits current = DEFAULT;

    public InputLimits {
        if (maxElements < 1 || maxElements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("max-elements must be between 1 and " + (Integer.MAX_VALUE - 8) + ", got " + maxElements);
        }
        if (maxSynapses < 1) throw new IllegalArgumentException("max-synapses must be positive, got " + maxSynapses);
        if (maxNeurons < 1) throw new IllegalArgumentException("max-neurons must be positive, got " + maxNeurons);
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

    /**
     * What is wrong with a network of {@code total} neurons (the sum of its population sizes), or null when it is within
     * {@link #maxNeurons}: the total, the limit and the flag that raises it.
     */
    public String neuronExcess(long total) {
        if (total <= maxNeurons) return null;
        return "its populations hold " + total + " neurons in all, more than the limit of " + maxNeurons
            + " (the engines keep about " + ENGINE_BYTES_PER_NEURON + " bytes per neuron in each thread's pipeline;"
            + " raise it with --max-neurons)";
    }

    /** Refuses a network of {@code total} neurons beyond {@link #maxNeurons}, naming {@code what}. */
    public void checkNeurons(String what, long total) {
        String excess = neuronExcess(total);
        if (excess != null) throw new InvalidInputException(what + ": " + excess);
    }

    private static String shape(long[] dims) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) b.append(i > 0 ? ", " : "").append(dims[i]);
        return b.append(")").toString();
    }
}
