//! Terminal columns: how wide text is on screen (a CJK character takes two columns), and
//! padding or cutting it to a width, so that tables of Chinese and English text line up.

use unicode_width::UnicodeWidthStr as _;

/// How many terminal columns `s` takes.
#[must_use]
pub fn width(s: &str) -> usize {
    s.width()
}

/// `s` cut to at most `max` columns, ending in `…` when cut.
#[must_use]
pub fn cut(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        w += cw;
        out.push(c);
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// `s` cut to `w` columns and padded with spaces on the right to exactly `w`.
#[must_use]
pub fn left(s: &str, w: usize) -> String {
    let s = cut(s, w);
    let pad = w.saturating_sub(s.width());
    format!("{s}{}", " ".repeat(pad))
}

/// `s` cut to `w` columns and padded with spaces on the left to exactly `w`.
#[must_use]
pub fn right(s: &str, w: usize) -> String {
    let s = cut(s, w);
    let pad = w.saturating_sub(s.width());
    format!("{}{s}", " ".repeat(pad))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_takes_two_columns() {
        assert_eq!(width("儿童之家"), 8);
        assert_eq!(left("儿童之家", 10), "儿童之家  ");
        assert_eq!(cut("儿童之家", 6), "儿童…");
        assert_eq!(width(&cut("儿童之家", 6)), 5);
        assert_eq!(right("ab", 4), "  ab");
    }
}
