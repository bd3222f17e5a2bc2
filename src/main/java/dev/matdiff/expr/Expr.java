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

    /**
     * Whether this is or holds a differential dX. Known at construction, so a rule can ask it of a deep
     * expression without walking it (a walk per question made deriving a k-layer network O(k²)).
     */
    static boolean holdsDifferential(Expr e) {
        return e instanceof Node n ? n.differential : e instanceof Named nm && nm.differential;
    }

    /** A declared symbol. */
    record Var(String name, Shape shape, VarKind kind, boolean constant) implements Expr {
        public List<Expr> children() { return List.of(); }
        public boolean symmetric() { return kind == VarKind.SYMMETRIC; }

        /** As a program declares it: "matrix X(m, n)", "vector w(n)", "symmetric S(n)", "scalar a". */
        public String declaration() {
            String sizes = switch (kind) {
                case SCALAR -> "";
                case VECTOR, SYMMETRIC -> "(" + shape.rows() + ")";
                case MATRIX -> "(" + shape.rows() + ", " + shape.cols() + ")";
            };
            return kind.keyword() + " " + name + sizes;
        }
    }

    /** A real constant; always a scalar. */
    record Num(double value) implements Expr {
        public Shape shape() { return Shape.SCALAR; }
        public List<Expr> children() { return List.of(); }
    }

    /**
     * A program's named intermediate ({@code h = W*x + b}): printed by name, valued by its body. Its hash, shape and
     * whether it holds a differential are kept, as a Node's are: read through the body, a chain of 10,000 aliases
     * (h1 = h0, h2 = h1, …) cost a walk down the chain for each question, quadratic in all.
     */
    final class Named implements Expr {
        private final String name;
        private final Expr body;
        private final Shape shape;
        private final int hash;
        private final boolean differential;

        public Named(String name, Expr body) {
            this.name = java.util.Objects.requireNonNull(name);
            this.body = java.util.Objects.requireNonNull(body);
            this.shape = body.shape();
            this.hash = name.hashCode() * 31 + body.hashCode();
            this.differential = holdsDifferential(body);
        }

        public String name() { return name; }

        public Expr body() { return body; }

        public Shape shape() { return shape; }

        public List<Expr> children() { return List.of(body); }

        @Override public int hashCode() { return hash; }

        @Override public boolean equals(Object o) {
            return this == o || o instanceof Named n && hash == n.hash && name.equals(n.name) && (body == n.body || body.equals(n.body));
        }

        @Override public String toString() { return "Named[" + name + "]"; }
    }

    /**
     * An operation applied to arguments. {@code param} carries an operation's number (the k of
     * {@code A^k}); {@code hash} is the structural hash, computed once so a shared DAG never has to
     * be walked to hash it.
     *
     * <p>A class rather than a record only to keep the first two arguments in fields of its own:
     * interning compares them and every rule reads them, and in a large DAG the argument list is
     * seldom in the CPU's cache when the node is (the garbage collector moves them apart).
     */
    final class Node implements Expr {
        private final Op op;
        private final List<Expr> args;
        private final double param;
        private final Shape shape;
        private final int hash;
        private final Expr first, second;
        private final int arity;
        private final boolean differential;

        public Node(Op op, List<Expr> args, double param, Shape shape) {
            this.op = op;
            this.args = List.copyOf(args);
            op.checkArity(this.args.size());
            this.param = param;
            this.shape = shape;
            this.arity = this.args.size();
            this.first = arity > 0 ? this.args.get(0) : null;
            this.second = arity > 1 ? this.args.get(1) : null;
            this.hash = structuralHash(op, this.args, param, shape);
            boolean d = op == Op.DIFF;
            for (int i = 0; i < arity && !d; i++) d = Expr.holdsDifferential(this.args.get(i));
            this.differential = d;
        }

        public Op op() { return op; }

        public List<Expr> args() { return args; }

        public double param() { return param; }

        public Shape shape() { return shape; }

        public int arity() { return arity; }

        public Expr arg(int i) { return i == 0 ? first : i == 1 ? second : args.get(i); }

        public List<Expr> children() { return args; }

        /**
         * Each argument's hash is mixed before it is combined: with h·31 + hash alone, an argument met twice (h + x ⊙ x
         * − 0.001·h) enters with an even coefficient, and a chain of such definitions had one hash from its seventh
         * link on, so interning compared every link with every other, all the way down (quadratic, then worse).
         */
        private static int structuralHash(Op op, List<Expr> args, double param, Shape shape) {
            int h = op.hashCode() * 31 + Double.hashCode(param);
            for (int i = 0; i < args.size(); i++) h = h * 31 + mixed(args.get(i).hashCode());
            return h * 31 + shape.hashCode();
        }

        /** MurmurHash3's finaliser: a bijection that is not linear in the sum, so no coefficient can cancel a hash. */
        private static int mixed(int h) {
            h ^= h >>> 16;
            h *= 0x85EBCA6B;
            h ^= h >>> 13;
            h *= 0xC2B2AE35;
            return h ^ (h >>> 16);
        }

        @Override public int hashCode() { return hash; }

        @Override public boolean equals(Object o) {
            return this == o || (o instanceof Node n && hash == n.hash && op == n.op && arity == n.arity
                    && Double.compare(param, n.param) == 0 && (shape == n.shape || shape.equals(n.shape))
                    && same(first, n.first) && same(second, n.second) && sameRest(n));
        }

        /** Interned arguments compare by reference; equals is for expressions built around the factory. */
        private static boolean same(Expr a, Expr b) { return a == b || a != null && a.equals(b); }

        private boolean sameRest(Node n) {
            for (int i = 2; i < arity; i++) if (!same(args.get(i), n.args.get(i))) return false;
            return true;
        }

        @Override public String toString() { return TextPrinter.print(this); }
    }
}
