package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Law;
import dev.matdiff.calculus.Lhs;
import dev.matdiff.calculus.Step;
import dev.matdiff.check.GradientCheck;
import dev.matdiff.check.SelfCheck;
import dev.matdiff.expr.Dag;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Temporaries;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.latex.LatexPrinter;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import java.util.List;
import java.util.Map;

/** The JSON forms of CLI.md. Every expression is printed in the language, so it parses back. */
final class Json {
    private Json() {}

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create();


    /** What check found for one objective: {@code points} the random points drawn (null at --data's point), {@code line} as printed without --json. */
    record Check(String objective, List<String> variables, Integer points, String line, GradientCheck.Result worst) {}

    /** check --json: one object per objective (an array of them for several, as derive --json does). */
    static String checks(List<Check> checks) {
        if (checks.size() == 1) return GSON.toJson(checkObject(checks.get(0))) + "\n";
        JsonArray all = new JsonArray();
        for (Check c : checks) all.add(checkObject(c));
        return GSON.toJson(all) + "\n";
    }

    private static JsonObject checkObject(Check c) {
        GradientCheck.Result r = c.worst();
        JsonObject root = new JsonObject();
        root.addProperty("objective", c.objective());
        JsonArray variables = new JsonArray();
        c.variables().forEach(variables::add);
        root.add("variables", variables);
        root.add("points", c.points() == null ? JsonNull.INSTANCE : new JsonPrimitive(c.points()));
        root.addProperty("verdict", r.verdict().name().toLowerCase());
        root.add("worst_relative_error", number(r.worstError()));
        root.addProperty("tolerance", r.tolerance());
        JsonObject at = new JsonObject();
        at.add("variable", r.variable() == null ? JsonNull.INSTANCE : new JsonPrimitive(r.variable()));
        at.add("direction", r.direction() == null || r.direction().isEmpty() ? JsonNull.INSTANCE : new JsonPrimitive(r.direction()));
        at.add("symbolic", number(r.symbolic()));
        at.add("numeric", number(r.numeric()));
        root.add("worst_at", at);
        // every variable checked, null where nothing was compared (a point where its gradient has no value)
        JsonObject errors = new JsonObject();
        for (String v : c.variables()) errors.add(v, r.errors().containsKey(v) ? number(r.errors().get(v)) : JsonNull.INSTANCE);
        root.add("errors", errors);
        root.addProperty("summary", c.line());
        return root;
    }

    /** JSON has no NaN: a value that is not a number (nothing compared, no settled estimate) is null. */
    private static JsonElement number(double x) { return Double.isFinite(x) ? new JsonPrimitive(x) : JsonNull.INSTANCE; }

    /** One derivation as an object; several (derive --of L,M) as an array of them, in order. */
    static String derivations(java.util.List<Derivation> ds, java.util.List<SelfCheck> checks, boolean numerator) {
        return derivations(ds, checks, numerator, java.util.Set.of());
    }

    /** {@code madeUp}: names matdiff gave bare expressions (-e's f), defined in "where" where a result reads them. */
    static String derivations(java.util.List<Derivation> ds, java.util.List<SelfCheck> checks, boolean numerator, java.util.Set<String> madeUp) {
        if (ds.size() == 1) return GSON.toJson(derivationObject(ds.get(0), checks.get(0), numerator, madeUp)) + "\n";
        JsonArray all = new JsonArray();
        for (int i = 0; i < ds.size(); i++) all.add(derivationObject(ds.get(i), checks.get(i), numerator, madeUp));
        return GSON.toJson(all) + "\n";
    }

    /** {@code numerator}: the layout asked for, said even where it changes nothing (a Jacobian is the same in both). */
    private static JsonObject derivationObject(Derivation d, SelfCheck check, boolean numerator, java.util.Set<String> madeUp) {
        JsonObject root = new JsonObject();
        root.addProperty("objective", d.objectiveName());
        Temporaries t = d.temporaries();
        if (numerator) root.addProperty("layout", "numerator");
        for (Derivation.Result r : d.results()) {
            String key = Derivation.Result.section(r.kind());
            if (!root.has(key)) root.add(key, new JsonObject());
            root.getAsJsonObject(key).addProperty(r.variable(), TextPrinter.print(r.expr(), TextPrinter.Differentials.CALL, t.namesFor(r.expr())));
        }
        if (!root.has("gradients") && !d.isJacobian()) root.add("gradients", new JsonObject());
        if (!d.higher().directions().isEmpty()) {
            JsonObject directions = new JsonObject();
            d.higher().directions().forEach((x, v) -> directions.addProperty(x, v.name()));
            root.add("directions", directions);
        }
        // a result that reads a bare expression's value by the name matdiff gave it (diag(f) - f*f') has it defined first
        Expr.Named bare = DerivationText.bareRead(d, madeUp);
        if (!t.isEmpty() || bare != null) {
            JsonObject where = new JsonObject();
            if (bare != null) where.addProperty(bare.name(), TextPrinter.print(bare.body()));  // as the text's "where" prints it
            t.definitions().forEach((name, e) -> where.addProperty(name, text(e, t)));
            root.add("where", where);
        }
        JsonArray steps = new JsonArray();
        java.util.Set<String> names = dev.matdiff.latex.LatexWriter.names(d);
        Map<Expr, String> symbols = gradientSymbolNames(d, names);
        Map<String, String> distinct = dev.matdiff.latex.LatexNames.distinctions(names);  // once: 2,048 layers' steps each took all 6,000 names
        for (Step s : d.steps()) {
            Map<Expr, String> written = new java.util.HashMap<>(s.names(t));
            written.putAll(symbols);
            JsonObject step = new JsonObject();
            step.addProperty("phase", s.phase().name().toLowerCase());
            step.addProperty("lhs", s.lhs() instanceof Lhs.GradientSymbol g ? symbolName(g.name(), names) : s.lhs().text());
            // a step that is a gradient symbol alone (∇b1 = ∇h1) prints it by its name too, where a shared part prints whole
            step.addProperty("expr", s.expr() instanceof Expr.Var v && written.containsKey(v) ? written.get(v)
                    : TextPrinter.print(s.expr(), TextPrinter.Differentials.CALL, written));
            if (s.partial()) step.addProperty("partial", true);
            step.addProperty("law", s.justification());
            JsonArray ids = new JsonArray();
            for (Law law : s.laws()) ids.add(law.id());
            step.add("laws", ids);
            JsonArray rules = new JsonArray();
            for (String r : s.rules()) rules.add(r);
            step.add("rules", rules);
            step.addProperty("latex", dev.matdiff.latex.LatexNames.with(distinct, () -> LatexPrinter.print(s.expr(), s.names(t))));
            steps.add(step);
        }
        root.add("steps", steps);
        JsonObject self = new JsonObject();
        self.addProperty("status", check.status());
        if (!check.detail().isEmpty()) self.addProperty("detail", check.detail());
        root.add("self_check", self);
        return root;
    }

    /**
     * A staged derivation's gradient symbols (∇h2, which do not parse) as the names its incoming steps give them,
     * grad_h2 (grad_h2_2 if the program has a grad_h2): every expr then parses back, given the steps before it.
     */
    private static Map<Expr, String> gradientSymbolNames(Derivation d, java.util.Set<String> names) {
        Map<Expr, String> out = new java.util.HashMap<>();
        java.util.List<Expr> roots = new java.util.ArrayList<>();
        for (Step s : d.steps()) roots.add(s.expr());
        for (Expr.Var v : dev.matdiff.expr.Dag.variables(roots))
            if (v.name().startsWith("∇")) out.put(v, symbolName(v.name().substring(1), names));
        return out;
    }

    private static String symbolName(String of, java.util.Set<String> names) {
        String name = "grad_" + of;
        for (int i = 2; names.contains(name); i++) name = "grad_" + of + "_" + i;
        return name;
    }

    private static String text(Expr e, Temporaries t) { return TextPrinter.print(e, TextPrinter.Differentials.CALL, t.names()); }
}
