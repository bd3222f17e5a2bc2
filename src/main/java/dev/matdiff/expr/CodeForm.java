package dev.matdiff.expr;

import java.util.List;

/**
 * How a function is spelled in generated code: one template each for NumPy, PyTorch and Java on
 * Commons Math ({@code matdiff codegen}). In a template, {@code $0} and {@code $1} are the
 * arguments (each used at most once: the generator passes a value, not an expression to repeat),
 * {@code $rows}, {@code $cols} and {@code $shape} the size of the result, and {@code @name} a
 * helper function the generated module defines when something calls it.
 *
 * <p>Values are scalars (a Python float, a 0-d tensor, a Java {@code double}), vectors (1-D
 * arrays) and matrices (2-D arrays); in Java every non-scalar is a {@code RealMatrix}. A
 * {@link #matrices} form takes and gives 2-D arrays in Python too (kron on 1-D arrays is not the
 * Kronecker product of a column and a row): the generator reshapes around it. A Java template of
 * an element-wise function spells it on a {@code double}; the generator maps it over a matrix.
 *
 * @param numpy    the NumPy spelling ({@code np.exp($0)})
 * @param torch    the PyTorch spelling ({@code torch.exp($0)})
 * @param java     the Java spelling ({@code Math.exp($0)}, {@code $0.getTrace()})
 * @param matrices whether the Python spellings read and give 2-D arrays whatever the shapes
 */
public record CodeForm(String numpy, String torch, String java, boolean matrices) {

    public CodeForm {
        for (String t : List.of(numpy, torch, java))
            for (String arg : List.of("$0", "$1"))
                if (t.indexOf(arg) != t.lastIndexOf(arg))
                    throw new IllegalArgumentException("a template uses " + arg + " twice (use a helper): " + t);
    }

    /** A spelling whose Python forms take a value of each argument's own shape. */
    public static CodeForm of(String numpy, String torch, String java) { return new CodeForm(numpy, torch, java, false); }

    /** A spelling whose Python forms take and give 2-D arrays. */
    public static CodeForm matrices(String numpy, String torch, String java) { return new CodeForm(numpy, torch, java, true); }
}
