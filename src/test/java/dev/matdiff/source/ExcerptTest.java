package dev.matdiff.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The echoed line: short lines whole, long ones a window, what cannot be printed escaped, the caret under the place. */
class ExcerptTest {

    @Test
    void aFileNameIsEscapedLikeTheLine() {
        // a name with an escape sequence or a newline in it must not rewrite the terminal or fake another line
        Source source = new Source("evil\u001b[2J\nfake.mdiff", "f = ?");
        String shown = new MatDiffException("unexpected '?'", new Pos(1, 4, 4, 4)).format(source);
        assertThat(shown).startsWith("evil\\x1b[2J\\x0afake.mdiff:1:5: unexpected '?'\n").doesNotContain("\u001b");
        assertThat(new MatDiffException("no place", Pos.NONE).format(source)).isEqualTo("evil\\x1b[2J\\x0afake.mdiff: no place");
    }

    /**
     * A 10 MB line is read only near the place (escaping all of a NUL file's line took 8 s): the excerpt is cut on both
     * sides with the caret under the place, at its start, middle and end, and a pair of surrogates is never split.
     */
    @Test
    void aHugeLineIsReadOnlyNearThePlace() {
        String nuls = "\u0000".repeat(5_000_000), line = nuls + "X" + nuls;
        String[] middle = Excerpt.withCaret(line, 5_000_000, 1).split("\n");
        assertThat(middle[0]).startsWith("…\\x00").endsWith("\\x00…").contains("X").hasSizeLessThan(Excerpt.WIDTH + 10);
        assertThat(middle[1].indexOf('^')).isEqualTo(middle[0].indexOf('X'));
        String[] start = Excerpt.withCaret(line, 0, 1).split("\n");
        assertThat(start[0]).startsWith("\\x00").endsWith("…");
        assertThat(start[1]).isEqualTo("^~~~");
        String[] end = Excerpt.withCaret(line, line.length(), 1).split("\n");
        assertThat(end[0]).startsWith("…").doesNotEndWith("…");
        assertThat(end[1].indexOf('^')).isEqualTo(end[0].length());
        String emoji = "😀".repeat(1000);
        assertThat(Excerpt.withCaret(emoji, 1000, 2).split("\n")[0]).doesNotContain("?").contains("😀");
    }

    @Test
    void aShortLineIsShownWhole() {
        assertThat(Excerpt.withCaret("f = tr(A +)", 10, 1)).isEqualTo("f = tr(A +)\n          ^");
        assertThat(Excerpt.withCaret("f = tr(A +)", 4, 6)).isEqualTo("f = tr(A +)\n    ^~~~~~");
        assertThat(Excerpt.withCaret("f = 1", 5, 1)).isEqualTo("f = 1\n     ^");  // just past the end
    }

    /** A wide character takes two columns on a terminal, a combining mark none: the caret still sits under the place. */
    @Test
    void wideCharactersAndCombiningMarksKeepTheCaretUnderThePlace() {
        assertThat(Excerpt.withCaret("{\"中文\": 1, \"x\": ?}", 15, 1)).isEqualTo("{\"中文\": 1, \"x\": ?}\n" + " ".repeat(17) + "^");
        assertThat(Excerpt.withCaret("f = e\u0301 + ?", 9, 1)).isEqualTo("f = e\u0301 + ?\n" + " ".repeat(8) + "^");
        assertThat(Excerpt.width("中a\u0301")).isEqualTo(3);
    }

    @Test
    void aLongLineIsCutAroundThePlace() {
        String line = "a".repeat(1000) + "X" + "b".repeat(1000);
        String[] shown = Excerpt.withCaret(line, 1000, 1).split("\n");
        assertThat(shown[0]).startsWith("…a").endsWith("b…").hasSize(Excerpt.WIDTH + 2);
        assertThat(shown[1]).isEqualTo(" ".repeat(shown[1].length() - 1) + "^");
        assertThat(shown[0].charAt(shown[1].length() - 1)).isEqualTo('X');
        assertThat(shown[0].indexOf('X')).isGreaterThanOrEqualTo(40);
        // at the very start and the very end: one … only
        assertThat(Excerpt.withCaret(line, 0, 1)).startsWith("aaa").contains("…\n^");
        assertThat(Excerpt.withCaret(line, line.length(), 1).split("\n")[0]).startsWith("…b").hasSize(Excerpt.WIDTH + 1);
    }

    @Test
    void aLongUnderlineIsCutWithTheLine() {
        String line = "x".repeat(50) + "y".repeat(5000);
        String[] shown = Excerpt.withCaret(line, 50, 5000).split("\n");
        // 40 columns before the place, the rest of the width underlined
        assertThat(shown[0]).isEqualTo("…" + "x".repeat(40) + "y".repeat(Excerpt.WIDTH - 40) + "…");
        assertThat(shown[1]).isEqualTo(" ".repeat(41) + "^" + "~".repeat(Excerpt.WIDTH - 41));
    }

    @Test
    void controlAndInvisibleCharactersAreEscapedAndTheCaretFollows() {
        assertThat(Excerpt.withCaret("a\u0000b", 2, 1)).isEqualTo("a\\x00b\n     ^");
        assertThat(Excerpt.withCaret("a\u0000b", 1, 1)).isEqualTo("a\\x00b\n ^~~~");
        assertThat(Excerpt.withCaret("\u001b[2Jx", 4, 1)).isEqualTo("\\x1b[2Jx\n       ^");
        assertThat(Excerpt.withCaret("a\u202eb", 2, 1)).isEqualTo("a\\u202eb\n       ^");  // a bidi override would reorder the line
        assertThat(Excerpt.withCaret("\tx\ty", 3, 1)).isEqualTo("\tx\ty\n\t \t^");  // tabs stay, as before
        assertThat(Excerpt.printable("unexpected character '\u0000'")).isEqualTo("unexpected character '\\x00'");
        assertThat(Excerpt.printable("héllo ∇ 😀")).isEqualTo("héllo ∇ 😀");
    }

    @Test
    void aSurrogatePairIsNeverCutInHalf() {
        String line = "😀".repeat(200);
        String[] shown = Excerpt.withCaret(line, 200, 1).split("\n");
        assertThat(shown[0]).doesNotContain("\\u", "?");
        assertThat(shown[0].codePoints().filter(c -> c >= 0xd800 && c <= 0xdfff)).isEmpty();
    }
}
