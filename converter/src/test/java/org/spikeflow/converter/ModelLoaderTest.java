package org.spikeflow.converter;

import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.testing.SharedFixtures;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Format detection and the one-line messages for files that are missing, corrupt or of an unknown kind. */
class ModelLoaderTest {

    private static Onnx.ValueInfoProto info(String name, long dim) {
        Onnx.TensorShapeProto s = Onnx.TensorShapeProto.newBuilder()
            .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N"))
            .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(dim)).build();
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
            .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    @Test
    void missingFileIsReportedByName(@TempDir Path dir) {
        Path f = dir.resolve("absent.onnx");
        ModelException e = assertThrows(ModelException.class, () -> ModelLoader.load(f));
        assertEquals(f + ": no such file", e.getMessage());
    }

    @Test
    void garbageOnnxFileIsAClearModelErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("garbage.onnx");
        Files.writeString(f, "this is not a model, just text\n", StandardCharsets.US_ASCII);
        ModelException e = assertThrows(ModelException.class, () -> ModelLoader.load(f));
        assertTrue(e.getMessage().startsWith(f + ": not a valid ONNX model"), e.getMessage());
    }

    @Test
    void missingExternalDataFileIsNamed(@TempDir Path dir) throws Exception {
        Onnx.TensorProto w = Onnx.TensorProto.newBuilder().setName("w").setDataType(1).addDims(2).addDims(2)
            .setDataLocation(Onnx.TensorProto.DataLocation.EXTERNAL)
            .addExternalData(Onnx.StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin")).build();
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("t")
            .addInput(info("x", 2))
            .addOutput(info("y", 2)).addInitializer(w)
            .addNode(Onnx.NodeProto.newBuilder().setOpType("Gemm").setName("fc").addInput("x").addInput("w").addOutput("y"));
        Path f = dir.resolve("ext.onnx");
        Files.write(f, Onnx.ModelProto.newBuilder().setIrVersion(7)
            .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build().toByteArray());
        ModelException e = assertThrows(ModelException.class, () -> ModelLoader.load(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("weights.bin")
            && e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void unknownExtensionWithoutAKnownMagicIsRejected(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("model.bin");
        Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        ModelException e = assertThrows(ModelException.class, () -> ModelLoader.load(f));
        assertTrue(e.getMessage().startsWith(f + ": unknown model format"), e.getMessage());
    }

    @Test
    void hdf5AndZipAreRecognisedByTheirMagicWhateverTheExtension(@TempDir Path dir) throws Exception {
        Path h5 = dir.resolve("lenet.model");
        Files.write(h5, new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'});
        assertEquals(ModelLoader.Kind.KERAS_H5, ModelLoader.kind(h5));
        Path zip = dir.resolve("archive.model");
        Files.write(zip, new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0});
        assertEquals(ModelLoader.Kind.KERAS_V3, ModelLoader.kind(zip));
    }

    @Test
    void kerasFixtureLoadsFromAFileWithoutTheH5Extension(@TempDir Path dir) throws Exception {
        var h5 = SharedFixtures.require("fixtures/keras_lenet5_mnist.h5");
        Path link = dir.resolve("lenet.model");
        Files.createSymbolicLink(link, h5.toAbsolutePath());
        assertEquals(784, ModelLoader.load(link).input().size());
    }
}
