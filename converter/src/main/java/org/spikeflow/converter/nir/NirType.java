package org.spikeflow.converter.nir;

/** NIR node types, by the name a file stores in a node's {@code type}; {@link #supported} says whether import maps it. */
public enum NirType {
    INPUT("Input", Role.INPUT, true),
    OUTPUT("Output", Role.OUTPUT, true),
    AFFINE("Affine", Role.SYNAPSE, true),
    LINEAR("Linear", Role.SYNAPSE, true),
    CONV1D("Conv1d", Role.SYNAPSE, true),
    CONV2D("Conv2d", Role.SYNAPSE, true),
    SUM_POOL2D("SumPool2d", Role.SYNAPSE, true),
    AVG_POOL2D("AvgPool2d", Role.SYNAPSE, true),
    FLATTEN("Flatten", Role.SYNAPSE, true),
    SCALE("Scale", Role.SYNAPSE, true),
    IF("IF", Role.NEURON, true),
    LIF("LIF", Role.NEURON, true),
    LI("LI", Role.NEURON, true),
    INTEGRATOR("I", Role.NEURON, true),
    THRESHOLD("Threshold", Role.NEURON, true),
    CUBA_LIF("CubaLIF", Role.NEURON, true),
    CUBA_LI("CubaLI", Role.NEURON, true),
    DELAY("Delay", Role.SYNAPSE, false),
    NIR_GRAPH("NIRGraph", Role.GRAPH, false);

    /** What a node becomes in the event graph. */
    public enum Role { INPUT, OUTPUT, SYNAPSE, NEURON, GRAPH }

    private final String fileName;
    private final Role role;
    private final boolean supported;

    NirType(String fileName, Role role, boolean supported) {
        this.fileName = fileName;
        this.role = role;
        this.supported = supported;
    }

    public String fileName() {
        return fileName;
    }

    public Role role() {
        return role;
    }

    public boolean supported() {
        return supported;
    }

    /** The type a file names, or null when it is not a NIR type this build knows. */
    public static NirType byFileName(String name) {
        for (NirType t : values()) if (t.fileName.equals(name)) return t;
        return null;
    }
}
