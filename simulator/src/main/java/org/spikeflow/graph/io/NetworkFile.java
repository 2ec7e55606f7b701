package org.spikeflow.graph.io;

import org.spikeflow.graph.GraphException;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronModel;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;
import org.spikeflow.graph.ProjectionKind;
import org.spikeflow.graph.ResetMode;
import org.spikeflow.graph.Shape;
import org.spikeflow.graph.TtfsParams;
import org.spikeflow.io.BinaryIO;
import org.spikeflow.io.InputLimits;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The {@code .snn} network file, format version 1 (documented in {@code docs/network-format.md}):
 * <pre>
 *   magic "SNNF" | u16 version | body | u32 CRC32 of magic+version+body          (big-endian)
 *   body: name | metadata (count, key/value strings) | populations | projections | output population index
 * </pre>
 * Strings are {@code writeUTF}; float arrays are a length followed by the values. Writing is atomic (temp file
 * in the same directory, then move); reading checks magic, version, CRC and the graph's own validation.
 */
public final class NetworkFile {
    public static final int VERSION = 1;
    private static final byte[] MAGIC = {'S', 'N', 'N', 'F'};
    /** Fewest bytes one population takes (name, kind, shape, neuron flag, bias count): bounds a declared count. */
    private static final int MIN_POPULATION_BYTES = 2 + 1 + 12 + 1 + 4;
    /** Fewest bytes one projection takes (name, kind, source, target). */
    private static final int MIN_PROJECTION_BYTES = 2 + 1 + 8;

    private NetworkFile() {
    }

    public static void write(Network net, Path file) {
        try {
            org.spikeflow.io.AtomicFiles.writeBytes(file, toBytes(net));
        } catch (IOException e) {
            throw new NetworkFileException(file + ": cannot write network: " + e.getMessage(), e);
        }
    }

    public static byte[] toBytes(Network net) {
        try {
            ByteArrayOutputStream bos = new ByteArrayOutputStream(1 << 16);
            DataOutputStream out = new DataOutputStream(bos);
            out.write(MAGIC);
            out.writeShort(VERSION);
            out.writeUTF(net.name());
            out.writeInt(net.metadata().size());
            for (Map.Entry<String, String> e : net.metadata().entrySet()) {
                BinaryIO.writeText(out, e.getKey());
                BinaryIO.writeText(out, e.getValue());
            }
            List<Population> pops = net.populations();
            out.writeInt(pops.size());
            for (Population p : pops) {
                out.writeUTF(p.name());
                out.writeByte(p.kind().ordinal());
                out.writeInt(p.shape().channels());
                out.writeInt(p.shape().height());
                out.writeInt(p.shape().width());
                NeuronParams n = p.neuron();
                out.writeBoolean(n != null);
                if (n != null) {
                    out.writeByte(n.model().ordinal());
                    out.writeByte(n.reset().ordinal());
                    out.writeFloat(n.threshold());
                    out.writeFloat(n.initialMembraneFraction());
                    out.writeInt(n.maxSpikesPerStep());
                    out.writeFloat(n.tauMs());
                    out.writeFloat(n.timestepMs());
                    out.writeInt(n.refractorySteps());
                    if (n.model() == NeuronModel.CUBA_LIF) out.writeFloat(n.tauSynMs());
                    if (n.model() == NeuronModel.TTFS) {
                        TtfsParams t = p.ttfs();
                        out.writeInt(t.tickStart());
                        out.writeInt(t.tickMin());
                        out.writeInt(t.tickMax());
                        BinaryIO.writeFloats(out, t.alpha());
                        BinaryIO.writeFloats(out, t.beta());
                        BinaryIO.writeFloats(out, t.threshold());
                    }
                }
                BinaryIO.writeFloats(out, p.biasPerChannel());
            }
            out.writeInt(net.projections().size());
            for (Projection pr : net.projections()) {
                out.writeUTF(pr.name());
                out.writeByte(pr.kind().ordinal());
                out.writeInt(pr.source().id());
                out.writeInt(pr.target().id());
                pr.writeParameters(out);
            }
            out.writeInt(net.output().id());
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bos.toByteArray());
            out.writeInt((int) crc.getValue());
            out.flush();
            return bos.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Network read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NetworkFileException(file + ": no such file");
        } catch (IOException e) {
            throw new NetworkFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        return fromBytes(bytes, file.toString());
    }

    public static Network fromBytes(byte[] bytes, String what) {
        if (bytes.length < 10 || bytes[0] != MAGIC[0] || bytes[1] != MAGIC[1] || bytes[2] != MAGIC[2] || bytes[3] != MAGIC[3]) {
            throw new NetworkFileException(what + ": not a Spikeflow network file (missing SNNF header)");
        }
        int version = ((bytes[4] & 0xff) << 8) | (bytes[5] & 0xff);
        if (version != VERSION) {
            throw new NetworkFileException(what + ": network file version " + version + " is not supported (this build reads version " + VERSION + ")");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.BIG_ENDIAN).getInt();
        if ((int) crc.getValue() != stored) {
            throw new NetworkFileException(what + ": network file is truncated or corrupt (checksum mismatch)");
        }
        BinaryIO.Bounded in = BinaryIO.reader(bytes, 6, bytes.length - 10);
        try {
            Network.Builder b = Network.builder(in.readUTF());
            int meta = in.readInt();
            for (int i = 0; i < meta; i++) b.meta(BinaryIO.readText(in), BinaryIO.readText(in));
            int np = in.readInt();
            List<Population> pops = new ArrayList<>();
            if (np < 1 || np > in.remaining() / MIN_POPULATION_BYTES) {
                throw new NetworkFileException(what + ": declares " + np + " populations, which " + in.remaining()
                    + " remaining bytes cannot hold");
            }
            InputLimits limits = InputLimits.current();
            long neurons = 0;
            for (int i = 0; i < np; i++) {
                String name = in.readUTF();
                String where = what + ": population " + i + " ('" + name + "')";
                int kindCode = in.readByte();
                if (kindCode < 0 || kindCode >= PopulationKind.values().length) {
                    throw new NetworkFileException(where + ": unknown population kind " + kindCode);
                }
                PopulationKind kind = PopulationKind.values()[kindCode];
                int c = in.readInt(), h = in.readInt(), w = in.readInt();
                if (c <= 0 || h <= 0 || w <= 0) {
                    throw new NetworkFileException(where + ": shape " + c + "x" + h + "x" + w + " (every dimension must be positive)");
                }
                neurons += limits.elements(where, c, h, w);
                Shape shape = new Shape(c, h, w);
                NeuronParams n = null;
                TtfsParams ttfs = null;
                if (in.readBoolean()) {
                    int model = in.readByte(), reset = in.readByte();
                    if (model < 0 || model >= NeuronModel.values().length || reset < 0 || reset >= ResetMode.values().length) {
                        throw new NetworkFileException(where + ": unknown neuron model " + model + " or reset mode " + reset);
                    }
                    NeuronModel m = NeuronModel.values()[model];
                    try {
                        n = new NeuronParams(m, ResetMode.values()[reset], in.readFloat(),
                            in.readFloat(), in.readInt(), in.readFloat(), in.readFloat(), in.readInt(),
                            m == NeuronModel.CUBA_LIF ? in.readFloat() : 0f);
                    } catch (IllegalArgumentException e) {
                        throw new NetworkFileException(where + ": invalid neuron parameters: " + e.getMessage(), e);
                    }
                    if (m == NeuronModel.TTFS) {
                        int tickStart = in.readInt(), tickMin = in.readInt(), tickMax = in.readInt();
                        float[] alpha = BinaryIO.readFloats(in), beta = BinaryIO.readFloats(in), threshold = BinaryIO.readFloats(in);
                        if (alpha == null || beta == null || threshold == null) {
                            throw new NetworkFileException(where + ": TTFS neurons without their alpha, beta or threshold values");
                        }
                        ttfs = new TtfsParams(tickStart, tickMin, tickMax, alpha, beta, threshold);
                    }
                }
                float[] bias = BinaryIO.readFloats(in);
                Population p;
                try {
                    p = switch (kind) {
                        case INPUT -> Population.input(name, shape);
                        case MAX_POOL -> Population.maxPool(name, shape);
                        case SPIKING -> ttfs != null && bias == null ? Population.ttfs(name, shape, n, ttfs) : Population.spiking(name, shape, n, bias);
                    };
                } catch (IllegalArgumentException e) {
                    throw new NetworkFileException(where + ": " + e.getMessage(), e);
                }
                pops.add(p);
                b.add(p);
            }
            // before any projection (window tables, weights) is read and long before an engine allocates per neuron
            limits.checkNeurons(what, neurons);
            int nproj = in.readInt();
            if (nproj < 0 || nproj > in.remaining() / MIN_PROJECTION_BYTES) {
                throw new NetworkFileException(what + ": declares " + nproj + " projections, which " + in.remaining()
                    + " remaining bytes cannot hold");
            }
            for (int i = 0; i < nproj; i++) {
                String name = in.readUTF();
                String where = what + ": projection " + i + " ('" + name + "')";
                int kindCode = in.readByte();
                if (kindCode < 0 || kindCode >= ProjectionKind.values().length) {
                    throw new NetworkFileException(where + ": unknown projection kind " + kindCode);
                }
                ProjectionKind kind = ProjectionKind.values()[kindCode];
                int from = in.readInt(), to = in.readInt();
                if (from < 0 || from >= pops.size() || to < 0 || to >= pops.size()) {
                    throw new NetworkFileException(where + ": connects population " + from + " to " + to + " of " + pops.size());
                }
                try {
                    b.connect(kind.read(name, pops.get(from), pops.get(to), in));
                } catch (GraphException e) {
                    throw e;
                } catch (IllegalArgumentException e) {
                    throw new NetworkFileException(where + ": invalid parameters: " + e.getMessage(), e);
                }
            }
            int output = in.readInt();
            if (output < 0 || output >= pops.size()) {
                throw new NetworkFileException(what + ": output population " + output + " of " + pops.size());
            }
            b.output(pops.get(output));
            Network net = b.build();
            long synapses = 0;
            for (Projection pr : net.projections()) synapses += pr.connections();
            limits.checkSynapses(what, synapses);
            return net;
        } catch (EOFException | IndexOutOfBoundsException e) {
            throw new NetworkFileException(what + ": network file is truncated or inconsistent (a declared length or index"
                + " does not fit, near byte " + (bytes.length - 4 - in.remaining()) + " of " + bytes.length + ")");
        } catch (java.io.UTFDataFormatException e) {
            throw new NetworkFileException(what + ": network file has a malformed name near byte " + (bytes.length - 4 - in.remaining()));
        } catch (GraphException e) {
            throw new NetworkFileException(what + ": invalid network: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new NetworkFileException(what + ": cannot read network: " + e.getMessage(), e);
        }
    }
}
