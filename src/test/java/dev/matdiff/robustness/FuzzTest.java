package dev.matdiff.robustness;

import dev.matdiff.syntax.generated.MatDiffLexer;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.api.Tag;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Hostile input for the front end: every case runs a whole command line in-process through
 * {@code Main.run} and must honour shared/CLI.md ({@link Contract}): exit 0 or 2 (1 only for
 * check), a clean stderr on success, a positioned or position-less one-line error otherwise,
 * never a stack trace, and an answer within {@link #BUDGET} (a hang detector, not a benchmark).
 *
 * <p>Fixed seeds: every run draws the same 10,600 cases. The counts per outcome are printed at
 * the end and recorded in docs/ROBUSTNESS.md.
 */
@Tag("slow")
@net.jqwik.api.Tag("slow")
class FuzzTest {

    /** Long enough for any small input on a busy 2-core machine; a hang overruns it by far. */
    static final Duration BUDGET = Duration.ofSeconds(2);

    static final Set<Integer> DERIVE_EXITS = Set.of(0, 2), CHECK_EXITS = Set.of(0, 1, 2);

    static Path dir;
    /** The valid samples, by file name, and the data files that make some of them evaluate. */
    static final Map<String, String> SAMPLES = new LinkedHashMap<>();
    static final Map<String, Path> DATA = new LinkedHashMap<>();

    @BeforeContainer
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("matdiff-fuzz");
        try (Stream<Path> files = Files.list(Path.of("samples"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".mdiff")).sorted().collect(Collectors.toList()))
                SAMPLES.put(p.getFileName().toString(), Files.readString(p));
        }
        data("linear-regression.mdiff", "{\"X\": [[1, 2], [3, 4], [5, 7]], \"w\": [0.5, -1], \"y\": [1, 0, 2]}");
        data("trace-identities.mdiff", "{\"A\": [[1, 2], [0, 1], [2, 1]], \"X\": [[2, 1], [0.5, 3]], \"B\": [[1, 0, 2], [0, 1, 1]],"
                + " \"a\": [1, 2], \"b\": [0.5, -1]}");
        data("gaussian-mle.mdiff", "{\"S\": [[2, 0.5], [0.5, 1]], \"X\": [[1, 2, 0], [0, 1, 3]], \"mu\": [0.5, 1], \"N\": 3}");
        data("gaussian-mle-symmetric.mdiff", "{\"S\": [[2, 0.5], [0.5, 1]], \"X\": [[1, 2, 0], [0, 1, 3]], \"mu\": [0.5, 1], \"N\": 3}");
        data("two-layer-network.mdiff", "{\"W1\": [[0.1, 0.2], [0.3, -0.1], [0.2, 0.2]], \"W2\": [[0.5, -0.5, 0.1], [0.2, 0.1, -0.3]],"
                + " \"x\": [1, 2], \"b1\": [0.1, 0.2, 0.3], \"b2\": [0, 0.1], \"y\": [1, 0]}");
        data("softmax-regression.mdiff", "{\"W\": [[0.1, 0.2, 0.3], [0.3, -0.1, 0.2]], \"x\": [1, 2, -1], \"y\": [0, 1]}");
        data("linear-layer-squared-loss.mdiff", "{\"M\": [[1, 2], [0, 1], [2, 1]], \"x\": [1, -1], \"g\": [0.5, 1, 2]}");
        // a warm-up, so that class loading and the first JIT compilations are not charged to a case's budget
        Runs.run(Duration.ofSeconds(60), "derive", "samples/deep-network.mdiff");
        Runs.run(Duration.ofSeconds(60), "check", "samples/two-layer-network.mdiff", "--trials", "1");
    }

    private static void data(String sample, String json) throws IOException {
        Path p = dir.resolve(sample.replace(".mdiff", ".json"));
        Files.writeString(p, json);
        DATA.put(sample, p);
    }

    @AfterContainer
    static void report() throws IOException {
        System.out.println("FuzzTest outcomes:\n" + Contract.report());
        FAILED_CHECKS.forEach(c -> System.out.println("failed check: " + c));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) Files.deleteIfExists(p);
        }
    }

    private static Path write(String name, byte[] bytes) {
        try {
            return Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path write(String name, String text) { return write(name, text.getBytes(StandardCharsets.UTF_8)); }

    /** A one-line expression as a shell user passes it; one that starts with '-' gets a leading space (see {@link KnownBugsTest}). */
    private static String[] expression(String command, String expr) {
        return new String[] {command, "-e", expr.startsWith("-") ? " " + expr : expr};
    }

    // ---------------------------------------------------------------- (a) random bytes and strings

    @Property(tries = 1500, seed = "20240601", shrinking = ShrinkingMode.BOUNDED)
    void randomBytesAsAFile(@ForAll("bytes") byte[] bytes) {
        Path f = write("bytes.mdiff", bytes);
        Contract.verify("a: random bytes (file)", Runs.run(BUDGET, "derive", f.toString()), DERIVE_EXITS);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    @Property(tries = 1500, seed = "20240602", shrinking = ShrinkingMode.BOUNDED)
    void randomUnicodeAsAnExpression(@ForAll("unicode") String text) {
        Contract.verify("a: random Unicode (-e)", Runs.run(BUDGET, expression("derive", text)), DERIVE_EXITS);
    }

    @Provide
    Arbitrary<String> unicode() {
        return Arbitraries.strings().all().ofMaxLength(120);
    }

    /** Characters of the language's alphabet, so that random text gets past the lexer more often. */
    @Property(tries = 1500, seed = "20240603", shrinking = ShrinkingMode.BOUNDED)
    void randomTextOverTheLanguagesAlphabetAsAFile(@ForAll("alphabetText") String text) {
        Path f = write("alphabet.mdiff", text);
        Contract.verify("a: language alphabet (file)", Runs.run(BUDGET, "derive", f.toString()), DERIVE_EXITS);
    }

    @Provide
    Arbitrary<String> alphabetText() {
        return Arbitraries.strings().withChars("xyAXSab()+-*/.^'ᵀ⊙∘⊗·−,;=\n\r\t #0123456789eE_Ttrinvlogmatrixvector").ofMaxLength(150);
    }

    // ---------------------------------------------------------------- (b) random token sequences

    static final List<String> NAMES = List.of("x", "y", "z", "w", "A", "B", "C", "S", "X", "W1", "a", "b", "c", "f", "L", "h",
            "n", "m", "T", "e", "d", "lambda", "α", "mu", "Z_1", "_q", "ones", "eye");
    static final List<String> NUMBERS = List.of("0", "1", "2", "3", "-1", "0.5", ".5", "1e-3", "2E+2", "1e999", "1e-999", "00",
            "4000000000", "99999999999999999999", "1.", "0.0");
    static final List<String> OPERATORS = List.of("+", "-", "*", "/", ".*", "./", ".^", "^", "'", "ᵀ", "^T", "⊙", "∘", "⊗", "·",
            "−", "=");
    static final List<String> PUNCTUATION = List.of("(", ")", "(", ")", ",", ";", "\n", "# note\n", "...\n");
    static final List<String> KEYWORDS = List.of("matrix", "vector", "scalar", "symmetric", "constant");
    static final List<String> FUNCTIONS = List.of("tr", "Tr", "trace", "det", "logdet", "inv", "sum", "norm", "norm2", "sqnorm",
            "norm1", "exp", "log", "sin", "cos", "tan", "tanh", "arcsin", "arccos", "arctan", "sqrt", "abs", "sign", "sigmoid",
            "relu", "softmax", "logsumexp", "diag", "vec", "unvec", "ones", "eye", "conv", "convfull", "kron", "kronblocks", "d");

    static Arbitrary<String> token() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(NAMES)),
                Tuple.of(3, Arbitraries.of(NUMBERS)),
                Tuple.of(6, Arbitraries.of(OPERATORS)),
                Tuple.of(5, Arbitraries.of(PUNCTUATION)),
                Tuple.of(1, Arbitraries.of(KEYWORDS)),
                Tuple.of(3, Arbitraries.of(FUNCTIONS).map(f -> f + "(")));
    }

    /** Tokens joined by a space or by nothing (which glues some of them into other tokens: "x" "1" is x1). */
    @Provide
    Arbitrary<String> tokens() {
        Arbitrary<List<String>> list = token().list().ofMinSize(1).ofMaxSize(40);
        Arbitrary<Boolean> spaced = Arbitraries.of(true, true, false);
        return Combinators.combine(list, spaced).as((ts, s) -> String.join(s ? " " : "", ts));
    }

    static final String HEADER = "matrix A(n, n), B(n, n), X(n, n), C(m, n)\nsymmetric S(n)\nvector x(n), y(n), z(m), w(n)\n"
            + "scalar a, b, c\nmatrix T(n, n) constant\n";

    @Property(tries = 1500, seed = "20240604", shrinking = ShrinkingMode.BOUNDED)
    void tokenSequencesAsAnExpression(@ForAll("tokens") String expr) {
        Contract.verify("b: tokens (-e)", Runs.run(BUDGET, expression("derive", expr)), DERIVE_EXITS);
    }

    @Property(tries = 1000, seed = "20240605", shrinking = ShrinkingMode.BOUNDED)
    void tokenSequencesAsAProgram(@ForAll("tokens") String text) {
        Path f = write("tokens.mdiff", text);
        Contract.verify("b: tokens (file)", Runs.run(BUDGET, "derive", f.toString()), DERIVE_EXITS);
    }

    /** Declarations first, so that more sequences type-check and reach the deriver, the simplifier and the printers. */
    @Property(tries = 1500, seed = "20240606", shrinking = ShrinkingMode.BOUNDED)
    void tokenSequencesAfterDeclarations(@ForAll("tokens") String expr, @ForAll("deriveFlags") List<String> flags) {
        Path f = write("declared.mdiff", HEADER + "f = " + expr + "\n");
        List<String> args = new ArrayList<>(List.of("derive", f.toString()));
        args.addAll(flags);
        Contract.verify("b: tokens after declarations", Runs.run(BUDGET, args.toArray(String[]::new)), DERIVE_EXITS);
    }

    @Provide
    Arbitrary<List<String>> deriveFlags() {
        return Arbitraries.of(List.<String>of(), List.of("--json"), List.of("--latex"), List.of("--no-stages"), List.of("--no-steps"),
                List.of("--wrt", "A"), List.of("--wrt", "x,S"), List.of("--latex-fragment"));
    }

    /**
     * Random expression trees over the declared names: syntactically valid by construction, so most
     * reach the typer and many the deriver, the simplifier, the printers and (with check) the
     * numeric comparison. A failed check here (exit 1) would be a wrong gradient: the counts in
     * the report show none.
     */
    static String expressionTree(Random r, int depth) {
        if (depth <= 0 || r.nextInt(4) == 0) {
            if (r.nextInt(6) == 0) return List.of("0", "1", "2", "0.5", "3", "1e-3").get(r.nextInt(6));
            if (r.nextInt(12) == 0) return List.of("ones(n)", "eye(n)", "ones(n, n)", "ones(m)", "ones(1, n)").get(r.nextInt(5));
            return List.of("x", "y", "w", "z", "A", "B", "X", "S", "C", "T", "a", "b", "c").get(r.nextInt(13));
        }
        String e = expressionTree(r, depth - 1);
        return switch (r.nextInt(9)) {
            case 0 -> "-" + e;
            case 1 -> "(" + e + ")" + List.of("'", "ᵀ", "^T").get(r.nextInt(3));
            case 2 -> "(" + e + ")^" + List.of("2", "3", "-1", "0", "-2").get(r.nextInt(5));
            case 3 -> "(" + e + ").^" + List.of("2", "0.5", "-1", "3").get(r.nextInt(4));
            case 4, 5 -> FUNCTIONS.get(r.nextInt(FUNCTIONS.size())) + "(" + e + ")";
            case 6 -> List.of("kron", "conv").get(r.nextInt(2)) + "(" + e + ", " + expressionTree(r, depth - 1) + ")";
            default -> "(" + e + " " + List.of("+", "-", "*", "*", "/", ".*", "./", "⊗", "⊙", "·").get(r.nextInt(10)) + " "
                    + expressionTree(r, depth - 1) + ")";
        };
    }

    /** A scalar of the tree, most of the time: wrapped in a reduction or a quadratic form. */
    static String objectiveTree(long seed) {
        Random r = new Random(seed);
        String e = expressionTree(r, 1 + r.nextInt(5));
        return switch (r.nextInt(5)) {
            case 0 -> e;
            case 1 -> "sum(" + e + ")";
            case 2 -> "tr(" + e + ")";
            case 3 -> "x'*" + e + "*y";
            default -> "sqnorm(" + e + ")";
        };
    }

    @Property(tries = 1500, seed = "20240611", shrinking = ShrinkingMode.OFF)
    void expressionTreesDerive(@ForAll long seed, @ForAll("deriveFlags") List<String> flags) {
        Path f = write("tree.mdiff", HEADER + "f = " + objectiveTree(seed) + "\n");
        List<String> args = new ArrayList<>(List.of("derive", f.toString()));
        args.addAll(flags);
        Contract.verify("b: expression trees, derive", Runs.run(BUDGET, args.toArray(String[]::new)), DERIVE_EXITS);
    }

    @Property(tries = 600, seed = "20240612", shrinking = ShrinkingMode.OFF)
    void expressionTreesCheck(@ForAll long seed) {
        Path f = write("tree.mdiff", HEADER + "f = " + objectiveTree(seed) + "\n");
        Runs.Run r = Runs.run(BUDGET, "check", f.toString(), "--trials", "1");
        if (Contract.verify("b: expression trees, check", r, CHECK_EXITS) == Contract.Form.FAILED_CHECK) {
            FAILED_CHECKS.add(objectiveTree(seed) + "  ->  " + r.out().strip());
            // a wrong gradient, or (judge by hand) a kink of abs, relu or sign that a composite argument hit by chance
            if (!Contract.COLLECT) throw Contract.failure(r, "the symbolic gradient disagrees with finite differences");
        }
    }

    /** Objectives whose symbolic and numeric gradients disagreed: listed in the report, to be judged by hand. */
    static final List<String> FAILED_CHECKS = java.util.Collections.synchronizedList(new ArrayList<>());

    // ---------------------------------------------------------------- (c) mutations of the valid samples

    /** A sample's text cut into tokens with the text between them, so a mutation keeps comments and spacing. */
    record Tokenised(String name, List<String> gaps, List<String> tokens) {

        static Tokenised of(String name, String text) {
            MatDiffLexer lexer = new MatDiffLexer(CharStreams.fromString(text));
            List<String> gaps = new ArrayList<>(), tokens = new ArrayList<>();
            int at = 0;
            for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) {
                gaps.add(text.substring(at, t.getStartIndex()));
                tokens.add(t.getText());
                at = t.getStopIndex() + 1;
            }
            gaps.add(text.substring(at));
            return new Tokenised(name, gaps, tokens);
        }

        String text() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < tokens.size(); i++) sb.append(gaps.get(i)).append(tokens.get(i));
            return sb.append(gaps.get(tokens.size())).toString();
        }
    }

    enum Mutation { DROP, DUPLICATE, SWAP, REPLACE, REPLACE_ALIKE, TRUNCATE }

    /** Tokens that can stand for each other and often leave a program that still type-checks. */
    static final List<List<String>> ALIKE = List.of(
            List.of("+", "-", "−"), List.of("*", ".*", "⊙", "∘", "·", "./", "⊗"), List.of("'", "ᵀ", "^T"),
            List.of("exp", "log", "sin", "cos", "tan", "tanh", "arcsin", "arccos", "arctan", "sqrt", "abs", "sign", "sigmoid",
                    "relu"),
            List.of("tr", "sum", "norm", "sqnorm", "norm1", "logsumexp", "det", "logdet"), List.of("inv", "softmax", "diag", "vec"),
            List.of("matrix", "vector", "scalar", "symmetric", "constant"), List.of("0", "1", "2", "0.5", "-1", "1e-3", "3"));

    /** The mutated text: 1 to 3 token mutations, or a cut at a random character. */
    static String mutate(String text, List<Mutation> mutations, long seed) {
        Random random = new Random(seed);
        Tokenised t = Tokenised.of("", text);
        List<String> gaps = new ArrayList<>(t.gaps()), tokens = new ArrayList<>(t.tokens());
        for (Mutation m : mutations) {
            if (tokens.isEmpty()) break;
            int i = random.nextInt(tokens.size());
            switch (m) {
                case DROP -> { tokens.remove(i); gaps.remove(i + 1); }
                case DUPLICATE -> { tokens.add(i, tokens.get(i)); gaps.add(i + 1, " "); }
                case SWAP -> {
                    int j = random.nextInt(tokens.size());
                    String s = tokens.get(i);
                    tokens.set(i, tokens.get(j));
                    tokens.set(j, s);
                }
                case REPLACE -> {
                    List<String> pool = switch (random.nextInt(5)) {
                        case 0 -> NAMES;
                        case 1 -> NUMBERS;
                        case 2 -> OPERATORS;
                        case 3 -> PUNCTUATION;
                        default -> FUNCTIONS;
                    };
                    tokens.set(i, pool.get(random.nextInt(pool.size())));
                }
                case REPLACE_ALIKE -> {
                    String old = tokens.get(i);
                    List<String> pool = ALIKE.stream().filter(g -> g.contains(old)).findFirst()
                            .orElseGet(() -> t.tokens().stream().filter(x -> Character.isLetter(x.charAt(0))).distinct().toList());
                    if (!pool.isEmpty()) tokens.set(i, pool.get(random.nextInt(pool.size())));
                }
                case TRUNCATE -> {
                    String whole = new Tokenised("", gaps, tokens).text();
                    return whole.substring(0, random.nextInt(whole.length() + 1));
                }
            }
        }
        return new Tokenised("", gaps, tokens).text();
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return Arbitraries.of(Mutation.class).list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> sample() {
        return Arbitraries.of(List.copyOf(SAMPLES.keySet()));
    }

    @Property(tries = 2000, seed = "20240607", shrinking = ShrinkingMode.BOUNDED)
    void mutatedSamplesDerive(@ForAll("sample") String sample, @ForAll("mutations") List<Mutation> mutations,
                              @ForAll long seed, @ForAll("deriveFlags") List<String> flags) {
        String text = mutate(SAMPLES.get(sample), mutations, seed);
        Path f = write(sample, text);
        List<String> args = new ArrayList<>(List.of("derive", f.toString()));
        // --wrt names a sample's variables; keep it only where the sample has them
        if (!flags.contains("--wrt")) args.addAll(flags);
        Contract.verify("c: mutated samples, derive", Runs.run(BUDGET, args.toArray(String[]::new)), DERIVE_EXITS);
    }

    @Property(tries = 800, seed = "20240608", shrinking = ShrinkingMode.BOUNDED)
    void mutatedSamplesEvaluate(@ForAll("sampleWithData") String sample, @ForAll("mutations") List<Mutation> mutations,
                                @ForAll long seed, @ForAll boolean json) {
        String text = mutate(SAMPLES.get(sample), mutations, seed);
        Path f = write(sample, text);
        List<String> args = new ArrayList<>(List.of("eval", f.toString(), "--data", DATA.get(sample).toString()));
        if (json) args.add("--json");
        Contract.verify("c: mutated samples, eval", Runs.run(BUDGET, args.toArray(String[]::new)), DERIVE_EXITS);
    }

    @Provide
    Arbitrary<String> sampleWithData() {
        return Arbitraries.of(List.copyOf(DATA.keySet()));
    }

    @Property(tries = 800, seed = "20240609", shrinking = ShrinkingMode.BOUNDED)
    void mutatedSamplesCheck(@ForAll("sample") String sample, @ForAll("mutations") List<Mutation> mutations, @ForAll long seed) {
        String text = mutate(SAMPLES.get(sample), mutations, seed);
        Path f = write(sample, text);
        Contract.verify("c: mutated samples, check",
                Runs.run(BUDGET, "check", f.toString(), "--trials", "1", "--seed", Long.toString(seed & 0xffff)), CHECK_EXITS);
    }

    /** The samples themselves pass, so the mutations start from programs that work. */
    @Property(tries = 12, seed = "20240610", shrinking = ShrinkingMode.OFF)
    void unmutatedSamplesWork(@ForAll("sample") String sample) {
        Path f = write(sample, SAMPLES.get(sample));
        Runs.Run r = Runs.run(Duration.ofSeconds(30), "derive", f.toString());
        if (Contract.verify("c: samples as given", r, Set.of(0)) != Contract.Form.SUCCESS)
            throw Contract.failure(r, "a sample does not derive");
    }
}
