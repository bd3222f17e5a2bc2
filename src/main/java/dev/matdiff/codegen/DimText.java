package dev.matdiff.codegen;

import dev.matdiff.expr.Dim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A computed size ({@code p - r + 1}, {@code m*n}) as an arithmetic expression of generated code: the same in Python and Java. */
final class DimText {
    private DimText() {}

    /** The polynomial with each symbol spelled by {@code symbol}: positive terms first, the constant last, as matdiff prints it. */
    static String poly(Dim.Poly p, UnaryOperator<String> symbol) {
        List<Map.Entry<String, Long>> terms = new ArrayList<>(p.terms().entrySet());
        terms.sort(java.util.Comparator.<Map.Entry<String, Long>>comparingInt(e -> e.getKey().isEmpty() ? 2 : e.getValue() > 0 ? 0 : 1)
                .thenComparing(Map.Entry::getKey));
        StringBuilder sb = new StringBuilder();
        for (var t : terms) {
            long c = t.getValue();
            List<String> factors = new ArrayList<>();
            if (!t.getKey().isEmpty()) for (String s : t.getKey().split("\\*")) factors.add(symbol.apply(s));
            String monomial = String.join(" * ", factors);
            long k = Math.abs(c);
            String magnitude = monomial.isEmpty() ? Long.toString(k) : k == 1 ? monomial : k + " * " + monomial;
            if (sb.length() == 0) sb.append(c < 0 ? "-" : "").append(magnitude);
            else sb.append(c < 0 ? " - " : " + ").append(magnitude);
        }
        return sb.toString();
    }
}
