package org.spikeflow.converter.nir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One node of a NIR graph as stored: its name, its type (null when the file names a type this reader does not
 * know; {@link #typeName()} keeps the stored name), its numeric datasets and its string datasets.
 */
public record NirNode(String name, NirType type, String typeName, Map<String, NirArray> arrays, Map<String, String> strings) {
    public NirNode {
        arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
        strings = Collections.unmodifiableMap(new LinkedHashMap<>(strings));
    }

    public static NirNode of(String name, NirType type, Map<String, NirArray> arrays) {
        return new NirNode(name, type, type.fileName(), arrays, Map.of());
    }

    public boolean has(String key) {
        return arrays.containsKey(key);
    }

    /** The dataset {@code key}; a {@link org.spikeflow.converter.ModelException} naming the node when it is missing. */
    public NirArray array(String key) {
        NirArray a = arrays.get(key);
        if (a == null) {
            throw new NirException("node '" + name + "' (" + typeName + ") has no '" + key + "' dataset"
                + (strings.containsKey(key) ? " of numbers (it is a string: '" + strings.get(key) + "')" : ""));
        }
        return a;
    }

    public String describe() {
        return "'" + name + "' (" + typeName + ")";
    }
}
