//! The four header lines:
//!
//! ```text
//! <!--1677087543000-->
//! [Title of the story](https://outlet.example/a/story.html)
//! ------
//!
//! ```
//!
//! The lenient reading finds each line by its shape rather than its
//! position, so a missing or swapped line costs a warning, not the rest of
//! the file.

use chrono::{DateTime, Utc};
use url::Url;

use crate::error::{Diagnostics, Position, Warning};

/// How many `](` from the end of a title line are tried as the start of
/// the link.
const MAX_LINK_CANDIDATES: usize = 8;

/// How many lines from the top may hold the header before `------`.
const HEADER_WINDOW: usize = 8;

/// The most lines a title may span and still leave room in the header's
/// window for the timestamp line and the separator.
pub(crate) const MAX_TITLE_LINES: usize = HEADER_WINDOW - 2;

/// Whether `line` is the header's separator: three dashes or more, white
/// space around them allowed.
pub(crate) fn is_separator(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.bytes().all(|b| b == b'-')
}

/// The header's fields and where the body starts.
#[derive(Debug, Default)]
pub(crate) struct Header<'a> {
    pub(crate) timestamp: Option<DateTime<Utc>>,
    pub(crate) title: String,
    pub(crate) url: Option<Url>,
    pub(crate) body: &'a str,
    pub(crate) body_position: Position,
}

/// One line of the input, without its line ending.
#[derive(Clone, Copy, Debug)]
struct Line<'a> {
    text: &'a str,
    shape: Shape,
    position: Position,
    crlf: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    Blank,
    Timestamp,
    Separator,
    /// Starts with `[`: a title link, or the first line of one.
    TitleStart,
    Other,
}

fn shape(text: &str) -> Shape {
    let t = text.trim();
    if t.is_empty() {
        Shape::Blank
    } else if t.len() >= 7 && t.starts_with("<!--") && t.ends_with("-->") {
        Shape::Timestamp
    } else if is_separator(t) {
        Shape::Separator
    } else if t.starts_with('[') {
        Shape::TitleStart
    } else {
        Shape::Other
    }
}

/// Read the header of `input` and locate the body, reporting every
/// departure from the template in `diag`.
pub(crate) fn parse<'a>(input: &'a str, diag: &mut Diagnostics) -> Header<'a> {
    let start = Position { line: 1, offset: 0 };
    let mut text_start = 0;
    if input.starts_with('\u{feff}') {
        diag.push(Warning::ByteOrderMark, start);
        text_start = '\u{feff}'.len_utf8();
    }
    if input[text_start..].trim().is_empty() {
        diag.push(Warning::EmptyInput, start);
        return Header {
            body_position: start,
            body: "",
            ..Header::default()
        };
    }

    // The header's lines, and the blank line and body line that may
    // follow a separator on the window's last line.
    let lines = first_lines(input, text_start, HEADER_WINDOW + 2);
    let window = lines.get(..HEADER_WINDOW).unwrap_or(&lines);

    let mut header = Header::default();
    let separator = window.iter().position(|l| l.shape == Shape::Separator);
    let body_from = match separator.and_then(|sep| Some((sep, lines.split_at_checked(sep)?))) {
        Some((sep, (before, [separator, ..]))) => {
            read_header_lines(before, separator, &mut header, diag);
            match lines.get(sep + 1) {
                Some(line) if line.shape == Shape::Blank => sep + 2,
                Some(line) => {
                    diag.push(
                        Warning::MissingBlankLine {
                            found: line.text.to_owned(),
                        },
                        line.position,
                    );
                    sep + 1
                }
                None => sep + 1,
            }
        }
        _ => read_without_separator(window, &mut header, diag),
    };

    // Line ends are the header's business up to the body; the body's own
    // are its markup's (a `\r\n` in `<pre>` is text).
    if let Some(crlf) = lines.iter().take(body_from).find(|l| l.crlf) {
        diag.push(Warning::CrLf, crlf.position);
    }

    let (body, body_position) = match lines.get(body_from) {
        Some(line) => (&input[line.position.offset..], line.position),
        None => {
            let end = Position {
                line: lines.len() + 1,
                offset: input.len(),
            };
            ("", end)
        }
    };
    if body.trim().is_empty() {
        diag.push(Warning::MissingBody, body_position);
    }
    header.body = body;
    header.body_position = body_position;
    header
}

/// The lines before the separator: a timestamp comment and a title link,
/// in that order.
fn read_header_lines(
    lines: &[Line<'_>],
    separator: &Line<'_>,
    header: &mut Header<'_>,
    diag: &mut Diagnostics,
) {
    let timestamp = lines.iter().position(|l| l.shape == Shape::Timestamp);
    match timestamp.and_then(|i| lines.get(i)) {
        Some(line) => {
            header.timestamp = read_timestamp(line, diag);
        }
        None => {
            let found = lines.first().unwrap_or(separator);
            diag.push(
                Warning::MissingTimestamp {
                    found: found.text.to_owned(),
                },
                found.position,
            );
        }
    }

    if let Some(blank) = lines.iter().find(|l| l.shape == Shape::Blank) {
        diag.push(Warning::BlankLineInHeader, blank.position);
    }
    // Everything else before the separator is the title line; a title with
    // a line break in it spreads over several.
    let title_lines: Vec<&Line<'_>> = lines
        .iter()
        .enumerate()
        .filter(|(i, l)| Some(*i) != timestamp && l.shape != Shape::Blank)
        .map(|(_, l)| l)
        .collect();
    let Some(first) = title_lines.first() else {
        diag.push(
            Warning::MissingTitleLink {
                found: separator.text.to_owned(),
            },
            separator.position,
        );
        return;
    };
    if let Some(ts) = timestamp.and_then(|i| lines.get(i))
        && ts.position.offset > first.position.offset
    {
        diag.push(Warning::HeaderOutOfOrder, ts.position);
    }
    if title_lines.len() > 1 {
        diag.push(
            Warning::MultilineTitle {
                lines: title_lines.len(),
            },
            first.position,
        );
    }
    let joined = title_lines
        .iter()
        .map(|l| l.text)
        .collect::<Vec<_>>()
        .join("\n");
    read_title_link(&joined, first.position, header, diag);
}

/// No separator near the top: read the lines where the template puts
/// them, consuming only those that have the expected shape.
fn read_without_separator(
    lines: &[Line<'_>],
    header: &mut Header<'_>,
    diag: &mut Diagnostics,
) -> usize {
    let mut i = 0;
    match lines.first() {
        Some(line) if line.shape == Shape::Timestamp => {
            header.timestamp = read_timestamp(line, diag);
            i = 1;
        }
        Some(line) => diag.push(
            Warning::MissingTimestamp {
                found: line.text.to_owned(),
            },
            line.position,
        ),
        None => {}
    }
    match lines.get(i) {
        Some(line) if line.shape == Shape::TitleStart && split_title_link(line.text).is_some() => {
            read_title_link(line.text, line.position, header, diag);
            i += 1;
        }
        Some(line) => diag.push(
            Warning::MissingTitleLink {
                found: line.text.to_owned(),
            },
            line.position,
        ),
        None => {}
    }
    if let Some(line) = lines.get(i) {
        diag.push(
            Warning::MissingSeparator {
                found: line.text.to_owned(),
            },
            line.position,
        );
        if line.shape == Shape::Blank {
            i += 1;
        }
    }
    i
}

fn read_timestamp(line: &Line<'_>, diag: &mut Diagnostics) -> Option<DateTime<Utc>> {
    let t = line.text.trim();
    let inner = t
        .strip_prefix("<!--")
        .and_then(|t| t.strip_suffix("-->"))
        .unwrap_or(t)
        .trim();
    let warn = |diag: &mut Diagnostics, w: Warning| diag.push(w, line.position);
    if inner == "NaN" {
        warn(diag, Warning::TimestampNaN);
        return None;
    }
    let digits = inner.strip_prefix('-').unwrap_or(inner);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        warn(
            diag,
            Warning::InvalidTimestamp {
                found: inner.to_owned(),
            },
        );
        return None;
    }
    let out_of_range = |diag: &mut Diagnostics| {
        warn(
            diag,
            Warning::TimestampOutOfRange {
                found: inner.to_owned(),
            },
        )
    };
    let Ok(value) = inner.parse::<i64>() else {
        out_of_range(diag);
        return None;
    };
    // `Date.parse` yields milliseconds; ten digits or fewer is a date in
    // the first four months of 1970 as milliseconds, but a date of
    // 1970–2286 as seconds, which is what such a line means.
    let instant = if digits.len() <= 10 && value != 0 {
        warn(
            diag,
            Warning::TimestampInSeconds {
                found: inner.to_owned(),
            },
        );
        DateTime::from_timestamp(value, 0)
    } else {
        DateTime::from_timestamp_millis(value)
    };
    if instant.is_none() {
        out_of_range(diag);
    }
    instant
}

/// Split `[title](url)` at the final `](` whose remainder is an absolute
/// URL (else at the final `](`): `(title, url)`, both untrimmed.
fn split_title_link(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    let inner = t.strip_prefix('[')?.strip_suffix(')')?;
    let mut fallback = None;
    let mut search = inner.len();
    // A title may hold any number of `](`; only a few candidates are worth
    // parsing as URLs, and only those without white space (a normalised
    // URL has none), so a hostile title line stays linear.
    for _ in 0..MAX_LINK_CANDIDATES {
        let Some(i) = inner.get(..search).and_then(|s| s.rfind("](")) else {
            break;
        };
        let (title, url) = (inner.get(..i)?, inner.get(i + 2..)?);
        let url_text = url.trim();
        if !url_text.contains(char::is_whitespace) && Url::parse(url_text).is_ok() {
            return Some((title, url));
        }
        fallback.get_or_insert((title, url));
        search = i;
    }
    fallback
}

fn read_title_link(
    text: &str,
    position: Position,
    header: &mut Header<'_>,
    diag: &mut Diagnostics,
) {
    if let Some(c) = text
        .chars()
        .find(|c| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{7f}'))
    {
        diag.push(Warning::ControlCharacter { code: u32::from(c) }, position);
    }
    let Some((title, url)) = split_title_link(text) else {
        diag.push(
            Warning::MissingTitleLink {
                found: text.to_owned(),
            },
            position,
        );
        // The line is still the best title there is.
        header.title = text.trim().to_owned();
        return;
    };
    header.title = title.trim().to_owned();
    if header.title.is_empty() {
        diag.push(Warning::EmptyTitle, position);
    }
    let url = url.trim();
    match Url::parse(url) {
        Ok(parsed) => header.url = Some(parsed),
        Err(e) => diag.push(
            Warning::InvalidUrl {
                found: url.to_owned(),
                reason: e.to_string(),
            },
            position,
        ),
    }
}

/// Up to `max` lines from `from`, each with its position.
fn first_lines(input: &str, from: usize, max: usize) -> Vec<Line<'_>> {
    let mut lines = Vec::with_capacity(max);
    let mut offset = from;
    for (i, raw) in input[from..].split_inclusive('\n').take(max).enumerate() {
        let without_lf = raw.strip_suffix('\n').unwrap_or(raw);
        let (text, crlf) = match without_lf.strip_suffix('\r') {
            Some(t) => (t, raw.ends_with('\n')),
            None => (without_lf, false),
        };
        lines.push(Line {
            text,
            shape: shape(text),
            position: Position {
                line: i + 1,
                offset,
            },
            crlf,
        });
        offset += raw.len();
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &str) -> (Header<'_>, Vec<Warning>) {
        let mut diag = Diagnostics::default();
        let header = parse(input, &mut diag);
        (header, diag.warnings())
    }

    #[test]
    fn well_formed_header() {
        let (h, w) =
            run("<!--1677087543000-->\n[Title](https://a.example/x)\n------\n\n<p>b</p>\n");
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            h.timestamp.map(|t| t.timestamp_millis()),
            Some(1677087543000)
        );
        assert_eq!(h.title, "Title");
        assert_eq!(h.url.as_ref().map(Url::as_str), Some("https://a.example/x"));
        assert_eq!(h.body, "<p>b</p>\n");
        assert_eq!(
            h.body_position,
            Position {
                line: 5,
                offset: 58
            }
        );
    }

    #[test]
    fn a_title_over_six_lines_still_leaves_the_body() {
        let (h, w) = run(
            "<!--1677087543000-->\n[一\n二\n三\n四\n五\n六](https://a.example/x)\n------\n\n<p>b</p>",
        );
        assert_eq!(h.title, "一\n二\n三\n四\n五\n六");
        assert_eq!(h.body, "<p>b</p>");
        assert_eq!(w, vec![Warning::MultilineTitle { lines: 6 }]);
    }

    #[test]
    fn title_keeps_brackets_and_parentheses() {
        let (h, w) = run("<!--1-->\n[a [b] (c) ](d](https://x.example/p)\n------\n\nz");
        assert_eq!(h.title, "a [b] (c) ](d");
        assert_eq!(h.url.as_ref().map(Url::as_str), Some("https://x.example/p"));
        assert_eq!(w, vec![Warning::TimestampInSeconds { found: "1".into() }]);
    }

    #[test]
    fn url_containing_bracket_paren() {
        let (h, _) = run("<!--1677087543000-->\n[t](https://x.example/a](b))\n------\n\nz");
        assert_eq!(h.title, "t");
        assert_eq!(
            h.url.as_ref().map(Url::as_str),
            Some("https://x.example/a](b)")
        );
    }

    #[test]
    fn swapped_lines_are_read_with_a_warning() {
        let (h, w) = run("[T](https://a.example/)\n<!--1677087543000-->\n------\n\nbody");
        assert_eq!(h.title, "T");
        assert!(h.timestamp.is_some());
        assert_eq!(w, vec![Warning::HeaderOutOfOrder]);
        assert_eq!(h.body, "body");
    }

    #[test]
    fn bare_html_is_all_body() {
        let (h, w) = run("<p>only a body</p>");
        assert_eq!(h.body, "<p>only a body</p>");
        assert_eq!(w.len(), 3, "{w:?}");
        assert!(h.timestamp.is_none() && h.url.is_none());
    }

    #[test]
    fn crlf_and_bom_are_accepted() {
        let (h, w) =
            run("\u{feff}<!--1677087543000-->\r\n[T](https://a.example/)\r\n------\r\n\r\nbody");
        assert_eq!(w, vec![Warning::ByteOrderMark, Warning::CrLf]);
        assert_eq!(h.title, "T");
        assert_eq!(h.body, "body");
    }
}
