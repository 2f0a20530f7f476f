//! Human-readable rendering of the model.

use std::fmt;

use crate::article::{Article, Block};

impl fmt::Display for Article {
    /// A readable summary: title, address, dates, byline, warnings, then
    /// one entry per block.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}",
            if self.title.is_empty() {
                "(untitled)"
            } else {
                &self.title
            }
        )?;
        if let Some(url) = &self.url {
            writeln!(f, "{url}")?;
        }
        let timestamp = self
            .timestamp
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
        writeln!(f, "timestamp: {}", timestamp.as_deref().unwrap_or("-"))?;
        match &self.published {
            Some(p) => writeln!(f, "published: {p}")?,
            None => writeln!(f, "published: -")?,
        }
        if let Some(dateline) = &self.dateline {
            write_indented(f, "dateline:  ", dateline)?;
        }
        if !self.byline.is_empty() {
            writeln!(f, "byline:    {}", self.byline.join("; "))?;
        }
        for warning in &self.warnings {
            writeln!(f, "warning:   {warning}")?;
        }
        writeln!(
            f,
            "{} blocks, {} links{}",
            self.blocks.len(),
            self.links.len(),
            if self.footer.is_some() {
                ", feed footer"
            } else {
                ""
            }
        )?;
        for block in &self.blocks {
            writeln!(f)?;
            write_block(f, block)?;
        }
        Ok(())
    }
}

fn write_block(f: &mut fmt::Formatter<'_>, block: &Block) -> fmt::Result {
    match block {
        Block::Paragraph(p) => write_indented(f, "¶ ", &p.text),
        Block::Heading(h) => write_indented(
            f,
            &format!("{} ", "#".repeat(usize::from(h.level.clamp(1, 6)))),
            &h.text,
        ),
        Block::Figure(fig) => {
            writeln!(f, "[figure] {}", fig.src.as_deref().unwrap_or("(no image)"))?;
            if let Some(original) = &fig.original {
                writeln!(f, "  original: {original}")?;
            }
            if let Some(alt) = &fig.alt {
                write_indented(f, "  alt: ", alt)?;
            }
            if let Some(caption) = &fig.caption {
                write_indented(f, "  caption: ", caption)?;
            }
            if let Some(credit) = &fig.credit {
                write_indented(f, "  credit: ", credit)?;
            }
            Ok(())
        }
        Block::List(list) => {
            for (i, item) in list.items.iter().enumerate() {
                let marker = if list.ordered {
                    format!("{}. ", i + 1)
                } else {
                    "• ".to_owned()
                };
                write_indented(f, &marker, &item.text)?;
            }
            Ok(())
        }
        Block::Quote(q) => {
            for p in &q.paragraphs {
                write_indented(f, "> ", &p.text)?;
            }
            Ok(())
        }
        Block::Embed(e) => {
            writeln!(
                f,
                "[{:?}] {}",
                e.kind,
                e.src.as_deref().unwrap_or("(no source)")
            )?;
            for (label, value) in [
                ("poster", &e.poster),
                ("title", &e.title),
                ("caption", &e.caption),
                ("credit", &e.credit),
                ("fallback", &e.fallback),
            ] {
                if let Some(value) = value {
                    write_indented(f, &format!("  {label}: "), value)?;
                }
            }
            Ok(())
        }
        Block::Aside(a) => {
            writeln!(f, "[aside: {:?}]", a.kind)?;
            for inner in &a.blocks {
                let text = Shown(inner).to_string();
                write_indented(f, "  ", text.trim_end_matches('\n'))?;
            }
            Ok(())
        }
    }
}

/// A block as [`write_block`] shows it, to indent it in an aside.
struct Shown<'a>(&'a Block);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_block(f, self.0)
    }
}

/// Write `text` after `prefix`, continuation lines indented to match.
fn write_indented(f: &mut fmt::Formatter<'_>, prefix: &str, text: &str) -> fmt::Result {
    let indent = " ".repeat(prefix.chars().count());
    for (i, line) in text.split('\n').enumerate() {
        if i == 0 {
            writeln!(f, "{prefix}{line}")?;
        } else {
            writeln!(f, "{indent}{line}")?;
        }
    }
    Ok(())
}
