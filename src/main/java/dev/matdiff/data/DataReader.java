package dev.matdiff.data;

import dev.matdiff.numeric.Data;
import dev.matdiff.numeric.NumericException;
import dev.matdiff.source.Pos;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the CLI's data JSON, {@code {"X": [[1, 2], [3, 4]], "w": [1, 2], "a": 0.5}}: a matrix is a
 * list of rows, a vector a flat list (or a list of 1-element rows), a scalar a number. Every
 * problem is a {@link NumericException} whose {@link Pos} points into the JSON text.
 *
 * <p>Gson's streaming reader only reports "line L column C" of its read cursor, and where that
 * cursor sits after a peek depends on the token (after a bracket, after a short integer, before
 * other numbers). {@link #here} turns it back into the first character of the token.
 */
public final class DataReader {

    private static final Pattern LOCATION = Pattern.compile(" at line (\\d+) column (\\d+)");
    private static final String EXAMPLE = "{\"X\": [[1, 2], [3, 4]], \"w\": [1, 2], \"a\": 0.5}";

    private final String text;
    /** Where each line starts, found when a position is first needed (by String.indexOf: a charAt loop over 45 MB took 0.2 s). */
    private List<Integer> lineStarts;
    private final JsonReader in;

    /** What Gson reads: the text, or the text with its long numbers written 0; positions are the same in both. */
    private final String read;
    /** The numbers of 66 characters and more, which Gson cannot read, by where they start: each written 0 in what Gson reads. */
    private final Map<Integer, String> longNumbers;

    /** @param read the text Gson reads: text itself, or with its long numbers marked (of their lengths, so positions hold) */
    private DataReader(String text, String read, Map<Integer, String> longNumbers) {
        this.text = text;
        this.read = read;
        this.longNumbers = longNumbers;
        in = new JsonReader(new StringReader(read));
        in.setStrictness(Strictness.STRICT);
    }

    public static Data read(String json) {
        if (json.startsWith("\uFEFF")) json = json.substring(1);  // a byte-order mark is not part of the data
        refuseNonFiniteTokens(json);
        try {
            return new DataReader(json, json, Map.of()).readData();
        } catch (LongNumberMet e) {
            Map<Integer, String> numbers = new java.util.HashMap<>();
            return new DataReader(json, markingLongNumbers(json, numbers), numbers).readData();
        }
    }

    /** Gson (2.13) calls a number of 66 to 1,023 characters malformed: the data is read again with each marked. */
    private static final class LongNumberMet extends RuntimeException {
        LongNumberMet() { super(null, null, false, false); }
    }

    private static final int LONG_NUMBER = 60;

    /**
     * The text with every number of {@value #LONG_NUMBER} characters or more outside strings written as 0 and spaces to its
     * length, and the number by where it starts: a place no other number has, so no literal of the data is taken for one.
     */
    private static String markingLongNumbers(String json, Map<Integer, String> numbers) {
        StringBuilder out = new StringBuilder(json.length());
        boolean inString = false;
        for (int i = 0; i < json.length(); ) {
            char c = json.charAt(i);
            if (inString) {
                out.append(c);
                if (c == '\\' && i + 1 < json.length()) out.append(json.charAt(++i));
                else if (c == '"') inString = false;
                i++;
            } else if (c == '"') {
                inString = true;
                out.append(c);
                i++;
            } else if (c == '-' || c >= '0' && c <= '9') {
                int end = i;
                while (end < json.length() && isNumberChar(json.charAt(end))) end++;
                if (end - i >= LONG_NUMBER) {
                    numbers.put(i, json.substring(i, end));
                    out.append('0').append(" ".repeat(end - i - 1));
                } else out.append(json, i, end);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static final java.util.regex.Pattern NON_FINITE = java.util.regex.Pattern.compile("(?<![\\w.\"])-?(NaN|Infinity)(?![\\w\"])");

    /** NaN and Infinity are not JSON; say so at the token rather than as "malformed JSON" before it. */
    private static void refuseNonFiniteTokens(String json) {
        if (!json.contains("NaN") && !json.contains("Infinity")) return;  // the usual case, without the regex's look-arounds
        Matcher m = NON_FINITE.matcher(json);
        while (m.find()) {
            int start = m.start();
            int lineStart = json.lastIndexOf('\n', start - 1) + 1;
            String before = json.substring(lineStart, start);
            if (before.chars().filter(c -> c == '"').count() % 2 == 1) continue;  // inside a string
            int line = (int) json.substring(0, start).chars().filter(c -> c == '\n').count() + 1;
            throw new NumericException(m.group() + " is not a value matdiff can use: the data must be finite numbers",
                    new Pos(line, start - lineStart, start, start));
        }
    }

    public static Data read(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new NumericException("cannot read the data file " + file + ": " + e.getMessage());
        }
        return read(json);
    }

    private Data readData() {
        Map<String, RealMatrix> values = new LinkedHashMap<>();
        Map<String, Pos> positions = new LinkedHashMap<>();
        if (text.isBlank()) throw new NumericException("the data is empty; expected an object such as " + EXAMPLE, pos(1, 0));
        JsonToken t = peek();
        if (t != JsonToken.BEGIN_OBJECT)
            throw new NumericException("the data must be a JSON object that maps names to values, such as " + EXAMPLE, here(t));
        call(in::beginObject);
        while ((t = peek()) == JsonToken.NAME) {
            Pos namePos = here(t);
            String name = call(in::nextName);
            if (values.containsKey(name))
                throw new NumericException("'" + name + "' is given twice (first at line " + positions.get(name).line() + ")", namePos);
            Pos valuePos = here(peek());
            values.put(name, value(name));
            positions.put(name, valuePos);
        }
        call(in::endObject);
        Pos after = null;
        try {
            if (in.peek() != JsonToken.END_DOCUMENT) after = here(in.peek());
        } catch (IOException e) {
            after = errorPos(e);
        }
        if (after != null) throw new NumericException("unexpected text after the data object", after);
        return new Data(values, positions);
    }

    private RealMatrix value(String name) {
        JsonToken t = peek();
        if (t == JsonToken.NUMBER) return MatrixUtils.createRealMatrix(new double[][] {{number(name)}});
        if (t != JsonToken.BEGIN_ARRAY) {
            Pos p = here(t);
            throw new NumericException("the value of '" + name + "' must be a number or a list, not " + described(t), p);
        }
        Pos listPos = here(t);
        call(in::beginArray);
        t = peek();
        if (t == JsonToken.END_ARRAY) throw new NumericException("the value of '" + name + "' is an empty list", listPos);
        if (t == JsonToken.NUMBER) {
            double[] column = numbers(name, "");
            return MatrixUtils.createColumnRealMatrix(column);
        }
        if (t != JsonToken.BEGIN_ARRAY) {
            Pos p = here(t);
            throw new NumericException("'" + name + "' must be a list of numbers or a list of rows, but it holds " + described(t), p);
        }
        List<double[]> rows = new ArrayList<>();
        while ((t = peek()) != JsonToken.END_ARRAY) {
            Pos rowPos = here(t);
            int r = rows.size() + 1;
            if (t != JsonToken.BEGIN_ARRAY)
                throw new NumericException("row " + r + " of '" + name + "' must be a list of numbers, not " + described(t), rowPos);
            call(in::beginArray);
            if (peek() == JsonToken.END_ARRAY) throw new NumericException("row " + r + " of '" + name + "' is empty", rowPos);
            double[] row = numbers(name, " in row " + r);
            if (!rows.isEmpty() && row.length != rows.get(0).length)
                throw new NumericException("row " + r + " of '" + name + "' has " + row.length + (row.length == 1 ? " entry" : " entries") + ", but row 1 has "
                        + rows.get(0).length, rowPos);
            rows.add(row);
        }
        call(in::endArray);
        return MatrixUtils.createRealMatrix(rows.toArray(new double[0][]));
    }

    /** The numbers of a list whose opening bracket has been read, through its closing bracket. */
    private double[] numbers(String name, String where) {
        double[] out = new double[16];
        int k = 0;
        JsonToken t;
        while ((t = peek()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.NUMBER) {
                Pos p = here(t);
                throw new NumericException("'" + name + "' must hold numbers" + where + ", but found " + described(t)
                        + (t == JsonToken.BEGIN_ARRAY ? " (a matrix is a list of rows of numbers)" : ""), p);
            }
            if (k == out.length) out = java.util.Arrays.copyOf(out, 2 * k);
            out[k++] = number(name);
        }
        call(in::endArray);
        return java.util.Arrays.copyOf(out, k);
    }

    /** Gson's JsonReader reads a number into a buffer of 1,024 characters: one this long or longer it calls malformed. */
    static final int LONGEST_NUMBER = 1024;

    /** Literals up to this long are read by FastDoubleParser, longer ones by the JDK. */
    static final int FAST_PARSE_MAX_CHARS = 64;

    private double number(String name) {
        try {
            // Gson has checked the literal's JSON syntax; the JDK's parseDouble took half the time of reading large data.
            // FastDoubleParser 2.0.1 gets some literals of 700 digits and more wrong (a tiny number where the JDK
            // underflows to 0): those, far from any data a person writes, go to the JDK
            String literal = in.nextString();
            // only when the data has long numbers: finding a number's place is what made reading large data slow
            if (!longNumbers.isEmpty()) literal = longNumbers.getOrDefault(here(JsonToken.NUMBER).start(), literal);
            double v = literal.length() <= FAST_PARSE_MAX_CHARS ? JavaDoubleParser.parseDouble(literal) : Double.parseDouble(literal);
            if (Double.isInfinite(v)) throw new NumberFormatException("not finite");
            return v;
        } catch (IOException | NumberFormatException e) {
            // strict Gson refuses numbers that overflow to infinity; its cursor is then just past the number, which
            // here() walks back over (found only now: locating every number took most of the time of reading large data)
            Pos pos = here(JsonToken.NUMBER);
            int end = pos.start();
            while (end < text.length() && isNumberChar(text.charAt(end))) end++;
            throw new NumericException("'" + name + "' has a number that is not finite in double precision: "
                    + text.substring(pos.start(), end), pos);
        }
    }

    /**
     * The token met where another was due, said after a string is read through: a string the data never closes is that
     * error, not "a string" where a list was due (Gson's peek sees only the opening quote).
     */
    private String described(JsonToken t) {
        if (t == JsonToken.STRING) call(in::nextString);
        return describe(t);
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case BEGIN_ARRAY -> "a list";
            case BEGIN_OBJECT -> "an object";
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case NUMBER -> "a number";
            case NAME -> "a name";
            case END_ARRAY, END_OBJECT -> "the end of a list";
            case END_DOCUMENT -> "the end of the data";
        };
    }

    // ---- Gson calls, with its exceptions turned into positioned messages

    private interface Call<T> { T run() throws IOException; }

    private interface Action { void run() throws IOException; }

    private JsonToken peek() { return call(in::peek); }

    private <T> T call(Call<T> c) {
        try {
            return c.run();
        } catch (IOException e) {
            throw malformed(e);
        }
    }

    private void call(Action a) {
        call(() -> { a.run(); return null; });
    }

    private NumericException malformed(IOException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        Matcher at = LOCATION.matcher(m);
        String detail = at.find() ? m.substring(0, at.start()) : m;
        if (e instanceof java.io.EOFException || detail.startsWith("Unterminated string")) {
            Pos open = unclosed();
            if (open != null && text.charAt(open.start()) == '"')
                return new NumericException("this string is never closed (the data ends inside it)", open);
            return open != null ? new NumericException("the data ends before this '" + text.charAt(open.start()) + "' is closed", open)
                    : new NumericException("the data ends too early (an unclosed '[' or '{'?)", errorPos(e));
        }
        Pos pos = errorPos(e);
        // Gson takes a number of at most its buffer's 1,024 characters and calls a longer one malformed: said as what it is
        // (Gson's position may be the ':' or ',' before the number)
        int start = pos.start();
        while (start >= 0 && start < text.length() && ":,[ \t\r\n".indexOf(text.charAt(start)) >= 0) start++;
        int end = start;
        while (end >= 0 && end < text.length() && isNumberChar(text.charAt(end))) end++;
        if (end - start >= LONG_NUMBER && end - start < LONGEST_NUMBER && longNumbers.isEmpty()) throw new LongNumberMet();
        if (end - start >= LONGEST_NUMBER)
            return new NumericException("a number written with " + (end - start) + " characters: the data may write one with at most "
                    + (LONGEST_NUMBER - 1) + "; round it", start == pos.start() ? pos : pos(pos.line(), pos.column() + start - pos.start()));
        // a comma with nothing after it, {"x": [1, 2,]}: Gson says "expected name" or nothing; said as what it is, at the comma
        int close = pos.start();
        if (close >= 0 && close < text.length() && (text.charAt(close) == '}' || text.charAt(close) == ']')) {
            int comma = close - 1;
            while (comma >= 0 && Character.isWhitespace(text.charAt(comma))) comma--;
            // on its own line or an earlier one: pretty-printed JSON ends a line with it (review s76r)
            if (comma >= 0 && text.charAt(comma) == ',')
                return new NumericException("this comma has nothing after it before the '" + text.charAt(close)
                        + "': JSON has no trailing commas", at(comma));
        }
        String msg = detail.isBlank() || detail.startsWith("Use JsonReader") ? "malformed JSON"
                : "malformed JSON: " + Character.toLowerCase(detail.charAt(0)) + detail.substring(1);
        // Python's dict syntax, {'X': …}: JSON quotes its names with "
        if (start >= 0 && start < text.length() && text.charAt(start) == '\'') msg += " (JSON writes names in double quotes: \"X\", not 'X')";
        return new NumericException(msg, pos);
    }

    // ---- positions

    /** The first character of the token just peeked. */
    private Pos here(JsonToken t) {
        int[] lc = location(in.toString());
        int line = lc[0], cursor = lc[1] - 1;
        int col = switch (t) {
            case NUMBER -> {
                // the cursor is at the first character, or just past the last one
                if (isNumberChar(charAt(line, cursor))) yield cursor;
                int c = cursor;
                while (c > 0 && isNumberChar(charAt(line, c - 1))) c--;
                yield c;
            }
            case BOOLEAN, NULL -> {
                int c = cursor;
                while (c > 0 && Character.isLetter(charAt(line, c - 1))) c--;
                yield c;
            }
            case END_DOCUMENT -> Math.max(0, cursor);
            default -> Math.max(0, cursor - 1); // just past a bracket or an opening quote
        };
        return pos(line, col);
    }

    /** Where Gson's exception says the problem is: just past the offending character. */
    private Pos errorPos(IOException e) {
        int[] lc = location(e.getMessage() == null ? "" : e.getMessage());
        int line = lc[0];
        int col = Math.max(0, lc[1] - 2);
        int length = lineLength(line);
        while (col < length && Character.isWhitespace(charAt(line, col))) col++;
        if (e instanceof java.io.EOFException) col = Math.min(Math.max(0, lc[1] - 1), length);
        return pos(line, col);
    }

    private static int[] location(String s) {
        Matcher m = LOCATION.matcher(s);
        int[] lc = {1, 1};
        while (m.find()) { lc[0] = Integer.parseInt(m.group(1)); lc[1] = Integer.parseInt(m.group(2)); }
        return lc;
    }

    /** Where the innermost '[', '{' or string that the text never closes was opened, or null. */
    private Pos unclosed() {
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                int quote = i;
                for (i++; i < text.length() && text.charAt(i) != '"'; i++) if (text.charAt(i) == '\\') i++;
                if (i >= text.length()) open.push(quote);  // the data ends inside this string
            } else if (c == '[' || c == '{') open.push(i);
            else if ((c == ']' || c == '}') && !open.isEmpty()) open.pop();
        }
        return open.isEmpty() ? null : at(open.peek());
    }

    /** The position of the character at offset i of the text. */
    private Pos at(int i) {
        int found = java.util.Collections.binarySearch(lineStarts(), i);
        int line = found >= 0 ? found + 1 : -found - 1;
        return pos(line, i - lineStarts().get(line - 1));
    }

    private Pos pos(int line, int col) {
        int l = Math.max(1, Math.min(line, lineStarts().size()));
        int offset = Math.min(lineStarts().get(l - 1) + col, text.length());
        // a message's column counts code points, as a program's do: a 😀 before it is one (Gson's count is UTF-16 units)
        if (!oneUnitPerCodePoint()) col = text.codePointCount(lineStarts().get(l - 1), Math.max(lineStarts().get(l - 1), offset));
        return new Pos(l, col, offset, offset);
    }

    private Boolean oneUnitPerCodePoint;

    /** Whether the text's code points are its chars (Source's test), asked once. */
    private boolean oneUnitPerCodePoint() {
        if (oneUnitPerCodePoint == null) oneUnitPerCodePoint = dev.matdiff.source.Source.oneUnitPerCodePoint(text);
        return oneUnitPerCodePoint;
    }

    private int lineLength(int line) {
        if (line < 1 || line > lineStarts().size()) return 0;
        int start = lineStarts().get(line - 1);
        int end = line < lineStarts().size() ? lineStarts().get(line) - 1 : text.length();
        return end - start;
    }

    private char charAt(int line, int col) {
        if (line < 1 || line > lineStarts().size() || col < 0 || col >= lineLength(line)) return ' ';
        return read.charAt(lineStarts().get(line - 1) + col);  // Gson's cursor is past the 0 that stands for a long number
    }

    private static boolean isNumberChar(char c) {
        return c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    }

    private List<Integer> lineStarts() {
        if (lineStarts == null) {
            lineStarts = new ArrayList<>(List.of(0));
            for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) lineStarts.add(nl + 1);
        }
        return lineStarts;
    }
}
