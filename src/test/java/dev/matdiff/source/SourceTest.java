package dev.matdiff.source;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SourceTest {

    @Test void positions_count_code_points_in_text_beyond_the_bmp_too() {
        Source plain = new Source("p", "L = a + b"), emoji = new Source("e", "# 😀\nL = a + b");
        assertThat(plain.oneUnitPerCodePoint()).isTrue();
        assertThat(emoji.oneUnitPerCodePoint()).isFalse();
        // the flag is the text's, whatever a caller passes: a wrong one would cut names in the wrong places
        assertThat(new Source("e", "# 😀\nL = a + b", true)).isEqualTo(emoji);
        assertThat(new Source("e", "# 😀\nL = a + b", true).codePoints(8, 13)).isEqualTo("a + b");
        assertThat(plain.codePoints(4, 9)).isEqualTo("a + b");
        // the emoji is one code point and two chars: code point 4 is where "L" starts
        assertThat(emoji.codePoints(4, 5)).isEqualTo("L");
        assertThat(emoji.codePoints(8, 13)).isEqualTo("a + b");
    }

    @Test void a_range_past_the_text_is_none() {
        assertThat(new Source("p", "abc").codePoints(1, 4)).isNull();
        assertThat(new Source("e", "a😀c").codePoints(1, 4)).isNull();
        assertThat(new Source("e", "a😀c").codePoints(1, 3)).isEqualTo("😀c");
        // several characters outside the BMP, each one code point of two chars, read by their index
        Source many = new Source("e", "😀a😀bc😀");
        assertThat(many.codePoints(0, 1)).isEqualTo("😀");
        assertThat(many.codePoints(2, 3)).isEqualTo("😀");
        assertThat(many.codePoints(3, 5)).isEqualTo("bc");
        assertThat(many.codePoints(1, 6)).isEqualTo("a😀bc😀");
        assertThat(many.codePoints(1, 7)).isNull();
        assertThat(new Source("p", "abc").codePoints(2, 1)).isNull();
    }

    @Test void a_lone_carriage_return_is_a_line_break() {
        assertThat(new Source("m", "a\rb\r\nc").text()).isEqualTo("a\nb\r\nc");
        assertThat(new Source("m", "a\rb").line(2)).isEqualTo("b");
    }
}
