//! One converted article and its row: the columns every tabular format
//! shares (schema version [`SCHEMA_VERSION`], described in
//! `cli/schema/`).

use newsarchive::chrono::{DateTime, NaiveDate, Utc};
use newsarchive::{Article, Block, Link};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::identity::Identity;

/// The version of the columns below. A change of a column's name, type or
/// meaning makes a new version; the number is in every row and in the
/// Parquet files' metadata (`newsarchive.schema_version`).
pub const SCHEMA_VERSION: i32 = 3;

/// The columns, in order, of every tabular format (JSON Lines adds
/// `blocks` at the end).
pub const COLUMNS: &[&str] = &[
    "schema_version",
    "source",
    "path",
    "outlet",
    "folder",
    "id",
    "file_title",
    "content_hash",
    "url",
    "timestamp",
    "title",
    "published",
    "published_utc",
    "published_date",
    "byline",
    "dateline",
    "lede",
    "text",
    "characters",
    "paragraph_count",
    "figure_count",
    "link_count",
    "figures",
    "links",
    "furniture",
    "furniture_links",
    "footer",
    "footer_links",
    "warnings",
];

/// One parsed file with everything the writers need, computed on a worker
/// thread.
pub struct Record {
    /// The input it came from, as given on the command line.
    pub source: String,
    /// The path relative to the archive root.
    pub path: String,
    /// Outlet, folder, id and title from the path.
    pub identity: Identity,
    /// See [`content_hash`].
    pub content_hash: String,
    /// The hash's first 128 bits.
    pub key: u128,
    /// The parsed article.
    pub article: Article,
    /// The story as plain text ([`Article::to_text`]).
    pub text: String,
    /// The Markdown or text file to write, for the file formats.
    pub rendered: Option<String>,
}

/// The identity of an item's content: SHA-256 (hex) of the parsed article
/// without its warnings, that is of its timestamp, title, URL, published
/// date, byline, date line, blocks, footer and links, serialised as the
/// library's serde model writes them (JSON, keys in field order). Two
/// forks' copies of an item hash alike even when their bytes differ in what
/// the parser repairs or normalises (line endings, a byte-order mark, glued
/// attributes, white space), which is also why the warnings are left out;
/// they differ as soon as a word of the story does.
///
/// (Hashing `Article::to_archive()` would say the same, but it made the
/// whole run about a fifth slower.)
///
/// Returns the hex digest and its first 128 bits (the key `--dedup` keeps).
pub fn content_hash(article: &Article) -> (String, u128) {
    #[derive(Serialize)]
    struct Content<'a> {
        timestamp: &'a Option<DateTime<Utc>>,
        title: &'a str,
        url: Option<&'a str>,
        published: &'a Option<newsarchive::Published>,
        byline: &'a [String],
        dateline: &'a Option<String>,
        blocks: &'a [Block],
        footer: &'a Option<newsarchive::Footer>,
        links: &'a [Link],
    }
    struct Hasher(Sha256);
    impl std::io::Write for Hasher {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.update(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let content = Content {
        timestamp: &article.timestamp,
        title: &article.title,
        url: article.url.as_ref().map(|u| u.as_str()),
        published: &article.published,
        byline: &article.byline,
        dateline: &article.dateline,
        blocks: &article.blocks,
        footer: &article.footer,
        links: &article.links,
    };
    let mut hasher = Hasher(Sha256::new());
    // Serialising plain data into a hasher cannot fail: serde_json fails
    // only on its writer's errors and on maps with non-string keys.
    let _ = serde_json::to_writer(&mut hasher, &content);
    let digest = hasher.0.finalize();
    let mut first = [0u8; 16];
    first.copy_from_slice(&digest[..16]);
    let mut hex = String::with_capacity(64);
    for byte in digest.iter() {
        hex.push(char::from(HEX[usize::from(byte >> 4)]));
        hex.push(char::from(HEX[usize::from(byte & 15)]));
    }
    (hex, u128::from_be_bytes(first))
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// A figure in the `figures` column.
#[derive(Serialize)]
pub struct FigureRow<'a> {
    /// The image's address.
    pub src: Option<&'a str>,
    /// The image behind a proxy.
    pub original: Option<&'a str>,
    /// The `alt` text.
    pub alt: Option<&'a str>,
    /// The caption.
    pub caption: Option<&'a str>,
    /// The credit.
    pub credit: Option<&'a str>,
}

/// A piece of page furniture in the `furniture` column.
#[derive(Serialize)]
pub struct FurnitureRow {
    /// [`newsarchive::AsideKind::name`]: `related`, `staff`, `decoration`…
    pub kind: &'static str,
    /// Its text (a decoration has none).
    pub text: Option<String>,
}

/// A link in the `links`, `furniture_links` and `footer_links` columns.
#[derive(Serialize)]
pub struct LinkRow<'a> {
    /// The absolute address.
    pub href: &'a str,
    /// The link's text; null when it has none (an image link).
    pub text: Option<&'a str>,
}

/// The row of a [`Record`]: the schema's columns in order, borrowed.
#[derive(Serialize)]
pub struct Row<'a> {
    /// [`SCHEMA_VERSION`].
    pub schema_version: i32,
    /// The input, as given on the command line.
    pub source: &'a str,
    /// Relative to the archive root: `articles/<folder>/…/<name>.md`.
    pub path: &'a str,
    /// Canonical outlet code, or the folder as written when unknown.
    pub outlet: Option<&'a str>,
    /// The folder under `articles/` as written.
    pub folder: Option<&'a str>,
    /// The number in the file name.
    pub id: Option<i64>,
    /// What follows `_` in the file name.
    pub file_title: Option<&'a str>,
    /// [`content_hash`].
    pub content_hash: &'a str,
    /// The article's address (header line 2).
    pub url: Option<&'a str>,
    /// The header's timestamp (line 1), UTC.
    pub timestamp: Option<DateTime<Utc>>,
    /// The header's title.
    pub title: Option<&'a str>,
    /// The date line's date as precise as the source gave it (RFC 3339:
    /// an instant with its offset, a local date-time, or a date; a
    /// local time placed in the outlet's zone with RFC 9557's suffix,
    /// `2023-07-01T18:17:00+02:00[Europe/Paris]`).
    pub published: Option<String>,
    /// `published` in UTC; null when neither the source nor the outlet's
    /// zone gives an offset.
    pub published_utc: Option<DateTime<Utc>>,
    /// `published`'s calendar date, whatever the precision.
    pub published_date: Option<NaiveDate>,
    /// Author names.
    pub byline: &'a [String],
    /// The date line as written.
    pub dateline: Option<&'a str>,
    /// The story's first paragraph ([`newsarchive::Article::lede`]).
    pub lede: Option<&'a str>,
    /// The story as plain text.
    pub text: Option<&'a str>,
    /// Characters (Unicode scalar values) of `text`.
    pub characters: i64,
    /// Top-level paragraphs.
    pub paragraph_count: i64,
    /// Figures.
    pub figure_count: i64,
    /// Entries of `links`.
    pub link_count: i64,
    /// The figures, in order.
    pub figures: Vec<FigureRow<'a>>,
    /// The links of the date line and the story (not the footer's, nor
    /// the furniture's).
    pub links: Vec<LinkRow<'a>>,
    /// The page furniture ([`Block::Aside`]s), in order.
    pub furniture: Vec<FurnitureRow>,
    /// The furniture's links (related stories, share buttons).
    pub furniture_links: Vec<LinkRow<'a>>,
    /// The feed's footer text.
    pub footer: Option<&'a str>,
    /// The footer's links.
    pub footer_links: Vec<LinkRow<'a>>,
    /// Warning kind names ([`newsarchive::Warning::name`]).
    pub warnings: Vec<&'static str>,
    /// The body's blocks (JSON Lines only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocks: Option<&'a [Block]>,
}

fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

fn link_row(link: &Link) -> LinkRow<'_> {
    LinkRow {
        href: &link.href,
        text: non_empty(&link.text),
    }
}

/// The links a block's texts hold, in order: a paragraph's, a heading's,
/// each list item's and quoted paragraph's, an aside's blocks'.
fn own_links(block: &Block) -> Vec<&Link> {
    match block {
        Block::Paragraph(p) => p.links.iter().collect(),
        Block::Heading(h) => h.links.iter().collect(),
        Block::List(l) => l.items.iter().flat_map(|i| &i.links).collect(),
        Block::Quote(q) => q.paragraphs.iter().flat_map(|p| &p.links).collect(),
        Block::Aside(a) => a.blocks.iter().flat_map(own_links).collect(),
        _ => Vec::new(),
    }
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl Record {
    /// The links of the date line and the story, and those of the
    /// furniture. `Article::links` lists the footer's last, so they are
    /// cut off the end; the rest is in block order, so each block's own
    /// links (a paragraph's, a list item's) are found in turn from where
    /// the block before left off, and an aside's go to the furniture.
    /// Links no block text holds (an image link, a caption's) stay with
    /// the story.
    pub fn story_and_furniture_links(&self) -> (Vec<&Link>, Vec<&Link>) {
        let footer = self.article.footer.as_ref().map_or(0, |f| f.links.len());
        let links = &self.article.links;
        let body = links
            .get(..links.len().saturating_sub(footer))
            .unwrap_or_default();
        let mut furniture = vec![false; body.len()];
        let mut cursor = 0;
        for block in &self.article.blocks {
            let is_aside = matches!(block, Block::Aside(_));
            for own in own_links(block) {
                let rest = body.get(cursor..).unwrap_or_default();
                if let Some(at) = rest.iter().position(|l| l == own) {
                    if let Some(flag) = furniture.get_mut(cursor + at) {
                        *flag = is_aside;
                    }
                    cursor += at + 1;
                }
            }
        }
        let mut story = Vec::new();
        let mut aside = Vec::new();
        for (link, in_aside) in body.iter().zip(furniture) {
            if in_aside {
                aside.push(link);
            } else {
                story.push(link);
            }
        }
        (story, aside)
    }

    /// The row; `blocks` only when asked (JSON Lines).
    pub fn row(&self, blocks: bool) -> Row<'_> {
        let a = &self.article;
        let id = &self.identity;
        let (story_links, furniture_links) = self.story_and_furniture_links();
        Row {
            schema_version: SCHEMA_VERSION,
            source: &self.source,
            path: &self.path,
            outlet: id.outlet.as_deref(),
            folder: id.folder.as_deref(),
            id: id.id,
            file_title: id.file_title.as_deref(),
            content_hash: &self.content_hash,
            url: a.url.as_ref().map(|u| u.as_str()),
            timestamp: a.timestamp,
            title: non_empty(&a.title),
            published: a.published.map(|p| p.to_string()),
            published_utc: a.published.and_then(|p| p.to_utc()),
            published_date: a.published.map(|p| p.date()),
            byline: &a.byline,
            dateline: a.dateline.as_deref().and_then(non_empty),
            lede: a.lede().map(|p| p.text.as_str()),
            text: non_empty(&self.text),
            characters: count(self.text.chars().count()),
            paragraph_count: count(a.paragraphs().count()),
            figure_count: count(a.figures().count()),
            link_count: count(story_links.len()),
            figures: a
                .figures()
                .map(|f| FigureRow {
                    src: f.src.as_deref(),
                    original: f.original.as_deref(),
                    alt: f.alt.as_deref(),
                    caption: f.caption.as_deref(),
                    credit: f.credit.as_deref(),
                })
                .collect(),
            links: story_links.into_iter().map(link_row).collect(),
            furniture: a
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Aside(aside) => Some(FurnitureRow {
                        kind: aside.kind.name(),
                        text: Some(b.text()).filter(|t| !t.is_empty()),
                    }),
                    _ => None,
                })
                .collect(),
            furniture_links: furniture_links.into_iter().map(link_row).collect(),
            footer: a.footer.as_ref().and_then(|f| non_empty(&f.text)),
            footer_links: a
                .footer
                .as_ref()
                .map(|f| f.links.iter().map(link_row).collect())
                .unwrap_or_default(),
            warnings: a.warnings.iter().map(|w| w.name()).collect(),
            blocks: blocks.then_some(a.blocks.as_slice()),
        }
    }
}
