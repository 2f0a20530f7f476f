//! What can be wrong with an archive file: [`Warning`]s the lenient parse
//! reports on the side, and the [`Error`] the strict parse returns instead.

use crate::text::clip;

/// How much of the offending text a message quotes.
const QUOTE: usize = 60;

/// The offending text for a message: quoted and clipped, or named when
/// there is nothing to quote.
fn quoted(found: &str) -> String {
    if found.trim().is_empty() {
        "an empty line".to_owned()
    } else {
        format!("`{}`", clip(found, QUOTE).replace('\n', " "))
    }
}

/// Something the lenient parse repaired or could not read.
///
/// Each variant says what the archive format expects and what the file had
/// instead. The lenient entry points collect these in
/// [`Article::warnings`](crate::Article::warnings); the strict one returns
/// the first as an [`Error`] with its position.
///
/// Each kind has a stable snake-case [`name`](Warning::name); with the
/// `serde` feature a warning serialises as an object whose `kind` is that
/// name (`{"kind": "timestamp_nan"}`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "kind", rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Warning {
    /// The input is empty or only white space.
    #[error("expected an archived article, found empty input")]
    EmptyInput,
    /// The input starts with a byte order mark (U+FEFF).
    #[error("expected the timestamp comment at the start, found a byte order mark (U+FEFF)")]
    ByteOrderMark,
    /// The header's lines end in CRLF rather than LF.
    #[error("expected lines ending in LF, found CRLF")]
    CrLf,
    /// The first line is not a `<!--…-->` timestamp comment.
    #[error(
        "expected a timestamp comment like `<!--1677087543000-->`, found {}",
        quoted(.found)
    )]
    MissingTimestamp {
        /// The line found instead.
        found: String,
    },
    /// The timestamp comment holds `NaN`: the feed's date did not parse.
    #[error("expected epoch milliseconds in the timestamp comment, found `NaN`")]
    #[cfg_attr(feature = "serde", serde(rename = "timestamp_nan"))]
    TimestampNaN,
    /// The timestamp comment holds something other than an integer.
    #[error(
        "expected epoch milliseconds (digits) in the timestamp comment, found {}",
        quoted(.found)
    )]
    InvalidTimestamp {
        /// The comment's content.
        found: String,
    },
    /// The timestamp is an integer outside the range of dates.
    #[error(
        "expected epoch milliseconds within the range of dates, found {}",
        quoted(.found)
    )]
    TimestampOutOfRange {
        /// The comment's content.
        found: String,
    },
    /// The timestamp has ten digits or fewer: seconds rather than
    /// milliseconds. The lenient parse reads it as seconds.
    #[error("expected epoch milliseconds, found `{found}`, which looks like seconds")]
    TimestampInSeconds {
        /// The comment's content.
        found: String,
    },
    /// The title link comes before the timestamp comment.
    #[error("expected the timestamp comment before the title link, found it after")]
    HeaderOutOfOrder,
    /// An empty line stands between the header lines.
    #[error("expected the header lines one after another, found an empty line between them")]
    BlankLineInHeader,
    /// The title line is missing or is not a `[title](url)` link.
    #[error(
        "expected a title link like `[title](https://…)`, found {}",
        quoted(.found)
    )]
    MissingTitleLink {
        /// The line found instead.
        found: String,
    },
    /// The title link spans several lines.
    #[error("expected the title link on one line, found it on {lines} lines")]
    MultilineTitle {
        /// How many lines it spans.
        lines: usize,
    },
    /// The brackets of the title link are empty.
    #[error("expected a title between the brackets, found an empty title")]
    EmptyTitle,
    /// The title's link is not an absolute URL.
    #[error(
        "expected an absolute URL in the title link, found {} ({reason})",
        quoted(.found)
    )]
    InvalidUrl {
        /// The link as written.
        found: String,
        /// Why it does not parse.
        reason: String,
    },
    /// The title line holds a control character (U+0000–U+001F other than
    /// tab and line ends), which no feed title or URL carries.
    #[error("expected text in the title line, found the control character U+{code:04X}")]
    ControlCharacter {
        /// The character's code point.
        code: u32,
    },
    /// The `------` line after the title is missing.
    #[error("expected the separator line `------`, found {}", quoted(.found))]
    MissingSeparator {
        /// The line found instead.
        found: String,
    },
    /// The empty line after `------` is missing.
    #[error("expected an empty line after `------`, found {}", quoted(.found))]
    MissingBlankLine {
        /// The line found instead.
        found: String,
    },
    /// Nothing follows the header.
    #[error("expected the article's HTML body after the header, found nothing")]
    MissingBody,
    /// The body opens with a date line that carries no date, only a byline.
    #[error("expected a date in the body's date line, found {}", quoted(.found))]
    UndatedBody {
        /// The date line's text.
        found: String,
    },
    /// The date line has a date in a format this crate cannot read.
    #[error("expected a date in a known format, found {}", quoted(.found))]
    UnreadableDate {
        /// The text that looks like a date.
        found: String,
    },
    /// The body nests elements deeper than
    /// [`Options::max_depth`](crate::Options::max_depth): the start tags
    /// beyond the limit were dropped and their content kept in the deepest
    /// element still open. No text is lost.
    #[error(
        "expected at most {limit} elements open at once, found deeper nesting ({dropped} start tags dropped, their text kept)"
    )]
    NestingLimit {
        /// The limit in force.
        limit: usize,
        /// How many start tags were dropped.
        dropped: usize,
    },
    /// Elements carry more attributes than
    /// [`Options::max_attributes`](crate::Options::max_attributes): the
    /// rest were dropped.
    #[error("expected at most {limit} attributes on an element, found more ({dropped} dropped)")]
    AttributeLimit {
        /// The limit in force.
        limit: usize,
        /// How many attributes were dropped.
        dropped: usize,
    },
    /// The body's relative addresses, made absolute against the article's
    /// URL, would have added more than the body's own length again (plus
    /// 64 KiB): a very long article URL and a great many short relative
    /// addresses, where each join copies the URL. Past that budget, the
    /// rest of them are kept as written, relative, so memory and time stay
    /// linear in the input. Real articles add a few kilobytes.
    #[error(
        "expected relative addresses that add at most {limit} bytes when made absolute, found more ({kept} kept as written)"
    )]
    ResolutionLimit {
        /// The bytes the joined forms could add in all.
        limit: usize,
        /// How many addresses were kept relative.
        kept: usize,
    },
    /// A start tag lost the space before its first attribute, as in
    /// `<imgsrc="…">`; it was read as the element it was meant to be.
    #[error(
        "expected a space between a tag name and its attributes, found `<{}`",
        clip(.found, QUOTE)
    )]
    GluedTag {
        /// The tag name as the HTML parser read it.
        found: String,
    },
}

/// Why the strict parse rejected a file: the first [`Warning`], and where
/// in the input it was found.
///
/// The message names what was expected, what was found, and the position:
///
/// ```
/// let err = newsarchive::Options::new()
///     .parse_strict("<!--NaN-->\n[t](https://a.example/)\n------\n\n<p>x</p>")
///     .unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "line 1, byte 0: expected epoch milliseconds in the timestamp comment, found `NaN`"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, byte {offset}: {kind}")]
pub struct Error {
    kind: Warning,
    line: usize,
    offset: usize,
}

impl Warning {
    /// The kind's stable name in snake case, for counting and filtering
    /// (the same as the `kind` the `serde` feature writes). Names are
    /// never reused; a new kind gets a new name.
    ///
    /// ```
    /// let article = newsarchive::parse_article("<!--NaN-->\n[t](https://a.example/)\n------\n\n<p>x</p>");
    /// assert_eq!(article.warnings[0].name(), "timestamp_nan");
    /// ```
    pub fn name(&self) -> &'static str {
        match self {
            Warning::EmptyInput => "empty_input",
            Warning::ByteOrderMark => "byte_order_mark",
            Warning::CrLf => "cr_lf",
            Warning::MissingTimestamp { .. } => "missing_timestamp",
            Warning::TimestampNaN => "timestamp_nan",
            Warning::InvalidTimestamp { .. } => "invalid_timestamp",
            Warning::TimestampOutOfRange { .. } => "timestamp_out_of_range",
            Warning::TimestampInSeconds { .. } => "timestamp_in_seconds",
            Warning::HeaderOutOfOrder => "header_out_of_order",
            Warning::BlankLineInHeader => "blank_line_in_header",
            Warning::MissingTitleLink { .. } => "missing_title_link",
            Warning::MultilineTitle { .. } => "multiline_title",
            Warning::EmptyTitle => "empty_title",
            Warning::InvalidUrl { .. } => "invalid_url",
            Warning::ControlCharacter { .. } => "control_character",
            Warning::MissingSeparator { .. } => "missing_separator",
            Warning::MissingBlankLine { .. } => "missing_blank_line",
            Warning::MissingBody => "missing_body",
            Warning::UndatedBody { .. } => "undated_body",
            Warning::UnreadableDate { .. } => "unreadable_date",
            Warning::NestingLimit { .. } => "nesting_limit",
            Warning::AttributeLimit { .. } => "attribute_limit",
            Warning::GluedTag { .. } => "glued_tag",
            Warning::ResolutionLimit { .. } => "resolution_limit",
        }
    }

    /// Whether the input holds no archived article at all: it is empty,
    /// or the timestamp line, the title link, the `------` separator or
    /// the body is missing. The lenient parse still returns an
    /// [`Article`](crate::Article), but one with nothing a reader wants;
    /// a converter would report such a file rather than keep it.
    ///
    /// ```
    /// let article = newsarchive::parse_article("just some text\n");
    /// assert!(article.warnings.iter().any(|w| w.means_no_article()));
    ///
    /// let article = newsarchive::parse_article(
    ///     "<!--NaN-->\n[标题](https://www.voachinese.com/a/1.html)\n------\n\n<p>正文</p>",
    /// );
    /// assert!(!article.warnings.iter().any(|w| w.means_no_article()));
    /// ```
    pub fn means_no_article(&self) -> bool {
        matches!(
            self,
            Warning::EmptyInput
                | Warning::MissingTimestamp { .. }
                | Warning::MissingTitleLink { .. }
                | Warning::MissingSeparator { .. }
                | Warning::MissingBody
        )
    }
}

impl Error {
    pub(crate) fn new(kind: Warning, position: Position) -> Error {
        Error {
            kind,
            line: position.line,
            offset: position.offset,
        }
    }

    /// What was wrong.
    pub fn kind(&self) -> &Warning {
        &self.kind
    }

    /// The 1-based line of the input where it was found (the body is one
    /// line, so body problems point at the body's line).
    pub fn line(&self) -> usize {
        self.line
    }

    /// The byte offset in the input of the start of that line, or of the
    /// offending text where it is known more precisely.
    pub fn offset(&self) -> usize {
        self.offset
    }
}

/// A place in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) struct Position {
    pub(crate) line: usize,
    pub(crate) offset: usize,
}

/// Warnings collected during one parse, each with where it was found.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    items: Vec<(Warning, Position)>,
}

impl Diagnostics {
    pub(crate) fn push(&mut self, warning: Warning, position: Position) {
        self.items.push((warning, position));
    }

    pub(crate) fn first_error(&self) -> Option<Error> {
        self.items.first().map(|(w, p)| Error::new(w.clone(), *p))
    }

    pub(crate) fn warnings(&self) -> Vec<Warning> {
        self.items.iter().map(|(w, _)| w.clone()).collect()
    }
}
