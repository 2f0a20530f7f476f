//! The archive's markup at its smallest: escaped text, attributes,
//! anchors, and a text with its links around their text.

use std::fmt::Write as _;
use std::ops::Range;

use crate::article::Link;
use crate::output::spans::{finder, link_spans};
use crate::text::TextBuf;
use crate::text::slice;

/// Write `text` escaped, `\n` as `<br>` (or a character reference inside
/// `<pre>`), with each link around the first occurrence of its text after
/// the previous link (see [`link_spans`]); a link whose text is empty or
/// not found is written empty where the previous one ended.
pub(super) fn write_linked(out: &mut String, text: &str, links: &[&Link], pre: bool) {
    let spans = link_spans(links.iter().map(|l| l.text.as_str()), finder(text, pre));
    write_spans(out, text, links, spans, pre);
}

/// [`write_linked`] with the links' spans already found.
pub(super) fn write_spans(
    out: &mut String,
    text: &str,
    links: &[&Link],
    spans: Vec<Option<Range<usize>>>,
    pre: bool,
) {
    let mut at = 0;
    for (link, span) in links.iter().zip(spans) {
        if let Some(span) = span {
            escape_text(out, slice(text, at..span.start), pre);
            open_anchor(out, &link.href);
            escape_text(out, slice(text, span.clone()), pre);
            out.push_str("</a>");
            at = span.end;
        } else {
            open_anchor(out, &link.href);
            out.push_str("</a>");
        }
    }
    escape_text(out, slice(text, at..), pre);
}

/// Whether `text`, written with `<br>` for its line breaks, would read
/// back differently: runs of white space, tabs and other spaces, three
/// breaks in a row, white space at a line's ends. Such text (from a
/// `<pre>`) is written in a `<pre>`.
pub(super) fn needs_pre(text: &str) -> bool {
    let mut buf = TextBuf::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            buf.push_break();
        }
        buf.push_str(line);
    }
    buf.finish() != text
}

pub(super) fn open_anchor(out: &mut String, href: &str) {
    out.push_str("<a");
    write_attr(out, "href", href);
    out.push('>');
}

pub(super) fn escape_text(out: &mut String, text: &str, pre: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' if pre => out.push_str("&#10;"),
            '\n' => out.push_str("<br>"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
}

pub(super) fn write_attr(out: &mut String, name: &str, value: &str) {
    let _ = write!(out, " {name}=\"");
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_normalises_to_itself_needs_no_pre() {
        assert!(!needs_pre("一段\n第二行\n\n第三行 and words"));
        assert!(needs_pre("two  spaces"));
        assert!(needs_pre("tab\there"));
        assert!(needs_pre("three\n\n\nbreaks"));
        assert!(needs_pre("space \nbefore a break"));
    }
}
