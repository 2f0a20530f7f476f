//! Text normalisation: how the body's text nodes become the strings of the
//! model.
//!
//! Runs of white space (every Unicode `White_Space` character, so U+3000
//! and no-break spaces too) collapse to one ASCII space; `<br>` is a line
//! break; nothing is inserted between adjacent text pieces, because CJK
//! text has no spaces to restore; ends are trimmed.

/// A string under construction.
#[derive(Debug, Default, Clone)]
pub(crate) struct TextBuf {
    out: String,
    /// White space was seen since the last character written.
    pending_space: bool,
    /// Something other than white space has been written.
    has_text: bool,
}

impl TextBuf {
    pub(crate) fn new() -> TextBuf {
        TextBuf::default()
    }

    /// Append raw text from the document.
    pub(crate) fn push_str(&mut self, text: &str) {
        // Every piece after the first follows a white-space character.
        for (i, piece) in text.split(char::is_whitespace).enumerate() {
            if i > 0 {
                self.pending_space = true;
            }
            if piece.is_empty() {
                continue;
            }
            if self.pending_space && !self.at_line_start() {
                self.out.push(' ');
            }
            self.out.push_str(piece);
            self.pending_space = false;
            self.has_text = true;
        }
    }

    /// A `<br>`: a line break. Spaces before it go; more than one blank
    /// line in a row collapses to one.
    pub(crate) fn push_break(&mut self) {
        self.pending_space = false;
        if self.out.is_empty() || self.out.ends_with("\n\n") {
            return;
        }
        self.out.push('\n');
    }

    /// A boundary between blocks inside one text (a `<p>` inside a list
    /// item, say): a single line break unless one is already there.
    pub(crate) fn push_soft_break(&mut self) {
        self.pending_space = false;
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// A separation that is a space unless the text already breaks there:
    /// between table cells.
    pub(crate) fn push_space(&mut self) {
        self.pending_space = true;
    }

    /// Text inside `<pre>`: white space as written, line breaks kept.
    pub(crate) fn push_preformatted(&mut self, text: &str) {
        if self.pending_space && !self.at_line_start() {
            self.out.push(' ');
        }
        self.pending_space = false;
        for c in text.chars().filter(|c| *c != '\r') {
            self.has_text |= !c.is_whitespace();
            self.out.push(c);
        }
    }

    /// Whether anything other than white space has been pushed.
    pub(crate) fn has_text(&self) -> bool {
        self.has_text
    }

    fn at_line_start(&self) -> bool {
        self.out.is_empty() || self.out.ends_with('\n')
    }

    /// The finished text, trimmed at both ends.
    pub(crate) fn finish(mut self) -> String {
        let end = self.out.trim_end().len();
        self.out.truncate(end);
        let start = self.out.len() - self.out.trim_start().len();
        if start > 0 {
            self.out.drain(..start);
        }
        self.out
    }

    /// Take the finished text and leave the buffer empty for reuse, its
    /// allocation kept for the next text. The text returned is allocated
    /// to size: a long article holds thousands.
    pub(crate) fn take(&mut self) -> String {
        let text = String::from(self.out.trim());
        self.out.clear();
        self.pending_space = false;
        self.has_text = false;
        text
    }
}

/// Normalise a standalone string with the same rules.
pub(crate) fn normalize(text: &str) -> String {
    let mut buf = TextBuf::new();
    buf.push_str(text);
    buf.finish()
}

/// Clip `text` to about `max` characters for an error message.
pub(crate) fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// `&text[range]`, for a range the caller found in `text` (in bounds, on
/// character boundaries): a broken invariant is a panic in debug builds
/// (every test) and an empty string in release, never a panic on input.
pub(crate) fn slice<R>(text: &str, range: R) -> &str
where
    R: std::slice::SliceIndex<str, Output = str> + Clone + std::fmt::Debug,
{
    let part = text.get(range.clone());
    debug_assert!(
        part.is_some(),
        "{range:?} is not a slice of a text of {} bytes",
        text.len()
    );
    part.unwrap_or_default()
}

/// `&items[range]`, for a range known to be in bounds: as [`slice`].
pub(crate) fn sub<T, R>(items: &[T], range: R) -> &[T]
where
    R: std::slice::SliceIndex<[T], Output = [T]> + Clone + std::fmt::Debug,
{
    let part = items.get(range.clone());
    debug_assert!(
        part.is_some(),
        "{range:?} is not in a table of {}",
        items.len()
    );
    part.unwrap_or_default()
}

/// Whether `needle` occurs in `haystack`, ASCII case-insensitively.
pub(crate) fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(pieces: &[&str]) -> String {
        let mut buf = TextBuf::new();
        for p in pieces {
            match *p {
                "<br>" => buf.push_break(),
                "<p>" => buf.push_soft_break(),
                text => buf.push_str(text),
            }
        }
        buf.finish()
    }

    #[test]
    fn collapses_and_trims_every_kind_of_space() {
        assert_eq!(normalize("  a \t\n b\u{3000}\u{3000}c\u{a0} "), "a b c");
        assert_eq!(
            normalize("\u{3000}声援人士也遭打压\u{3000}"),
            "声援人士也遭打压"
        );
    }

    #[test]
    fn joins_inline_pieces_without_inventing_spaces() {
        assert_eq!(run(&["什么是", "生物钟", "？"]), "什么是生物钟？");
        assert_eq!(run(&["a ", "b", " c"]), "a b c");
        assert_eq!(run(&["a", " ", " ", "b"]), "a b");
    }

    #[test]
    fn breaks_become_newlines_without_surrounding_spaces() {
        assert_eq!(run(&["a ", "<br>", " b"]), "a\nb");
        assert_eq!(run(&["a", "<br>", "<br>", "<br>", "b"]), "a\n\nb");
        assert_eq!(run(&["<br>", "a", "<br>"]), "a");
        assert_eq!(run(&["a", "<p>", "<p>", "b"]), "a\nb");
    }

    #[test]
    fn preformatted_text_keeps_its_white_space() {
        let mut buf = TextBuf::new();
        buf.push_preformatted("line1\n  line2    x\r\nline3\n");
        assert!(buf.has_text());
        assert_eq!(buf.finish(), "line1\n  line2    x\nline3");
    }

    #[test]
    fn clip_marks_the_cut() {
        assert_eq!(clip("abcdef", 3), "abc…");
        assert_eq!(clip("abc", 3), "abc");
        assert_eq!(clip("汉字汉字", 2), "汉字…");
    }
}
