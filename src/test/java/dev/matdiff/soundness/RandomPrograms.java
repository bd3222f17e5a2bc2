package dev.matdiff.soundness;

import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Shape;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.testing.RandomExpressions;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static dev.matdiff.testing.RandomExpressions.M;
import static dev.matdiff.testing.RandomExpressions.N;

/**
 * Random layered programs, {@code h1 = …; h2 = …(h1)…; L = …(h2)…}: each intermediate reads the
 * one before it (and may read earlier ones), the objective reads the last. The staged derivation
 * backpropagates through them one stage at a time.
 */
public final class RandomPrograms {
    private RandomPrograms() {}

    /** The shapes an intermediate may have. */
    static final Shape[] SHAPES = {Shape.SCALAR, Shape.vector(N), Shape.vector(M), new Shape(M, N), Shape.square(N), Shape.square(M)};

    /** A program text: {@link RandomExpressions#declarations()}, then the layers and L. */
    public static String layered(long seed, boolean smooth, int layers, int depth) {
        Random random = new Random(seed);
        RandomExpressions gen = new RandomExpressions(seed, smooth);
        List<Expr.Named> defs = new ArrayList<>();
        for (int i = 1; i <= layers + 1; i++) {
            boolean last = i == layers + 1;
            Shape s = last ? Shape.SCALAR : SHAPES[random.nextInt(SHAPES.length)];
            gen.withLeaves(defs);
            Expr body = null;
            for (int attempt = 0; attempt < 20 && body == null; attempt++) {
                Expr e = gen.gen(s, 1 + random.nextInt(depth));
                if (defs.isEmpty() || uses(e, defs.get(defs.size() - 1))) body = e;
            }
            if (body == null) {
                // make it read the layer below: body + tanh(sum(h))·1
                Expr previous = defs.get(defs.size() - 1);
                body = Exprs.add(gen.gen(s, 1), Exprs.mul(Exprs.call(Op.TANH, Exprs.sum(previous)), Exprs.ones(s)));
            }
            defs.add(Exprs.named(last ? "L" : "h" + i, body));
        }
        StringBuilder text = new StringBuilder(RandomExpressions.declarations());
        for (Expr.Named h : defs) text.append(h.name()).append(" = ").append(TextPrinter.print(h.body())).append('\n');
        return text.toString();
    }

    static boolean uses(Expr e, Expr part) {
        for (Expr n : Soundness.nodes(e)) if (n == part) return true;
        return false;
    }
}
