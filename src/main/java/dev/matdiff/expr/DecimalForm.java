package dev.matdiff.expr;

import java.math.BigDecimal;

/**
 * A finite number as the printers write it in decimal, its shortest digits: plain from 1e-4 to 1e15 (exponent 0),
 * else a mantissa and a power of ten, which the text printer writes 1e-5 and the LaTeX printer 10^{-5}.
 */
public record DecimalForm(String mantissa, int exponent) {

    public static DecimalForm of(double v) {
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        if (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e15) return new DecimalForm(d.toPlainString(), 0);
        int exponent = d.precision() - d.scale() - 1;
        return new DecimalForm(d.movePointLeft(exponent).stripTrailingZeros().toPlainString(), exponent);
    }

    /** Whether v is finite, not 0, and exactly a decimal of at most {@code places} places (0.04, 2; not 1/3 or √2). */
    public static boolean isShort(double v, int places) {
        return Double.isFinite(v) && v != 0 && new BigDecimal(Double.toString(v)).stripTrailingZeros().scale() <= places;
    }
}
