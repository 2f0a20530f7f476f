//! CommonMark rendering of an [`Article`], for people to read.

use crate::article::{Article, Block, Embed, EmbedKind, Figure, Link};

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
            Some(url) => push_link(&mut heading, title, url.as_str()),
            None => push_inline(&mut heading, &title.replace('\n', " "), &[], false),
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

        for block in &self.blocks {
            out.push('\n');
            push_block(&mut out, block);
        }
        out
    }
}

fn push_block(out: &mut String, block: &Block) {
    match block {
        Block::Paragraph(p) => {
            push_inline(out, &p.text, &p.links, true);
            out.push('\n');
        }
        Block::Heading(h) => {
            let level = usize::from(h.level.clamp(1, 5)) + 1;
            out.push_str(&"#".repeat(level));
            out.push(' ');
            // An ATX heading is one line.
            let mut text = String::new();
            push_inline(&mut text, &h.text.replace('\n', " "), &h.links, false);
            push_heading_text(out, text);
        }
        Block::List(list) => {
            for (i, item) in list.items.iter().enumerate() {
                let marker = if list.ordered {
                    format!("{}. ", i + 1)
                } else {
                    "- ".to_owned()
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
            push_escaped(
                out,
                &f.alt.as_deref().unwrap_or_default().replace('\n', " "),
            );
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
        Some(title) => format!("{kind}: {title}"),
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
    if bare {
        out.push_str(destination);
        return;
    }
    out.push('<');
    for c in destination.chars() {
        match c {
            '<' | '>' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // No line break may sit in a destination.
            '\n' | '\r' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out.push('>');
}

/// A block's text with its links as Markdown links, line breaks as hard
/// breaks; with `blank_lines`, an empty line (two breaks, `<br><br>`)
/// starts a new paragraph. Each link wraps the first occurrence of its
/// text after the previous one; links without text are left out (there
/// is nothing to click).
fn push_inline(out: &mut String, text: &str, links: &[Link], blank_lines: bool) {
    let mut at = 0;
    let mut line_start = true;
    for link in links.iter().filter(|l| !l.text.is_empty()) {
        let Some(start) = text
            .get(at..)
            .and_then(|rest| rest.find(&link.text))
            .map(|i| at + i)
        else {
            continue;
        };
        let end = start + link.text.len();
        line_start = push_text_run(
            out,
            text.get(at..start).unwrap_or_default(),
            line_start,
            blank_lines,
        );
        out.push('[');
        // Link text cannot hold a paragraph break.
        line_start = push_text_run(
            out,
            text.get(start..end).unwrap_or_default(),
            line_start,
            false,
        );
        out.push_str("](");
        push_destination(out, &link.href);
        out.push(')');
        at = end;
        line_start = line_start && end == start;
    }
    push_text_run(
        out,
        text.get(at..).unwrap_or_default(),
        line_start,
        blank_lines,
    );
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
        if !first || line_start {
            push_line_start(out, line);
        } else {
            push_escaped(out, line);
        }
        first = false;
    }
    line_start && text.is_empty()
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
        out.push_str(line.get(..digits).unwrap_or_default());
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
                // `&name;`, `&#123;`, `&#x1F;` would be read as a character.
                let rest = text.get(i + 1..).unwrap_or_default();
                let name = rest
                    .bytes()
                    .take_while(|b| b.is_ascii_alphanumeric() || *b == b'#')
                    .count();
                if name > 0 && rest.as_bytes().get(name) == Some(&b';') {
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
