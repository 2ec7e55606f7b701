package org.spikeflow.benchmarks;

/** JVM flags of every benchmark fork; keep in sync with the parent pom's {@code spikeflow.jvm.flags}. */
final class JvmFlags {
    static final String VECTOR = "--add-modules=jdk.incubator.vector";
    static final String MISC = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    static final String HEAP = "-Xmx4g";

    private JvmFlags() {
    }
}
