//! The date line written back: the writer's half of `date.rs`. Each
//! shape here is one the reader recognises (`date.rs`: the italic line,
//! `<time>`, `<address>`, NYT's address and time, BBC's list of names,
//! RFI's plain block); the writer tries them in order and keeps the first
//! whose reading gives the article's date line, date and byline back.
//! A shape added to the reader is added here too, or articles with it
//! stop round-tripping (`tests/roundtrip.rs` says which).

use crate::article::{Article, Link};
use crate::body;
use crate::date::MAX_DATELINE_CHARS;
use crate::dom::Limits;
use crate::output::archive::markup::{open_anchor, write_attr, write_linked};
use crate::output::archive::plan::LinkPlan;
use crate::output::spans::find_verbatim;
use crate::text::slice;

/// The date line, in the first of the outlets' shapes that reads back as
/// the article's date line, date and byline.
pub(super) fn write_dateline(out: &mut String, article: &Article, links: &mut LinkPlan<'_>) {
    let text = article.dateline.as_deref().unwrap_or_default();
    // The reader takes no date line longer than two elements of its
    // longest; trying shapes for a longer one would only cost time.
    let candidates = if text.chars().count() > 2 * MAX_DATELINE_CHARS {
        dateline_shapes(article, text).into_iter().take(1).collect()
    } else {
        dateline_shapes(article, text)
    };
    let reads_back = |parts: &[Part<'_>]| {
        let mut html = String::new();
        render_parts(&mut html, parts, &[]);
        let body = body::read(&html, None, Limits::default());
        body.dateline.as_deref() == article.dateline.as_deref()
            && body.published == article.published.map(|p| p.as_stated())
            && body.byline == article.byline
    };
    let chosen = candidates
        .iter()
        .find(|parts| reads_back(parts))
        .or(candidates.first());
    if let Some(parts) = chosen {
        let count = links.unowned_in(text, false);
        let inside = links.take(count);
        render_parts(out, parts, &inside);
    }
}

/// A piece of a date-line shape: markup, or a stretch of the date line's
/// text (which links may wrap).
enum Part<'t> {
    Markup(String),
    Text(&'t str),
}

fn render_parts(out: &mut String, parts: &[Part<'_>], links: &[&Link]) {
    // Links are placed across the text parts in order.
    let mut remaining: &[&Link] = links;
    for part in parts {
        match part {
            Part::Markup(m) => out.push_str(m),
            Part::Text(t) => {
                let fits = count_fitting(t, remaining);
                let (here, rest) = remaining.split_at_checked(fits).unwrap_or((remaining, &[]));
                write_linked(out, t, here, false);
                remaining = rest;
            }
        }
    }
    for link in remaining {
        open_anchor(out, &link.href);
        out.push_str("</a>");
    }
}

/// How many of `links`, in order, find their text in `text` (empty ones
/// fit anywhere).
fn count_fitting(text: &str, links: &[&Link]) -> usize {
    let mut find = find_verbatim(text);
    let mut at = 0;
    links
        .iter()
        .take_while(|link| {
            if link.text.is_empty() {
                return true;
            }
            find(at, &link.text).map(|range| at = range.end).is_some()
        })
        .count()
}

/// How many of a date line's line breaks are tried as the border between
/// its `<address>` and its `<time>`.
const MAX_SPLITS: usize = 8;

/// The shapes a date line may take, most common first.
fn dateline_shapes<'t>(article: &Article, text: &'t str) -> Vec<Vec<Part<'t>>> {
    let time_open = match &article.published {
        Some(p) => {
            let mut m = String::from("<time");
            // As the source wrote it: an inferred zone is read again.
            write_attr(&mut m, "datetime", &p.as_stated().to_string());
            m.push('>');
            m
        }
        // No date: an attribute that is none, so the text is not read as
        // one either (the article's date line had no readable date).
        None => "<time datetime=\"?\">".to_owned(),
    };
    let markup = |s: &str| Part::Markup(s.to_owned());
    let mut shapes = vec![
        // VOA, DW, Reuters, NYT 2020: an italic line.
        vec![markup("<div><i>"), Part::Text(text), markup("</i></div>")],
        // A `<time>` alone.
        vec![
            markup("<div>"),
            Part::Markup(time_open.clone()),
            Part::Text(text),
            markup("</time></div>"),
        ],
    ];
    // An `<address>` alone: a byline without a date.
    if article.published.is_none() {
        shapes.push(vec![
            markup("<address>"),
            Part::Text(text),
            markup("</address>"),
        ]);
    }
    // NYT: `<address>` and `<time>`, either order, split at a line break.
    for (i, _) in text.match_indices('\n').take(MAX_SPLITS) {
        let (before, after) = (slice(text, ..i), slice(text, i + 1..));
        shapes.push(vec![
            markup("<address>"),
            Part::Text(before),
            markup("</address>"),
            Part::Markup(time_open.clone()),
            Part::Text(after),
            markup("</time>"),
        ]);
        shapes.push(vec![
            Part::Markup(time_open.clone()),
            Part::Text(before),
            markup("</time><address>"),
            Part::Text(after),
            markup("</address>"),
        ]);
    }
    // BBC: the names as a list, one a line, then the `<time>`.
    let lines: Vec<&str> = text.split('\n').collect();
    let names = article.byline.len();
    if names > 0
        && let (Some(list), Some(rest)) = (lines.get(..names), lines.get(names..))
        && !rest.is_empty()
    {
        let mut shape = vec![markup("<div><ul>")];
        for name in list {
            shape.extend([markup("<li>"), Part::Text(name), markup("</li>")]);
        }
        shape.push(markup("</ul></div><div>"));
        shape.push(Part::Markup(time_open.clone()));
        let time_text = text
            .match_indices('\n')
            .nth(names - 1)
            .and_then(|(i, _)| text.get(i + 1..))
            .unwrap_or_default();
        shape.push(Part::Text(time_text));
        shape.push(markup("</time></div>"));
        shapes.push(shape);
    }
    // RFI: a plain block.
    shapes.push(vec![markup("<div>"), Part::Text(text), markup("</div>")]);
    shapes
}
