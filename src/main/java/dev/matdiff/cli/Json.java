package dev.matdiff.cli;

import dev.matdiff.calculus.Derivation;
import dev.matdiff.calculus.Law;
import dev.matdiff.calculus.Step;
import dev.matdiff.check.SelfCheck;
import dev.matdiff.expr.Expr;
import dev.matdiff.expr.Temporaries;
import dev.matdiff.expr.TextPrinter;
import dev.matdiff.latex.LatexPrinter;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** The JSON forms of CLI.md. Every expression is printed in the language, so it parses back. */
final class Json {
    private Json() {}

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();


    /** One derivation as an object; several (derive --of L,M) as an array of them, in order. */
    static String derivations(java.util.List<Derivation> ds, java.util.List<SelfCheck> checks, boolean numerator) {
        if (ds.size() == 1) return GSON.toJson(derivationObject(ds.get(0), checks.get(0), numerator)) + "\n";
        JsonArray all = new JsonArray();
        for (int i = 0; i < ds.size(); i++) all.add(derivationObject(ds.get(i), checks.get(i), numerator));
        return GSON.toJson(all) + "\n";
    }

    /** {@code numerator}: the layout asked for, said even where it changes nothing (a Jacobian is the same in both). */
    private static JsonObject derivationObject(Derivation d, SelfCheck check, boolean numerator) {
        JsonObject root = new JsonObject();
        root.addProperty("objective", d.objectiveName());
        Temporaries t = d.temporaries();
        if (numerator) root.addProperty("layout", "numerator");
        for (Derivation.Result r : d.results()) {
            String key = Derivation.Result.section(r.kind());
            if (!root.has(key)) root.add(key, new JsonObject());
            root.getAsJsonObject(key).addProperty(r.variable(), text(r.expr(), t));
        }
        if (!root.has("gradients") && !d.isJacobian()) root.add("gradients", new JsonObject());
        if (!d.higher().directions().isEmpty()) {
            JsonObject directions = new JsonObject();
            d.higher().directions().forEach((x, v) -> directions.addProperty(x, v.name()));
            root.add("directions", directions);
        }
        if (!t.isEmpty()) {
            JsonObject where = new JsonObject();
            t.definitions().forEach((name, e) -> where.addProperty(name, text(e, t)));
            root.add("where", where);
        }
        JsonArray steps = new JsonArray();
        java.util.Set<String> names = dev.matdiff.latex.LatexWriter.names(d);
        for (Step s : d.steps()) {
            JsonObject step = new JsonObject();
            step.addProperty("phase", s.phase().name().toLowerCase());
            step.addProperty("lhs", s.lhs().text());
            step.addProperty("expr", text(s.expr(), t));
            if (s.partial()) step.addProperty("partial", true);
            step.addProperty("law", s.justification());
            JsonArray ids = new JsonArray();
            for (Law law : s.laws()) ids.add(law.id());
            step.add("laws", ids);
            JsonArray rules = new JsonArray();
            for (String r : s.rules()) rules.add(r);
            step.add("rules", rules);
            step.addProperty("latex", dev.matdiff.latex.LatexNames.distinguishing(names, () -> LatexPrinter.print(s.expr(), t.names())));
            steps.add(step);
        }
        root.add("steps", steps);
        JsonObject self = new JsonObject();
        self.addProperty("status", check.status());
        if (!check.detail().isEmpty()) self.addProperty("detail", check.detail());
        root.add("self_check", self);
        return root;
    }

    private static String text(Expr e, Temporaries t) { return TextPrinter.print(e, TextPrinter.Differentials.CALL, t.names()); }
}
