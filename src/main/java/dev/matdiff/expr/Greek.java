package dev.matdiff.expr;

import java.util.Set;

/** The Greek letters spelled out, as a name may use them (sigma, Sigma, varepsilon): LaTeX writes them as letters, -e reads them. */
public final class Greek {
    private Greek() {}

    public static final Set<String> NAMES = Set.of(
            "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
            "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho", "sigma", "varsigma",
            "tau", "upsilon", "phi", "varphi", "chi", "psi", "omega",
            "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega");

    /** What a program that writes pi (or π) for the number is told: a variable so named would be differentiated. */
    public static String piAdvice(String name) {
        return "π is not built in; write 3.141592653589793, or declare 'scalar " + name + " constant'";
    }
}
