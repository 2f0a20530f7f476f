//! CommonMark rendering of an [`Article`], for people to read.

use crate::article::{Article, Block, Embed, EmbedKind, Figure, Link, flattened};
use crate::output::spans::place;
use crate::text::slice;

impl Article {
    /// The article as CommonMark: the title as a level-1 heading linking to
    /// the article, the date and byline in emphasis, then the blocks in
    /// order. Body headings move one level down (the title is the only
    /// level 1), figures are `![alt](image)` with the caption and credit
    /// beneath, embeds are links to their player, and links stay links.
    /// The feed footer is left out.
    ///
    /// Text is escaped where CommonMark would read it as markup (`*`, `_`,
    /// `[`, `` ` ``, `<`, a `#` or `1.` starting a line…), so every
    /// character of the model's text reads back as text; a line break
    /// within a block is a hard break (`\` at the end of the line).
    ///
    /// ```
    /// let input = "<!--1677087543000-->\n[标题 [快讯]](https://www.voachinese.com/a/1.html)\n------\n\n\
    ///              <p>1. 第一段 *重点*</p>";
    /// let md = newsarchive::parse_article(input).to_markdown();
    /// assert!(md.starts_with("# [标题 \\[快讯\\]](https://www.voachinese.com/a/1.html)\n"));
    /// assert!(md.contains("\n1\\. 第一段 \\*重点\\*\n"));
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut out = String::with_capacity(256 + self.blocks.len() * 128);
        let title = if self.title.is_empty() {
            "(untitled)"
        } else {
            &self.title
        };
        out.push_str("# ");
        let mut heading = String::new();
        match &self.url {
            Some(url) => push_link(&mut heading, &one_line(title), url.as_str()),
            None => push_inline(&mut heading, &one_line(title), &[], false),
        }
        push_heading_text(&mut out, heading);

        let mut meta = Vec::new();
        match (&self.published, &self.dateline) {
            (Some(p), _) => meta.push(p.to_string()),
            (None, Some(line)) => meta.push(line.replace('\n', " ")),
            (None, None) => {}
        }
        if !self.byline.is_empty() && self.published.is_some() {
            meta.push(self.byline.join(", "));
        }
        if !meta.is_empty() {
            out.push_str("\n*");
            push_inline(&mut out, &meta.join(" · "), &[], false);
            out.push_str("*\n");
        }

        // Furniture is shown in place, as the blocks it holds: the page as
        // it was, nothing left out.
        let mut previous = None;
        for block in flattened(&self.blocks) {
            out.push('\n');
            push_block(&mut out, block, previous);
            previous = Some(block);
        }
        out
    }
}

/// Text for a one-line place (a heading, a link label, an image's alt):
/// its line breaks as spaces.
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}

fn push_block(out: &mut String, block: &Block, previous: Option<&Block>) {
    match block {
        Block::Paragraph(p) => {
            push_inline(out, &p.text, &p.links, true);
            out.push('\n');
        }
        Block::Heading(h) => {
            let level = usize::from(h.level.clamp(1, 5)) + 1;
            out.push_str(&"#".repeat(level));
            out.push(' ');
            // An ATX heading is one line, its links too.
            let links: Vec<Link> = h
                .links
                .iter()
                .map(|l| Link {
                    href: l.href.clone(),
                    text: one_line(&l.text),
                })
                .collect();
            let mut text = String::new();
            push_inline(&mut text, &one_line(&h.text), &links, false);
            push_heading_text(out, text);
        }
        Block::List(list) => {
            // Two lists in a row with the same marker would read as one:
            // the second takes the other marker.
            let after_same = matches!(previous, Some(Block::List(l)) if l.ordered == list.ordered);
            for (i, item) in list.items.iter().enumerate() {
                let marker = match (list.ordered, after_same) {
                    (true, false) => format!("{}. ", i + 1),
                    (true, true) => format!("{}) ", i + 1),
                    (false, false) => "- ".to_owned(),
                    (false, true) => "* ".to_owned(),
                };
                out.push_str(&marker);
                let indent = " ".repeat(marker.len());
                let mut text = String::new();
                push_inline(&mut text, &item.text, &item.links, true);
                out.push_str(&text.replace('\n', &format!("\n{indent}")));
                out.push('\n');
            }
        }
        Block::Quote(q) => {
            for (i, p) in q.paragraphs.iter().enumerate() {
                if i > 0 {
                    out.push_str(">\n");
                }
                let mut text = String::new();
                push_inline(&mut text, &p.text, &p.links, true);
                for line in text.split('\n') {
                    out.push_str("> ");
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        Block::Figure(f) => push_figure(out, f),
        Block::Embed(e) => push_embed(out, e),
        Block::Aside(a) => {
            // Only an aside nested in an aside, which the reader never
            // makes, comes here: its blocks in place all the same.
            for inner in &a.blocks {
                push_block(out, inner, None);
            }
        }
    }
}

/// A heading's rendered text and the line end. Text ending in `#` gets a
/// closing sequence of its own, so its `#` is not taken for one.
fn push_heading_text(out: &mut String, text: String) {
    out.push_str(&text);
    if text.ends_with('#') {
        out.push_str(" #");
    }
    out.push('\n');
}

fn push_figure(out: &mut String, f: &Figure) {
    let image = f.original.as_deref().or(f.src.as_deref());
    match image {
        Some(src) => {
            out.push_str("![");
            push_escaped(out, &one_line(f.alt.as_deref().unwrap_or_default()));
            out.push_str("](");
            push_destination(out, src);
            out.push(')');
        }
        None => out.push_str("*(image)*"),
    }
    push_caption_lines(out, [f.caption.as_deref(), f.credit.as_deref()]);
}

fn push_embed(out: &mut String, e: &Embed) {
    let kind = match e.kind {
        EmbedKind::Video => "Video",
        EmbedKind::Audio => "Audio",
        EmbedKind::Iframe => "Embedded page",
        EmbedKind::Object => "Embedded object",
    };
    let label = match &e.title {
        Some(title) => format!("{kind}: {}", one_line(title)),
        None => kind.to_owned(),
    };
    match &e.src {
        Some(src) => push_link(out, &label, src),
        None => push_inline(out, &label, &[], false),
    }
    push_caption_lines(
        out,
        [
            e.caption.as_deref(),
            e.credit.as_deref(),
            e.fallback.as_deref(),
        ],
    );
}

/// The figure's or embed's caption lines, each beneath the last (hard
/// breaks), in emphasis.
fn push_caption_lines<const N: usize>(out: &mut String, lines: [Option<&str>; N]) {
    for text in lines.into_iter().flatten().filter(|t| !t.is_empty()) {
        out.push_str("\\\n*");
        push_inline(out, text, &[], false);
        out.push('*');
    }
    out.push('\n');
}

/// `[text](destination)`.
fn push_link(out: &mut String, text: &str, destination: &str) {
    out.push('[');
    push_escaped(out, text);
    out.push_str("](");
    push_destination(out, destination);
    out.push(')');
}

/// A link destination: bare when it can be, else in `<…>`.
fn push_destination(out: &mut String, destination: &str) {
    let bare = !destination.is_empty()
        && !destination.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '(' | ')' | '<' | '>' | '\\')
        });
    if !bare {
        out.push('<');
    }
    for (i, c) in destination.char_indices() {
        match c {
            // A character reference is read in a destination too.
            '&' if starts_reference(destination, i) => out.push_str("\\&"),
            '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // No line break may sit in a destination.
            '\n' | '\r' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    if !bare {
        out.push('>');
    }
}

/// A block's text with its links as Markdown links, line breaks as hard
/// breaks; with `blank_lines`, an empty line (two breaks, `<br><br>`)
/// starts a new paragraph. The links sit where the archive writer puts
/// them ([`spans`](crate::output::spans)): each around the first
/// occurrence of its text after the previous one, verbatim, or white space
/// run for white space run in a text read from a `<pre>`. Links without
/// text are left out (there is nothing to click).
fn push_inline(out: &mut String, text: &str, links: &[Link], blank_lines: bool) {
    let (spans, _) = place(text, links.iter().map(|l| l.text.as_str()));
    let mut at = 0;
    let mut line_start = true;
    for (link, span) in links.iter().zip(spans) {
        let Some(span) = span else { continue };
        line_start = push_text_run(out, slice(text, at..span.start), line_start, blank_lines);
        out.push('[');
        // Link text cannot hold a paragraph break.
        line_start = push_text_run(out, slice(text, span.clone()), line_start, false);
        out.push_str("](");
        push_destination(out, &link.href);
        out.push(')');
        at = span.end;
    }
    push_text_run(out, slice(text, at..), line_start, blank_lines);
}

/// Escaped text whose line breaks become hard breaks (or, with
/// `blank_lines`, an empty line a paragraph break). `line_start`: the run
/// starts a line, where block markers must be escaped too. Returns whether
/// the run ends at the start of a line (it is empty and began at one).
fn push_text_run(out: &mut String, text: &str, line_start: bool, blank_lines: bool) -> bool {
    let mut lines = text.split('\n').peekable();
    let mut first = true;
    let mut after_blank = false;
    while let Some(line) = lines.next() {
        if !first {
            if blank_lines && line.is_empty() && lines.peek().is_some() {
                // `a\n\nb`: a blank line, then `b` starts a paragraph.
                out.push_str("\n\n");
                after_blank = true;
                continue;
            }
            if !after_blank {
                out.push_str("\\\n");
            }
            after_blank = false;
        }
        // White space a reader would strip: at the start of a line, and
        // at the end of one that breaks (text from a `<pre>` has it).
        let at_start = !first || line_start;
        let lead = if at_start {
            line.len() - line.trim_start_matches([' ', '\t']).len()
        } else {
            0
        };
        let body = slice(line, lead..);
        let kept = if lines.peek().is_some() {
            body.trim_end_matches([' ', '\t'])
        } else {
            body
        };
        push_white_space(out, slice(line, ..lead));
        if at_start {
            push_line_start(out, kept);
        } else {
            push_escaped(out, kept);
        }
        push_white_space(out, slice(body, kept.len()..));
        first = false;
    }
    line_start && text.is_empty()
}

/// Spaces and tabs as character references: kept where a reader strips
/// white space.
fn push_white_space(out: &mut String, spaces: &str) {
    for c in spaces.chars() {
        out.push_str(if c == '\t' { "&#9;" } else { "&#32;" });
    }
}

/// Whether an `&` at byte `at` of `text` starts what CommonMark reads as a
/// character reference (`&name;`, `&#123;`, `&#x1F;`).
fn starts_reference(text: &str, at: usize) -> bool {
    let rest = slice(text, at + 1..);
    let name = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
        .count();
    name > 0 && rest.as_bytes().get(name) == Some(&b';')
}

/// Escape what would start a block at the start of a line: `#` (heading),
/// `-`, `+`, `=` (list, rule, setext underline), `1.` and `1)` (ordered
/// list). The rest as [`push_escaped`].
fn push_line_start(out: &mut String, line: &str) {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=9).contains(&digits)
        && let Some(rest) = line.get(digits..)
        && (rest.starts_with('.') || rest.starts_with(')'))
    {
        out.push_str(slice(line, ..digits));
        out.push('\\');
        push_escaped(out, rest);
        return;
    }
    if line.starts_with(['#', '-', '+', '=']) || line.starts_with("~~~") {
        out.push('\\');
    }
    push_escaped(out, line);
}

/// Backslash-escape the characters CommonMark reads as inline markup
/// anywhere, and `&` where it could start an entity.
fn push_escaped(out: &mut String, text: &str) {
    for (i, c) in text.char_indices() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '&' => {
                if starts_reference(text, i) {
                    out.push('\\');
                }
                out.push('&');
            }
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        push_inline(&mut out, text, &[], true);
        out
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escaped("a*b*_c_ [x](y) `z` <t>"),
            r"a\*b\*\_c\_ \[x\](y) \`z\` \<t\>"
        );
        assert_eq!(escaped("AT&T &amp; co"), r"AT&T \&amp; co");
        assert_eq!(escaped("# not a heading"), r"\# not a heading");
        assert_eq!(
            escaped("1. not a list\n2) nor this\n- nor this"),
            "1\\. not a list\\\n2\\) nor this\\\n\\- nor this"
        );
        assert_eq!(escaped("2024. 年"), "2024\\. 年");
        assert_eq!(escaped("12345678901. x"), "12345678901. x");
    }

    #[test]
    fn destinations_with_spaces_or_parentheses_are_bracketed() {
        let mut out = String::new();
        push_destination(&mut out, "https://a.example/x (1).jpg");
        assert_eq!(out, "<https://a.example/x (1).jpg>");
        out.clear();
        push_destination(&mut out, "https://a.example/x.jpg");
        assert_eq!(out, "https://a.example/x.jpg");
    }

    #[test]
    fn links_wrap_their_text_in_order() {
        let links = [
            Link {
                href: "https://a.example/1".into(),
                text: "第一".into(),
            },
            Link {
                href: "https://a.example/img".into(),
                text: String::new(),
            },
            Link {
                href: "https://a.example/2".into(),
                text: "第一".into(),
            },
        ];
        let mut out = String::new();
        push_inline(&mut out, "第一和第一", &links, true);
        assert_eq!(
            out,
            "[第一](https://a.example/1)和[第一](https://a.example/2)"
        );
    }
}
