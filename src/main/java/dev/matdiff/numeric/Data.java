package dev.matdiff.numeric;

import dev.matdiff.source.Pos;

import org.apache.commons.math3.linear.RealMatrix;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values read from a data file, in file order, with where each value starts in the file so a
 * later complaint about a value (a wrong shape) can point at it.
 */
public record Data(Map<String, RealMatrix> values, Map<String, Pos> positions) {

    public Data {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        positions = Collections.unmodifiableMap(new LinkedHashMap<>(positions));
    }

    public Pos position(String name) { return positions.getOrDefault(name, Pos.NONE); }
}
