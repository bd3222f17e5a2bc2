package dev.matdiff.expr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Names for the parts of long expressions that they would print more than once, so printed size
 * stays linear in the size of the DAG: a residual network's gradient, whose tree doubles with
 * each block, prints as {@code t3*h1'} with {@code t1 = …, t2 = …, t3 = …}. An expression
 * whose tree is short prints as it is, repeats and all, as a textbook would write it.
 */
public final class Temporaries {

    /** Trees up to this many nodes print whole. */
    public static final int LONG = 100;

    /** A part this small is printed where it is used, however often. */
    static final int SMALL = 4;
    /** A sum another extends is named in a shorter result from this many nodes: a δ, not a residual h − y. */
    static final int LONG_SUM = 8;
    /** A result above this many nodes names a function's value it would print three times or more (a hidden layer's σ(Wx)). */
    static final int MEDIUM = 30;
    /** A δ two results print is named where that spares this many printed nodes. */
    static final int SPARED = 2 * LONG_SUM;

    private final Set<String> taken;
    /**
     * t1, t2, …; u1, u2, … where the program has a symbol t, whose t1 would read as related to it (layer norm's t), or
     * numbers its own t's (layers t1 … t4, whose δ's named t5, t6 would read as more layers).
     */
    private final String prefix;
    private final Map<Expr, String> names = IdentityMaps.map();
    private final Map<String, Expr> definitions = new LinkedHashMap<>();
    /** The parts named only for a shorter result: printed by name only where an expression prints them often. */
    private final Set<Expr> resultParts = IdentityMaps.set();
    /** Whether the definitions are known to be in dependency order since the last parts were named. */
    private boolean ordered = true;

    /** @param taken names the program uses, which a temporary must not take */
    public Temporaries(Set<String> taken) { this(taken, WALK_BUDGET); }

    /** With another {@link #WALK_BUDGET}: for tests of what happens past it. */
    Temporaries(Set<String> taken, long walkBudget) {
        this.taken = taken;
        this.walkBudget = walkBudget;
        List<String> prefixes = List.of("t", "u", "q", "r");
        this.prefix = prefixes.stream().filter(p -> !taken.contains(p) && !numbered(taken, p)).findFirst()
                .orElseGet(() -> prefixes.stream().filter(p -> !taken.contains(p)).findFirst().orElse("t"));
    }

    /** Whether the program numbers names with this prefix (layers t1, …, t4): a part named t5 would read as one more layer. */
    private static boolean numbered(Set<String> taken, String prefix) {
        return taken.stream().anyMatch(n -> n.length() > prefix.length() && n.startsWith(prefix) && n.substring(prefix.length()).chars().allMatch(Character::isDigit));
    }

    /** The name of each named part. */
    public Map<Expr, String> names() { order(); return names; }

    /** The named parts, each after the ones its definition uses. */
    public Map<String, Expr> definitions() { order(); return definitions; }

    private void order() {
        if (ordered) return;
        // a part named for a later expression (a Hessian's) may sit inside an earlier one
        if (!DefinitionOrder.holds(definitions.values(), names)) renumberInDependencyOrder();
        ordered = true;
    }

    public boolean isEmpty() { return names.isEmpty(); }

    /** "t1 = …", a line for each named part, printed with the others' names: what a printer writes after "where". */
    public java.util.List<String> definitionLines() {
        java.util.List<String> out = new java.util.ArrayList<>();
        definitions().forEach((name, e) -> out.add(name + " = " + TextPrinter.print(e, TextPrinter.Differentials.COMPACT, names())));
        return out;
    }

    /**
     * Node visits the expression-by-expression passes of one call make before the rest of the expressions are taken
     * together: a 2,048-layer chain's gradients each reach back through every layer below, k²/2 visits in all (16 s of
     * 21), where a 700-layer network's steps and results each stay under it (and print as they did).
     */
    static final long WALK_BUDGET = 10_000_000;
    private final long walkBudget;

    /**
     * Names the parts each long expression would print more than once (a derivation's steps, one by one); past
     * {@link #WALK_BUDGET} visits, the parts the rest print more than once between them, in one walk of their shared DAG:
     * linear in its size, at the price of naming too a part that two of them print once each.
     */
    public void nameRepeatsInEach(List<Expr> exprs) {
        long walked = 0;
        List<Expr> rest = new ArrayList<>();
        for (Expr e : exprs) {
            if (walked >= walkBudget) {
                rest.add(e);
                continue;
            }
            Map<Expr, Long> sizes = treeSizes(e);
            walked += 2L * sizes.size();
            nameRepeatsWithin(List.of(e), sizes);
        }
        if (!rest.isEmpty()) nameRepeatsWithin(rest, treeSizes(rest));
    }

    /**
     * Names for a derivation's results, counted over all of them: in a long result (over 100 nodes) each part it prints
     * twice, and each part of 8 nodes or more the results print twice between them (a deep MLP's δ, in its own gradients
     * and every one below); in shorter results (over 30 nodes), first a function's value (σ(Wx), inv(A + xxᵀ), √(v + ε))
     * they print three times where one prints it twice, as a textbook names h = σ(Wx) (a mixture density network's
     * exp(−(y − μ)²/2σ²)), or of 8 nodes or more one prints twice (in any result: a head's softmax(KᵀQ/√d)); then a δ
     * ({@link Exprs#partialOf}) of 8 nodes or more printed twice, by name wherever it is used (the first residual block's,
     * in the gradients of its weight and bias); then another part of 12 nodes or more printed three times, one result
     * printing it twice (a four-step RNN's δ's), by name wherever it is used; and in results of any size an element-wise
     * product of 8 nodes or more two results print where its name spares 16 printed nodes (a three-step RNN's δ of each
     * step, attention's dS), by name wherever it is used. Other sums and products (a − p, xᵀBx) print where they are
     * used, and a part named for shorter results that ends up used once is not named.
     */
    public void nameRepeatsInResults(List<Expr> results) {
        List<Expr> medium = new ArrayList<>(), longer = new ArrayList<>();
        Map<Expr, Long> sizes = treeSizes(results);
        for (Expr e : results) (sizes.get(e) > LONG ? longer : sizes.get(e) > MEDIUM ? medium : new ArrayList<Expr>()).add(e);
        nameRepeatsInEach(longer);
        if (!longer.isEmpty()) {
            // what a long result shares with the others counts too: a deep MLP's δ of a layer is in its own gradients and in
            // every gradient below, each of which printed it whole (200 layers: 1.4 MB); parts of some size only
            Set<Expr> inLonger = IdentityMaps.set();
            inLonger.addAll(asPrinted(longer));
            Map<Expr, Long> now = treeSizes(results);
            name(PrintedParts.chosen(results, asPrinted(results), names::containsKey, (x, c) -> c >= 2 && inLonger.contains(x)
                    && now.get(x) >= LONG_SUM && !PartKinds.wrapper(x)), true);
        }
        List<Expr> shorter = results.stream().filter(e -> !longer.contains(e)).toList();
        nameValuesPrintedOften(shorter);
        // a function's value of 8 nodes or more one result prints twice, however short (σ(u)(1 − σ(u)): review s80q, trial s80b)
        nameRepeatsIn(shorter, (x, c) -> c >= 2 && PartKinds.isFunctionValue(x), LONG_SUM, true);
        if (medium.isEmpty()) {
            // the residual every gradient reads first (a denoising autoencoder's E, in its four), then a δ two print; longer
            // results name their δ's first (below), which the residual's name then reads
            nameSharedByMany(shorter);
            nameProductsSharedByTwo(shorter);
            return;
        }
        // the function values first, then the δ's, measured with the values' names (t1 − t1² is no δ), then other parts
        nameRepeatsIn(medium, (x, c) -> c >= 3 && PartKinds.isFunctionValue(x), SMALL, false);
        // a δ printed twice between the results is named, and printed by name wherever it is used (its layer's weight and bias)
        List<Expr> order = asPrinted(shorter);
        Set<Expr> deltas = PartKinds.deltas(order);
        Map<Expr, Long> now = treeSizes(shorter);
        name(PrintedParts.chosen(shorter, order, names::containsKey, (x, c) -> c >= 2 && deltas.contains(x) && now.get(x) >= LONG_SUM), true);
        // then any other part of some size they print three times (a four-step RNN's δ of step 3 is in every later term
        // of both gradients: each term wrote the chain of W'·… again)
        nameRepeatsIn(medium, (x, c) -> c >= 3 && !PartKinds.wrapper(x), LONG_SUM + 4, true);
        nameProductsSharedByTwo(shorter);
        nameSharedByMany(shorter);
        unnameSingleUses(results);
    }

    /**
     * An element-wise product of 8 nodes or more that two results or more print, where its name spares 16 printed nodes:
     * backpropagation's δ = f'(h) ⊙ (what reaches h), an RNN's of each step in the gradients of W, U and b, and attention's
     * dS in those of Q and K, however short they are (a residual, a sum, and a function's value print where they are used).
     */
    private void nameProductsSharedByTwo(List<Expr> shorter) {
        Map<Expr, Long> left = treeSizes(shorter);
        Map<Expr, Integer> printedBy = printedBy(shorter);
        name(PrintedParts.chosen(shorter, asPrinted(shorter), names::containsKey, (x, c) -> Exprs.is(x, Op.HADAMARD) && printedBy.get(x) >= 2
                && left.get(x) >= LONG_SUM && left.get(x) * (c - 1) >= SPARED), true);
    }

    /** An inverse this large one result prints twice is named (inv(X'*C*X), not inv(X'*X)); a function's value two print. */
    static final int INVERSE = 6, LONG_VALUE = 12;

    /**
     * A function's value (or a total) of {@value #SMALL} nodes or more that one result prints three times or more, however short
     * the result, as a textbook names p = softmax(Wx + b) in its Hessian diag(p) − ppᵀ (trial s71a) and t-SNE its Z, and an inverse of
     * {@value #INVERSE} nodes or more it prints twice, as a textbook names S = HPHᵀ + R in a Kalman update (trials s71a,
     * s71c: the Cookbook's 2(B − CX(XᵀCX)⁻¹XᵀB)X(XᵀCX)⁻¹), and a function's value that results printing it twice
     * print four times between them (an MLP's hidden layer tanh(W1*X + t2), twice in its δ and twice in ∇W2, trial s72a);
     * printed by name only where a result prints it twice or more (the gradient p − y keeps it whole). One of
     * {@value #LONG_VALUE} nodes or more that two results print is named wherever it is printed, as a textbook names the
     * transport plan P = exp((f1ᵀ + 1gᵀ − C)/ε) (trial s75b).
     */
    private void nameValuesPrintedOften(List<Expr> results) {
        Map<Expr, Long> size = treeSizes(results);
        Set<Expr> often = IdentityMaps.set(), shared = IdentityMaps.set();
        Map<Expr, Long> twice = IdentityMaps.map();  // a function's value by how often the results printing it twice print it
        Map<Expr, Integer> printedBy = printedBy(results);
        for (Expr e : results)
            PrintedParts.chosen(List.of(e), asPrinted(List.of(e)), names::containsKey, (x, c) -> {
                boolean value = PartKinds.isFunctionValue(x) && size.get(x) >= SMALL;
                boolean total = Exprs.is(x, Op.SUM) && x.shape().isScalar() && size.get(x) >= SMALL;  // t-SNE's Z = sum(Mk ⊙ W)
                if (c >= 3 && (value || total) || c == 2 && Exprs.is(x, Op.INV) && size.get(x) >= INVERSE) often.add(x);
                if (c == 2 && value && twice.merge(x, c, Long::sum) >= 4) often.add(x);
                if (value && size.get(x) >= LONG_VALUE && printedBy.get(x) >= 2) shared.add(x);
                return false;  // counted only
            });
        if (!often.isEmpty()) name(PrintedParts.chosen(results, asPrinted(results), names::containsKey, (x, c) -> often.contains(x)), false);
        if (!shared.isEmpty()) name(PrintedParts.chosen(results, asPrinted(results), names::containsKey, (x, c) -> shared.contains(x)), true);
    }

    /** Results that print one part before it is named, however short each is: a textbook names the residual E. */
    static final int MANY_RESULTS = 3;

    /**
     * A part of 8 nodes or more that three results or more print, each at least once, named and printed by name wherever
     * it is used, as a textbook names the residual E that every gradient reads (trial s70b: matrix factorisation with
     * biases printed M.^2 .* (U*V' + b*ones(1, n) + ones(m)*c' - R) in each of its four gradients); a part printed only
     * inside another so named is not named again, nor a function's value printed once by each (σ(Wx) has its own rule),
     * nor its argument.
     */
    private void nameSharedByMany(List<Expr> results) {
        nameResidualsPrintedTwice(results);
        if (results.size() < MANY_RESULTS) return;
        Map<Expr, Integer> printedBy = printedBy(results);
        Map<Expr, Long> size = treeSizes(results);
        List<Expr> order = asPrinted(results);
        // the argument of a function's value they all print is printed with it: sin(Aᵀu + Xx + y), not sin(t1)
        Set<Expr> arguments = IdentityMaps.set();
        for (Expr x : order) if (PartKinds.isFunctionValue(x) && printedBy.get(x) >= MANY_RESULTS) arguments.addAll(x.children());
        name(PrintedParts.chosen(results, order, names::containsKey, (x, c) -> c >= MANY_RESULTS && printedBy.get(x) >= MANY_RESULTS
                && size.get(x) >= LONG_SUM && !PartKinds.wrapper(x) && !PartKinds.isFunctionValue(x) && !arguments.contains(x)), true);
    }

    /** A sum this large that one result prints twice is named: a residual, A*X + X*A' + Q. */
    static final int TWICE_PRINTED_SUM = LONG_SUM;

    /**
     * A sum of 8 nodes or more that one result prints twice, named as a textbook names the residual E it reads twice (PCA's
     * X - W*W'*X, trial s74b), but not a slope 1 − tanh(u)² (trial s70b: 2*(A'*(A*X + X*A' + Q) + (A*X + X*A' + Q)*A) is 2*(A'*E + E*A)).
     */
    private void nameResidualsPrintedTwice(List<Expr> results) {
        for (Expr e : results) {
            Map<Expr, Long> size = treeSizes(e);
            List<Expr> order = asPrinted(List.of(e));
            // an argument printed with its function's value, sin(Aᵀu + Xx + y) twice, is not a residual of its own
            Set<Expr> arguments = IdentityMaps.set();
            for (Expr x : order) if (PartKinds.isFunctionValue(x)) arguments.addAll(x.children());
            name(PrintedParts.chosen(List.of(e), order, names::containsKey,
                    (x, c) -> c >= 2 && Exprs.is(x, Op.ADD) && size.get(x) >= TWICE_PRINTED_SUM && !arguments.contains(x)
                            && !PartKinds.filledComplement(x)), true);
        }
    }

    /** How many of the results print each part (once or more each). */
    private Map<Expr, Integer> printedBy(List<Expr> results) {
        Map<Expr, Integer> out = IdentityMaps.map();
        for (Expr e : results) for (Expr x : asPrinted(List.of(e))) out.merge(x, 1, Integer::sum);
        return out;
    }

    /** The nodes below the roots as they print, children first: a name, or a part named already, is not entered. */
    private List<Expr> asPrinted(List<Expr> roots) {
        return Dag.postOrder(roots, x -> !(x instanceof Expr.Named) && !names.containsKey(x));
    }

    /**
     * Names the parts of shorter results that choose picks, of at least smallest nodes, where some result prints one twice.
     * Only such parts are picked, so a larger part the results share once each does not hide the one inside it that a
     * result repeats (a three-layer network's δ of its top layer, inside the next layer's δ in every gradient).
     */
    private void nameRepeatsIn(List<Expr> results, BiPredicate<Expr, Long> choose, int smallest, boolean everywhere) {
        Map<Expr, Long> size = treeSizes(results);
        Set<Expr> printedTwice = IdentityMaps.set();
        for (Expr e : results)
            PrintedParts.chosen(List.of(e), asPrinted(List.of(e)), names::containsKey, (x, c) -> {
                if (c >= 2) printedTwice.add(x);
                return false;  // counted only: nothing chosen, so every part below is counted too
            });
        name(PrintedParts.chosen(results, asPrinted(results), names::containsKey,
                (x, c) -> size.get(x) >= smallest && printedTwice.contains(x) && choose.test(x, c)), everywhere);
    }

    /**
     * A part named for shorter results that, once the δ's are named, no result prints by name and no definition uses
     * twice is printed where it is used again (a layer's tanh, named for three uses, all but one inside a δ named later).
     */
    private void unnameSingleUses(List<Expr> results) {
        for (boolean changed = !resultParts.isEmpty(); changed; ) {
            changed = false;
            // a part is kept for the uses that called for its name, not for those that print it by name once it has one
            List<Map<Expr, String>> used = results.stream().map(r -> namesFor(r, false)).toList();
            for (Expr part : List.copyOf(resultParts)) {
                if (keptForAlone.contains(part)) continue;
                long uses = 0;
                for (int i = 0; i < results.size(); i++) if (used.get(i).containsKey(part)) uses += printed(part, results.get(i));
                for (Expr d : definitions.values()) if (d != part) uses += printed(part, d);
                if (uses > 1) continue;
                definitions.remove(names.remove(part));
                resultParts.remove(part);
                ordered = false;
                changed = true;
                break;  // the others' uses change with it: counted again
            }
            if (changed) renumberInDependencyOrder();  // t1, t2, … again, without the gap
        }
    }

    /** How often root prints part, every named part but root itself (and part) printed by its name. */
    private long printed(Expr part, Expr root) {
        long[] count = {0};
        Predicate<Expr> byName = x -> x != root && x != part && names.containsKey(x);
        PrintedParts.chosen(List.of(root), Dag.postOrder(List.of(root), x -> !(x instanceof Expr.Named) && !byName.test(x)), byName, (x, c) -> {
            if (x == part) count[0] = c;
            return false;
        });
        return count[0];
    }

    /** Names the parts the long ones of exprs (printed whole, over {@link #LONG} nodes) print more than once between them. */
    private void nameRepeatsWithin(List<Expr> exprs, Map<Expr, Long> sizes) {
        List<Expr> longer = exprs.stream().filter(e -> sizes.get(e) > LONG).toList();
        if (longer.isEmpty()) return;
        name(PrintedParts.chosen(longer, asPrinted(longer), names::containsKey, (x, c) -> c >= 2 && sizes.get(x) >= SMALL && !PartKinds.wrapper(x)), true);
    }

    /** Each node's size printed whole below roots, a name (and a part named already) counting 1. */
    private Map<Expr, Long> treeSizes(List<Expr> roots) {
        Map<Expr, Long> size = IdentityMaps.map();
        for (Expr x : asPrinted(roots)) {
            long s = 1;
            if (!(x instanceof Expr.Named) && !names.containsKey(x))
                for (Expr c : x.children()) s = Math.min(Long.MAX_VALUE / 4, s + size.get(c));
            size.put(x, s);
        }
        return size;
    }

    private Map<Expr, Long> treeSizes(Expr e) { return treeSizes(List.of(e)); }

    /** Names the parts chosen, parents first; for a long expression, or only for a shorter result (printed by name where it repeats them). */
    private void name(List<Expr> chosen, boolean forLong) {
        // definitions in dependency order: children (found later, parents first) defined first
        for (int i = chosen.size() - 1; i >= 0; i--) {
            String name = fresh();
            names.put(chosen.get(i), name);
            definitions.put(name, chosen.get(i));
            if (!forLong) resultParts.add(chosen.get(i));
        }
        if (!chosen.isEmpty()) ordered = false;
    }

    /**
     * The names to print e with: every part named because an expression printed whole is long, and of the parts
     * named only for a shorter result, those e prints more than once (a gradient that uses inv(XᵀX) once prints it
     * whole beside a Hessian that names it; one that uses it twice uses the name the Hessian gave it), and all it prints
     * where it prints another name already (2*t3*t1', t3 a δ, t1 = tanh(Wx + b): not tanh(W*x + b)' beside t3).
     */
    public Map<Expr, String> namesFor(Expr e) {
        Set<Expr> kept = namedAlone.get(e);
        if (kept == null) return namesFor(e, true);
        Map<Expr, String> out = IdentityMaps.map();
        names().forEach((x, name) -> { if (kept.contains(x) || repeatedAlone.contains(x)) out.put(x, name); });
        return out;
    }

    /** Results that print by the names they had when {@link #printAsNamedSoFar} was called, by those names' parts. */
    private final Map<Expr, Set<Expr>> namedAlone = IdentityMaps.map();
    /** Those parts, all together: kept named, however few uses later names leave them. */
    private final Set<Expr> keptForAlone = IdentityMaps.set();
    /** Parts named later that those results print twice or more between them, and the function values beside them. */
    private final Set<Expr> repeatedAlone = IdentityMaps.set();

    /**
     * The results (gradients named before their Hessians are) print from now on by the names they print with now, as
     * they would alone, not by the names a Hessian gives the products and sums they share with it (trial s73b: det's
     * gradient read det(t1)*(t3 + t4); trial s74b: attention's gradient K*(P .* t4)/sqrt(d) beside its Hessian, where
     * alone it reads K*t1/sqrt(d)); see {@link #printRepeatsByLaterNames} for the names they take up after.
     */
    public void printAsNamedSoFar(List<Expr> results) {
        for (Expr r : results) {
            Set<Expr> parts = IdentityMaps.set();
            parts.addAll(namesFor(r, true).keySet());
            namedAlone.put(r, parts);
            keptForAlone.addAll(parts);
        }
    }

    /**
     * Of the names given since {@link #printAsNamedSoFar}, the short ones of those results (up to {@value #LONG} nodes) print
     * the parts they print twice or more between them by name, and beside those the function values they print (a
     * network's gradient beside its Hessian, ((ones(h) - t1.^2) .* (W2'*(sum(y)*t2 - y)))*x' with t1 = tanh(W1*x) and
     * t2 = softmax(W2*t1)); a lone inv(X'*X) printed once stays whole.
     */
    public void printRepeatsByLaterNames(List<Expr> results) {
        Map<Expr, Long> sizes = treeSizes(results);
        List<Expr> shorter = results.stream().filter(e -> sizes.get(e) <= LONG).toList();
        if (shorter.isEmpty()) return;
        Map<Expr, String> all = names();
        Predicate<Expr> kept = keptForAlone::contains;
        List<Expr> order = Dag.postOrder(shorter, x -> !(x instanceof Expr.Named) && !kept.test(x));
        List<Expr> twice = PrintedParts.chosen(shorter, order, kept, (x, c) -> all.containsKey(x) && c >= 2, 0);
        if (!twice.isEmpty())
            twice = PrintedParts.chosen(shorter, order, kept, (x, c) -> all.containsKey(x) && (c >= 2 || c >= 1 && PartKinds.isFunctionValue(x)), 0);
        repeatedAlone.addAll(twice);
    }

    /** The names to print e with; with alongside, also the result parts it prints once beside another name. */
    private Map<Expr, String> namesFor(Expr e, boolean alongside) {
        Map<Expr, String> all = names();
        if (resultParts.isEmpty()) return all;
        Predicate<Expr> longNamed = x -> all.containsKey(x) && !resultParts.contains(x);
        List<Expr> order = Dag.postOrder(List.of(e), x -> !(x instanceof Expr.Named) && !longNamed.test(x));
        List<Expr> twice = PrintedParts.chosen(List.of(e), order, longNamed, (x, c) -> resultParts.contains(x) && c >= 2);
        boolean byName = alongside && (!twice.isEmpty() || order.stream().anyMatch(longNamed));
        Set<Expr> used = IdentityMaps.set();
        used.addAll(byName ? PrintedParts.chosen(List.of(e), order, longNamed, (x, c) -> resultParts.contains(x) && c >= 1) : twice);
        return namesWith(used);
    }

    /** The names to print a step with (not a result): only those of long expressions, so a step shows σ(Wx) as its law gives it. */
    public Map<Expr, String> namesForSteps() {
        return resultParts.isEmpty() ? names() : namesWith(Set.of());
    }

    private Map<Expr, String> namesWith(Set<Expr> usedResultParts) {
        Map<Expr, String> out = IdentityMaps.map();
        names().forEach((x, name) -> { if (!resultParts.contains(x) || usedResultParts.contains(x)) out.put(x, name); });
        return out;
    }

    /** The parts again as t1, t2, … in an order where each comes after the parts it prints by name. */
    private void renumberInDependencyOrder() {
        List<Expr> ordered = DefinitionOrder.of(definitions.values(), names);
        names.clear();
        definitions.clear();
        for (Expr part : ordered) {
            String name = fresh();
            names.put(part, name);
            definitions.put(name, part);
        }
    }

    private String fresh() {
        for (int i = definitions.size() + 1; ; i++) {
            String name = prefix + i;
            if (!taken.contains(name) && !definitions.containsKey(name)) return name;
        }
    }
}
