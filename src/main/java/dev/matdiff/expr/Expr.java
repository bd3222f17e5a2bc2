package dev.matdiff.expr;

import java.util.List;

/**
 * An immutable, shape-typed matrix expression. Build them with {@link Exprs}: it hash-conses,
 * so equal subexpressions are one shared object and an expression is a DAG, never a tree that
 * grows by copying.
 */
public sealed interface Expr permits Expr.Var, Expr.Num, Expr.Named, Expr.Node {

    Shape shape();

    /** The direct subexpressions, for generic walks. */
    List<Expr> children();

    /** A declared symbol. */
    record Var(String name, Shape shape, VarKind kind, boolean constant) implements Expr {
        public List<Expr> children() { return List.of(); }
        public boolean symmetric() { return kind == VarKind.SYMMETRIC; }
    }

    /** A real constant; always a scalar. */
    record Num(double value) implements Expr {
        public Shape shape() { return Shape.SCALAR; }
        public List<Expr> children() { return List.of(); }
    }

    /** A program's named intermediate ({@code h = W*x + b}): printed by name, valued by its body. */
    record Named(String name, Expr body) implements Expr {
        public Shape shape() { return body.shape(); }
        public List<Expr> children() { return List.of(body); }
    }

    /**
     * An operation applied to arguments. {@code param} carries an operation's number (the k of
     * {@code A^k}); {@code hash} is the structural hash, computed once so a shared DAG never has to
     * be walked to hash it.
     */
    record Node(Op op, List<Expr> args, double param, Shape shape, int hash) implements Expr {
        public Node {
            args = List.copyOf(args);
            op.checkArity(args.size());
        }

        Node(Op op, List<Expr> args, double param, Shape shape) {
            this(op, args, param, shape, structuralHash(op, args, param, shape));
        }

        public Expr arg(int i) { return args.get(i); }

        public List<Expr> children() { return args; }

        private static int structuralHash(Op op, List<Expr> args, double param, Shape shape) {
            int h = op.hashCode() * 31 + Double.hashCode(param);
            for (int i = 0; i < args.size(); i++) h = h * 31 + args.get(i).hashCode();
            return h * 31 + shape.hashCode();
        }

        @Override public int hashCode() { return hash; }

        @Override public boolean equals(Object o) {
            return this == o || (o instanceof Node n && hash == n.hash && op == n.op
                    && Double.compare(param, n.param) == 0 && (shape == n.shape || shape.equals(n.shape)) && sameArgs(n.args));
        }

        /** Interned arguments compare by reference, so this is List.equals without an iterator per call. */
        private boolean sameArgs(List<Expr> other) {
            if (args.size() != other.size()) return false;
            for (int i = 0; i < args.size(); i++) {
                Expr a = args.get(i), b = other.get(i);
                if (a != b && !a.equals(b)) return false;
            }
            return true;
        }

        @Override public String toString() { return TextPrinter.print(this); }
    }
}
