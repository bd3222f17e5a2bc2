package dev.matdiff.check;

import dev.matdiff.expr.Dim;
import dev.matdiff.expr.Dims;
import dev.matdiff.numeric.NumericException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Default sizes that give every size the program derives from them a value: conv's p − r + 1 at least 2, by growing
 * the image's default or, where that is given or one, shrinking the kernel's; 2n − n², positive at n = 1 alone, by the
 * best small sizes.
 */
final class DerivedSizes {
    private DerivedSizes() {}

    /** The smallest size a derived dimension (conv's p − r + 1) is grown to. */
    static final int MIN_DERIVED_SIZE = 2;

    /**
     * The sizes from 1 to 8 of d's free symbols (at most four of them) that make the least of the derived sizes they
     * enter (d among them: 3n − n² beside n − 1) largest, if that is positive: put in sizes; whether there were any.
     */
    private static boolean bestSmall(Dim.Poly d, List<Dim> dims, Map<String, Integer> sizes, Set<String> fixed) {
        List<String> free = Dims.symbols(d).stream().distinct().filter(s -> !fixed.contains(s)).toList();
        if (free.isEmpty() || free.size() > 4) return false;
        List<Dim> entered = new ArrayList<>(List.of(d));
        for (Dim other : dims) if (other instanceof Dim.Poly && Dims.symbols(other).stream().anyMatch(free::contains)) entered.add(other);
        Map<String, Integer> at = new LinkedHashMap<>(sizes), best = null;
        long bestValue = 0;
        int[] digits = new int[free.size()];
        java.util.Arrays.fill(digits, 1);
        while (true) {
            for (int i = 0; i < digits.length; i++) at.put(free.get(i), digits[i]);
            long v = Long.MAX_VALUE;
            // a size with a symbol not sized yet waits for it (Dims.evaluate's −1 would read as a size)
            for (Dim e : entered) if (Dims.symbols(e).stream().allMatch(at::containsKey)) v = Math.min(v, Dims.evaluate(e, at));
            if (v > bestValue) { bestValue = v; best = new LinkedHashMap<>(at); }
            int i = 0;
            while (i < digits.length && digits[i] == 8) digits[i++] = 1;
            if (i == digits.length) break;
            digits[i]++;
        }
        if (best == null) return false;
        sizes.putAll(best);
        return true;
    }

    /**
     * Grows a symbol with a positive coefficient in each derived size that came out too small; where none can grow, shrinks
     * one with a negative coefficient (a kernel's beside a given image).
     */
    static void fit(List<Dim> dims, Map<String, Integer> sizes, Set<String> given) {
        Set<String> fixed = new java.util.HashSet<>(given);  // and the sizes bestSmall settles, which growing would undo
        for (int pass = 0; pass < 10; pass++) {
            boolean changed = false;
            for (Dim d : dims) {
                if (!(d instanceof Dim.Poly p)) continue;
                long value = Dims.evaluate(d, sizes);
                if (value >= MIN_DERIVED_SIZE) continue;
                boolean grew = false;
                for (var term : p.terms().entrySet()) {
                    String m = term.getKey();
                    if (m.isEmpty() || m.contains("*") || term.getValue() <= 0 || fixed.contains(m)) continue;
                    long deficit = MIN_DERIVED_SIZE - value;
                    long grown = sizes.get(m) + (deficit + term.getValue() - 1) / term.getValue();
                    if (grown > 100_000) {
                        // growing only shrinks it (2*n - n*n): the best small sizes instead
                        if (bestSmall(p, dims, sizes, fixed)) {
                            fixed.addAll(Dims.symbols(p));
                            changed = true;
                            break;
                        }
                        throw new NumericException("found no sizes that make the dimension " + d + " positive; give the dimension sizes");
                    }
                    sizes.put(m, (int) grown);
                    changed = grew = true;
                    break;
                }
                if (grew) continue;
                // none to grow (the image's size given, --dims p=2, or a vector's one column): the kernel's shrinks to fit,
                // to 1 at the least, where the dimension is then at least 1
                for (var term : p.terms().entrySet()) {
                    String m = term.getKey();
                    if (m.isEmpty() || m.contains("*") || term.getValue() >= 0 || fixed.contains(m) || sizes.get(m) <= 1) continue;
                    long deficit = MIN_DERIVED_SIZE - value;
                    int before = sizes.get(m);
                    sizes.put(m, (int) Math.max(1, before - (deficit - term.getValue() - 1) / -term.getValue()));
                    if (Dims.evaluate(d, sizes) < 1) {
                        sizes.put(m, before);
                        continue;
                    }
                    fixed.add(m);  // not grown again by another dimension: the two would take turns
                    changed = true;
                    break;
                }
            }
            if (!changed) return;
        }
    }
}
