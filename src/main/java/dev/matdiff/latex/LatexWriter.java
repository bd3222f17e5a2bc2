package dev.matdiff.latex;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Law;
import dev.matdiff.calculus.Lhs;
import dev.matdiff.calculus.Note;
import dev.matdiff.calculus.Stage;
import dev.matdiff.calculus.Step;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Exprs;
import dev.matdiff.expr.Op;
import dev.matdiff.expr.Temporaries;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Renders a {@link Derivation} as LaTeX for amsmath: the objective and its named intermediates,
 * then one numbered part per phase, as Chen 2023 sets its examples out. The steps of a phase
 * are an {@code align*} on their {@code =}, each justified by the laws it used in a
 * {@code \tag*} (amsmath moves a tag that does not fit to a line of its own); the gradients the
 * derivation ends with are boxed in a {@code gather*}. A right side too wide for the page is
 * broken before a + or - onto {@code &\quad {}+ …} lines (see {@link LineBreaker}).
 */
public final class LatexWriter {
    private LatexWriter() {}

    /** The text width of the article class at 10pt, on A4 or letter, in ems; a little kept in hand. */
    private static final double LINE = 345.0 / 10 * 0.96;
    /** What an {@code =} with its spaces, a {@code \quad} and a box's frame take, in ems. */
    private static final double EQUALS = 1.35, QUAD = 1.0, BOX = 0.8;

    /**
     * The derivation as a fragment to input into a document that loads amsmath (and says
     * {@code \allowdisplaybreaks}, if a derivation may be longer than a page).
     */
    public static String fragment(Derivation d) { return LatexNames.distinguishing(names(d), () -> written(d)); }

    /** Every name a derivation's document writes: its symbols, intermediates, directions and shared parts. */
    public static java.util.Set<String> names(Derivation d) {
        java.util.Set<String> out = new java.util.HashSet<>();
        out.add(d.objectiveName());
        List<Expr> roots = new ArrayList<>(List.of(d.objective()));
        for (var s : d.steps()) roots.add(s.expr());
        for (Expr.Var v : Dag.variables(roots)) out.add(v.name());
        for (Expr.Named n : Dag.named(roots)) out.add(n.name());
        d.higher().directions().values().forEach(v -> out.add(v.name()));
        out.addAll(d.temporaries().definitions().keySet());
        return out;
    }

    private static String written(Derivation d) {
        StringBuilder out = new StringBuilder();
        Temporaries t = d.temporaries();
        heading(out, "Objective");
        List<Row> objective = new ArrayList<>();
        for (Expr.Named n : Dag.named(List.of(d.objective())))
            objective.add(new Row(LatexNames.latex(n.name()), n.body(), false, ""));
        objective.add(new Row(LatexNames.latex(d.objectiveName()), d.objective(), false, ""));
        align(out, objective, e -> Map.of());
        List<Part> parts = parts(d);
        Stage stage = Stage.WHOLE;
        int number = 0, stages = 0;
        for (Part part : parts) {
            if (!part.stage().equals(stage)) {
                stage = part.stage();
                number = 0;
                if (stage instanceof Stage.Layer layer)
                    heading(out, "\\textbf{Stage " + ++stages + ":} $" + LatexNames.latex(layer.name()) + " = "
                            + LatexPrinter.print(layer.definition()) + "$");
                else if (stage instanceof Stage.Result) heading(out, "\\textbf{Result}");
            }
            heading(out, ++number + ".\\ " + LatexText.text(part.phase().title()));
            if (part.phase().result()) gather(out, part.rows(), t::namesFor);
            else align(out, part.rows(), e -> t.namesForSteps());
        }
        if (!t.isEmpty()) {
            heading(out, "where");
            List<Row> where = new ArrayList<>();
            t.definitions().forEach((name, e) -> where.add(new Row(LatexNames.latex(name), e, false, "")));
            align(out, where, e -> t.names());
        }
        return out.toString();
    }

    /** The fragments of several derivations (of several objectives), one after the other. */
    public static String fragment(List<Derivation> ds) {
        StringBuilder out = new StringBuilder();
        for (Derivation d : ds) out.append(out.length() > 0 ? "\n" : "").append(fragment(d));
        return out.toString();
    }

    /** One derivation's section of a document: its heading and its fragment. */
    private static String section(Derivation d) {
        StringBuilder out = new StringBuilder();
        String what = d.isJacobian() ? "Jacobian" : d.higher().hessians().isEmpty() && d.higher().hessianVectorProducts().isEmpty()
                ? "gradient" : "gradient and Hessian";
        out.append("\\section*{The ").append(what).append(" of $").append(LatexNames.latex(d.objectiveName())).append("$");
        if (!d.wrt().isEmpty()) {
            out.append(" with respect to ");
            for (int i = 0; i < d.wrt().size(); i++)
                out.append(i == 0 ? "" : ", ").append('$').append(LatexNames.latex(d.wrt().get(i).name())).append('$');
        }
        return out.append("}\n").append(written(d)).toString();
    }

    /** A complete document: the fragment and the statements of the laws it cites. */
    public static String standalone(Derivation d) { return standalone(List.of(d)); }

    /** A complete document with a section for each derivation, then the laws any of them cites. */
    public static String standalone(List<Derivation> ds) {
        StringBuilder out = new StringBuilder();
        // a long derivation's align* must be allowed to go on over the next page
        out.append("\\documentclass[a4paper]{article}\n\\usepackage{amsmath}\n\\usepackage{amssymb}\n\\allowdisplaybreaks\n\\begin{document}\n");
        for (Derivation d : ds) out.append(LatexNames.distinguishing(names(d), () -> section(d)));
        List<Law> laws = ds.stream().flatMap(d -> d.lawsUsed().stream()).distinct().toList();
        if (!laws.isEmpty()) {
            out.append("\n\\subsection*{Laws used}\n");
            if (Law.anyNumbered(laws)) out.append(LatexText.text(Law.SOURCE_LINE)).append('\n');
            out.append("\\begin{itemize}\n");
            // a tag gives the paper's number only, and Thm 2.1 (2) is d(AC) and d(cA) both: one item per number, its laws together
            Map<Object, List<Law>> items = new LinkedHashMap<>();
            for (Law law : laws) items.computeIfAbsent(law.reference() != null ? law.reference() : law, k -> new ArrayList<>()).add(law);
            for (List<Law> item : items.values()) {
                out.append("\\item ");
                if (item.get(0).reference() != null) out.append("\\textbf{").append(LatexText.text(item.get(0).reference())).append("} ");
                for (int i = 0; i < item.size(); i++) {
                    Law law = item.get(i);
                    out.append(i == 0 ? "" : ";\\newline ").append("$").append(law.latex()).append("$");
                    if (!law.words().isEmpty()) out.append(", ").append(LatexText.text(law.words()));
                    out.append(" (").append(LatexText.text(law.id())).append(")");
                }
                out.append("\n");
            }
            out.append("\\end{itemize}\n");
        }
        List<String> identities = ds.stream().flatMap(d -> d.steps().stream()).flatMap(s -> s.identitiesUsed().stream()).distinct().toList();
        if (!identities.isEmpty()) {
            // \sloppy: an item of several formulas breaks between them rather than past the margin
            out.append("\n\\subsection*{Identities used}\n{\\sloppy\n\\begin{itemize}\n");
            for (String identity : identities) out.append("\\item ").append(LatexText.statement(identity)).append("\n");
            out.append("\\end{itemize}\n\\par}\n");
        }
        return out.append("\\end{document}\n").toString();
    }

    /** A run of steps of one phase (within one stage of a layered derivation), numbered as a part of it. */
    private record Part(Step.Phase phase, Stage stage, List<Row> rows) {}

    /** The steps, a part for each run of one phase; the final gradients, ∇_X f, boxed. */
    private static List<Part> parts(Derivation d) {
        List<Part> parts = new ArrayList<>();
        String previous = null;
        for (Step s : d.steps()) {
            if (parts.isEmpty() || last(parts).phase() != s.phase() || !last(parts).stage().equals(s.stage())) {
                parts.add(new Part(s.phase(), s.stage(), new ArrayList<>()));
                previous = null;
            }
            String lhs = lhs(s.lhs());
            boolean gradient = s.phase().result();
            // in an align, a step that goes on from the same left side leaves it out
            last(parts).rows().add(new Row(gradient || !lhs.equals(previous) ? lhs : "", s.expr(), gradient && s.lhs().getClass() != Lhs.GradientSymbol.class,
                    annotation(s), s.partial()));
            previous = lhs;
        }
        return parts;
    }

    private static Part last(List<Part> parts) { return parts.get(parts.size() - 1); }

    /** One equation to set: its left side (empty to continue the one above), right side and tag. */
    /** @param partial the equation holds up to the terms from other paths: "+ …" follows the right side */
    private record Row(String lhs, Expr rhs, boolean boxed, String tag, boolean partial) {
        Row(String lhs, Expr rhs, boolean boxed, String tag) { this(lhs, rhs, boxed, tag, false); }
    }

    /** A paragraph of its own before a display: a blank line ends whatever came before. */
    private static void heading(StringBuilder out, String text) {
        // a heading stays on the page of the lines it introduces
        out.append(out.length() > 0 ? "\n" : "").append("\\noindent ").append(text).append("\\nopagebreak\n");
    }

    /** Rows aligned on their = signs; a long right side goes on over several rows. */
    private static void align(StringBuilder out, List<Row> rows, Function<Expr, Map<Expr, String>> names) {
        double lhs = rows.stream().mapToDouble(r -> Width.em(r.lhs())).max().orElse(0);
        out.append("\\begin{align*}\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            List<String> lines = new ArrayList<>(lines(r.rhs(), LINE - lhs, names.apply(r.rhs())));
            if (r.partial()) lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " + \\dots");
            out.append(aligned(r.lhs(), lines));
            out.append(tag(r.tag())).append(i < rows.size() - 1 ? " \\\\\n" : "\n");
        }
        out.append("\\end{align*}\n");
    }

    /** Rows centred one under the other, boxed where asked; a long one is an aligned block of its own. */
    private static void gather(StringBuilder out, List<Row> rows, Function<Expr, Map<Expr, String>> names) {
        out.append("\\begin{gather*}\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            double width = LINE - Width.em(r.lhs()) - (r.boxed() ? BOX : 0);
            List<String> lines = lines(r.rhs(), width, names.apply(r.rhs()));
            String eq = lines.size() == 1 ? r.lhs() + " = " + lines.get(0) : "\\begin{aligned}" + aligned(r.lhs(), lines) + "\\end{aligned}";
            out.append(r.boxed() ? "\\boxed{" + eq + "}" : eq);
            out.append(tag(r.tag())).append(i < rows.size() - 1 ? " \\\\\n" : "\n");
        }
        out.append("\\end{gather*}\n");
    }

    /** The right side, broken into lines that fit beside a left side with this much room. */
    private static List<String> lines(Expr rhs, double width, Map<Expr, String> names) {
        List<String> lines = LineBreaker.lines(LatexPrinter.printBreakable(rhs, names), width - EQUALS, width - QUAD);
        // fractions cannot be broken inside: an equation that does not fit with them writes its quotients a / b
        if (!LineBreaker.fits(lines, width - EQUALS, width - QUAD))
            lines = LineBreaker.lines(LatexPrinter.printBreakable(rhs, names, true), width - EQUALS, width - QUAD);
        return lines.stream().map(String::strip).toList();
    }

    /** "lhs &= first line", then "\\\\ &\\quad {}+ next line" for each further line. */
    private static String aligned(String lhs, List<String> lines) {
        StringBuilder sb = new StringBuilder(lhs.isEmpty() ? "" : lhs + " ").append("&= ").append(lines.get(0));
        for (String line : lines.subList(1, lines.size())) sb.append(" \\\\\n  &\\quad {}").append(line);
        return sb.toString();
    }

    private static String tag(String annotation) {
        return annotation.isEmpty() ? "" : " \\tag*{" + annotation + "}";
    }

    /**
     * The laws a step used, as its paper number where there is one, else the statement's formula
     * ("dC = 0"), else the law's id; then the identities it used and the step's note. Too long for a
     * line, it keeps the program's own facts (note, assumptions) and then each law and identity that
     * still fits, skipping one that does not, and ends in "…": a standalone document lists them all.
     */
    static String annotation(Step s) {
        List<String> laws = new ArrayList<>(new LinkedHashSet<>(s.laws().stream().map(LatexWriter::label).toList()));
        List<String> own = new ArrayList<>();  // what this program says: the constants, the assumptions it uses
        // the f′ a step took is typeset as maths, d/du σ(u) = σ(u)(1 − σ(u)); its plain form only measures the width
        Map<String, String> typeset = new java.util.HashMap<>();
        // a law the paper does not number is cited by its formula, typeset as the list of laws used typesets it
        for (Law law : s.laws()) if (law.reference() == null && label(law).equals(law.formula())) typeset.put(law.formula(), "$" + law.latex() + "$");
        Note note = s.note();
        if (note instanceof Note.Derivatives d) {
            for (Op f : d.functions()) {
                String plain = Note.Derivatives.formula(f);
                own.add(plain);
                typeset.put(plain, "$\\frac{\\mathrm{d}}{\\mathrm{d}u}" + LatexPrinter.print(Exprs.call(f, Note.Derivatives.U)) + " = "
                        + LatexPrinter.print(Note.Derivatives.slope(f)) + "$");
            }
            note = d.rest();
        }
        if (!note.text().isEmpty()) own.add(note.text());
        // the names held fixed as the results name them, X and W_{2}, not in the text's upright letters
        if (note instanceof Note.Constants c)
            typeset.put(c.text(), String.join(LatexText.text(", "), c.names().stream().map(n -> "$" + LatexNames.latex(n) + "$").toList())
                    + LatexText.text(" fixed"));
        // an assumption as the program writes it, in the program's type, not read as prose (trial s69c)
        for (String fact : s.assumptionsUsed()) {
            own.add("assumption " + fact);
            typeset.put("assumption " + fact, LatexText.text("assumption ") + "\\texttt{" + LatexText.text(fact) + "}");
        }
        List<String> labels = new ArrayList<>(laws);
        labels.addAll(s.identitiesUsed());
        labels.addAll(own);
        String text = String.join("; ", labels);
        if (Width.textEm(text) > LINE) {
            // the program's own facts first, then each law and identity that still fits; shown in the order written
            List<String> kept = new ArrayList<>();
            List<String> byPriority = new ArrayList<>(own);
            byPriority.addAll(laws);
            byPriority.addAll(s.identitiesUsed());
            for (String label : byPriority) {
                kept.add(label);
                if (Width.textEm(String.join("; ", kept) + "; …") > LINE) kept.remove(kept.size() - 1);
            }
            List<String> shown = labels.stream().filter(kept::contains).toList();
            return shown.isEmpty() ? LatexText.text("…") : typeset(shown, typeset) + LatexText.text("; …");
        }
        return typeset(labels, typeset);
    }

    /** The labels as LaTeX text, those with a typeset form in it. */
    private static String typeset(List<String> labels, Map<String, String> typeset) {
        List<String> out = new ArrayList<>();
        for (String label : labels) out.add(typeset.getOrDefault(label, LatexText.text(label)));
        return String.join(LatexText.text("; "), out);
    }

    private static String label(Law law) {
        if (law.reference() != null) return law.reference();
        return law.formula().length() > 48 ? law.id() : law.formula();
    }

    /** A step's left side in the paper's notation. Every kind of left side has one (LatexWriterTest asks each). */
    static String lhs(Lhs lhs) {
        if (lhs instanceof Lhs.Differential d) return D + name(d.of());
        if (lhs instanceof Lhs.Gradient g) return "\\nabla_{" + name(g.wrt()) + "} " + name(g.of());
        if (lhs instanceof Lhs.GradientSymbol g) return "\\nabla " + name(g.name());
        if (lhs instanceof Lhs.VecDifferential v) return VEC + "(" + D + name(v.of()) + ")";
        if (lhs instanceof Lhs.Jacobian j)
            return "\\frac{\\partial " + (j.ofColumn() ? name(j.of()) : VEC + "(" + name(j.of()) + ")") + "}{\\partial "
                    + (j.wrtColumn() ? name(j.wrt()) : VEC + "(" + name(j.wrt()) + ")") + "}";
        if (lhs instanceof Lhs.GradientDifferential g) return D + "(\\nabla_{" + name(g.wrt()) + "} " + name(g.of()) + ")";
        if (lhs instanceof Lhs.VecGradientDifferential g) return VEC + "(" + D + "(\\nabla_{" + name(g.wrt()) + "} " + name(g.of()) + "))";
        if (lhs instanceof Lhs.Hessian h) return "\\nabla^{2}_{" + name(h.wrt()) + "} " + name(h.of());
        if (lhs instanceof Lhs.HessianVectorProduct h)
            return "\\nabla^{2}_{" + name(h.wrt()) + "} " + name(h.of()) + "[" + name(h.direction()) + "]";
        if (lhs instanceof Lhs.Numerator n) return "\\frac{\\partial " + name(n.of()) + "}{\\partial " + name(n.wrt()) + "}";
        throw new IllegalStateException("no LaTeX for " + lhs);
    }

    private static final String D = "\\mathrm{d}", VEC = "\\operatorname{vec}";

    private static String name(String n) { return LatexNames.latex(n); }
}
