package dev.matdiff.expr;

import java.math.BigDecimal;

/**
 * A finite number as the printers write it in decimal, its shortest digits: plain from 1e-4 to 1e15 (exponent 0),
 * else a mantissa and a power of ten, which the text printer writes 1e-5 and the LaTeX printer 10^{-5}.
 */
public record DecimalForm(String mantissa, int exponent) {

    public static DecimalForm of(double v) { return of(new BigDecimal(Double.toString(v)).stripTrailingZeros(), v); }

    /**
     * A constant of a formula: its shortest digits, or the shortest of at most 15 significant digits one unit in the last
     * place away. A constant folded from the decimals a user wrote carries the fold's binary rounding, which the exact
     * decimal product does not have: 3·0.044715·0.79788456 is 0.1070322243012, not 0.10703222430119999 (trial s81b, GELU).
     */
    public static DecimalForm ofConstant(double v) {
        BigDecimal exact = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        if (exact.precision() > 15) {
            BigDecimal shorter = exact.round(new java.math.MathContext(15)).stripTrailingZeros();
            if (Math.abs(shorter.doubleValue() - v) <= Math.ulp(v)) return of(shorter, v);
        }
        return of(exact, v);
    }

    private static DecimalForm of(BigDecimal d, double v) {
        if (Math.abs(v) >= 1e-4 && Math.abs(v) < 1e15) return new DecimalForm(d.toPlainString(), 0);
        int exponent = d.precision() - d.scale() - 1;
        return new DecimalForm(d.movePointLeft(exponent).stripTrailingZeros().toPlainString(), exponent);
    }

    /** Whether v is finite, not 0, and exactly a decimal of at most {@code places} places (0.04, 2; not 1/3 or √2). */
    public static boolean isShort(double v, int places) {
        return Double.isFinite(v) && v != 0 && new BigDecimal(Double.toString(v)).stripTrailingZeros().scale() <= places;
    }
}
