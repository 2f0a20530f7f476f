//! The model: what one archived article is made of.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use url::Url;

use crate::error::Warning;

/// One archived article: the header's timestamp and title link, and the
/// body read into document-ordered blocks.
///
/// Every field is plain data. Text fields hold normalised text: entities
/// decoded, runs of white space collapsed to one space, `<br>` kept as a
/// line break, ends trimmed.
///
/// `Article` and the block structs are not `#[non_exhaustive]`: they are
/// built by users too (to write an archive file, in tests), which that
/// attribute would forbid. A new field is a breaking change, released as
/// such (before 1.0, a minor version). [`Block`], [`EmbedKind`],
/// [`Published`] and [`Warning`] are `#[non_exhaustive]`: new shapes,
/// precisions and warnings come.
///
/// Where the text of the body went: every character of the body's text
/// (outside `<script>`, `<style>` and the like) is in exactly one of
/// [`dateline`](Article::dateline), the [`blocks`](Article::blocks) (paragraph,
/// heading, list item and quote text, figure and embed captions, credits
/// and fallbacks) or the [`footer`](Article::footer). [`byline`](Article::byline)
/// and [`published`](Article::published) are readings of the dateline, and
/// [`links`](Article::links) indexes anchors whose text is in one of those
/// places already.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Article {
    /// Line 1, `<!--1677087543000-->`: the feed item's `pubDate` in epoch
    /// milliseconds. `None` when the line is missing or holds `NaN` (see
    /// [`warnings`](Article::warnings)).
    pub timestamp: Option<DateTime<Utc>>,
    /// Line 2, the text between `[` and the final `](`, ends trimmed.
    /// Brackets, parentheses, backslashes and tabs inside are kept as
    /// written. Empty when the line is missing.
    pub title: String,
    /// Line 2, the link of the title: the article's address. `None` when
    /// missing or not an absolute URL.
    pub url: Option<Url>,
    /// The date of the body's own date line (`<div><i>…</i></div>`,
    /// `<time datetime>`, `<div>13/05/2021 - 00:02</div>`), with its offset
    /// when the source gave one. A date outside the years 0000–9999 (which
    /// RFC 3339 cannot write) is read as no date, with a warning.
    pub published: Option<Published>,
    /// The author names the date line or `<address>` carries, in order,
    /// each once. The feeds' `null` placeholder is not a name and is left
    /// out (it stays in [`dateline`](Article::dateline)).
    pub byline: Vec<String>,
    /// The date line's text as written (byline, date, relative time such as
    /// `28 分钟前`), `<br>` as a line break. `None` when the body opens
    /// without one.
    pub dateline: Option<String>,
    /// The body in document order.
    pub blocks: Vec<Block>,
    /// The feed's trailing footer (`<hr><div>获取更多RSS：…</div>`), kept
    /// apart from the story.
    pub footer: Option<Footer>,
    /// Every `<a href>` of the body (those of the date line and the footer
    /// too), resolved against [`url`](Article::url) when relative, in the
    /// order of the article: the date line's, each block's (a figure's
    /// caption links with the figure), the footer's; document order within
    /// each. A link's text is what it holds in the one text where its
    /// text begins (a link around two paragraphs has the first's).
    pub links: Vec<Link>,
    /// What the lenient parse repaired or could not read. Empty for a
    /// well-formed file; [`Options::parse_strict`](crate::Options::parse_strict) turns
    /// the first of these into an error.
    pub warnings: Vec<Warning>,
}

impl Article {
    /// The story's paragraphs (top-level [`Block::Paragraph`]s), in order.
    pub fn paragraphs(&self) -> impl Iterator<Item = &Paragraph> + '_ {
        self.blocks.iter().filter_map(|b| match b {
            Block::Paragraph(p) => Some(p),
            _ => None,
        })
    }

    /// The story's figures, in order.
    pub fn figures(&self) -> impl Iterator<Item = &Figure> + '_ {
        self.blocks.iter().filter_map(|b| match b {
            Block::Figure(f) => Some(&**f),
            _ => None,
        })
    }
}

/// The date of the body's date line.
///
/// Sources differ in how much they say, and the type says what they said:
/// a zone the source did not state is never passed off as stated. Where
/// an outlet writes wall-clock times without a zone, the time is placed
/// in that outlet's zone ([`Published::Inferred`]: the outlet is known by
/// the article's URL, see the table there) when the feed's timestamp
/// agrees within a day; else it stays [`Published::Local`].
///
/// Serialised (with the `serde` feature) as a string: RFC 3339
/// `2023-02-22T17:22:43Z` for an instant; for an inferred one, RFC 9557's
/// zone suffix, `2023-07-01T18:17:00+02:00[Europe/Paris]`; for the others
/// the RFC 3339 form without the parts the source did not give:
/// `2020-08-10T09:42:48` (wall-clock time of an unstated zone),
/// `2023-02-15`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Published {
    /// An instant with the offset the source gave (`GMT`, `Z`, `+08:00`).
    Instant(DateTime<FixedOffset>),
    /// A wall-clock date and time whose zone the source did not state
    /// (`2020-08-10 09:42:48`, `13/05/2021 - 00:02`), from an outlet whose
    /// zone is not known, or whose zone the feed's timestamp contradicts.
    Local(NaiveDateTime),
    /// A wall-clock date and time whose zone the source did not state,
    /// placed in the zone of the outlet that wrote it.
    Inferred(Inferred),
    /// A date without a time (`<time datetime="2023-02-15">`).
    Date(NaiveDate),
}

impl Published {
    /// The calendar date, whatever the precision (as written: an inferred
    /// time's date is its wall-clock date).
    pub fn date(&self) -> NaiveDate {
        match self {
            Published::Instant(dt) => dt.date_naive(),
            Published::Local(dt) => dt.date(),
            Published::Inferred(i) => i.local.date(),
            Published::Date(d) => *d,
        }
    }

    /// The instant in UTC, when the source gave an offset or the outlet's
    /// zone was inferred.
    pub fn to_utc(&self) -> Option<DateTime<Utc>> {
        match self {
            Published::Instant(dt) => Some(dt.with_timezone(&Utc)),
            Published::Inferred(i) => Some(i.instant().with_timezone(&Utc)),
            _ => None,
        }
    }

    /// What the source itself said: an inferred time as the wall-clock
    /// time it was written as, the others as they are.
    pub fn as_stated(&self) -> Published {
        match self {
            Published::Inferred(i) => Published::Local(i.local),
            other => *other,
        }
    }
}

/// A wall-clock time in the zone of the outlet that wrote it: the zone
/// is known from the article's URL, not from the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Inferred {
    /// The wall-clock time as the source wrote it.
    pub local: NaiveDateTime,
    /// The outlet's zone.
    pub zone: chrono_tz::Tz,
    /// The zone's offset at that time (where the clocks went back and the
    /// time came twice, the one nearer the feed's timestamp).
    pub offset: FixedOffset,
}

impl Inferred {
    /// The instant, with the zone's offset.
    pub fn instant(&self) -> DateTime<FixedOffset> {
        DateTime::from_naive_utc_and_offset(self.local - self.offset, self.offset)
    }
}

/// One block of the body.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(tag = "type", rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Block {
    /// A paragraph: a `<p>`, or text that stands outside any block.
    Paragraph(Paragraph),
    /// A heading, `<h1>` to `<h6>`; or a subheading written as a short
    /// paragraph bold from end to end (`<p><strong>…</strong></p>`), at
    /// level 2.
    Heading(Heading),
    /// An image with its caption and credit. Boxed, like [`Embed`]: the
    /// two are the large blocks, and most blocks are paragraphs.
    Figure(Box<Figure>),
    /// A `<ul>` or `<ol>`; nested lists are flattened into it.
    List(List),
    /// A `<blockquote>`, such as an embedded tweet.
    Quote(Quote),
    /// A video, audio player or iframe.
    Embed(Box<Embed>),
    /// Page furniture: blocks that are on the page but not the story
    /// (a related-stories list, a share button, a spacer image, a staff
    /// line), kept whole and in place, set apart by the rules listed on
    /// [`AsideKind`].
    Aside(Aside),
}

impl Block {
    /// The block's plain text: a paragraph's or heading's text, a list's
    /// items or a quote's paragraphs one per line, a figure's or embed's
    /// caption and credit.
    pub fn text(&self) -> String {
        fn lines<'a>(parts: impl Iterator<Item = &'a str>) -> String {
            let mut out = String::new();
            for part in parts.filter(|p| !p.is_empty()) {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(part);
            }
            out
        }
        match self {
            Block::Paragraph(p) => p.text.clone(),
            Block::Heading(h) => h.text.clone(),
            Block::List(l) => lines(l.items.iter().map(|i| i.text.as_str())),
            Block::Quote(q) => lines(q.paragraphs.iter().map(|p| p.text.as_str())),
            Block::Figure(f) => lines(
                [f.caption.as_deref(), f.credit.as_deref()]
                    .into_iter()
                    .flatten(),
            ),
            Block::Embed(e) => lines(
                [
                    e.caption.as_deref(),
                    e.credit.as_deref(),
                    e.fallback.as_deref(),
                ]
                .into_iter()
                .flatten(),
            ),
            Block::Aside(a) => {
                let texts: Vec<String> = a.blocks.iter().map(Block::text).collect();
                lines(texts.iter().map(String::as_str))
            }
        }
    }

    /// Whether the block is part of the story: every block but an
    /// [`Aside`].
    pub fn is_story(&self) -> bool {
        !matches!(self, Block::Aside(_))
    }
}

/// The blocks with each aside's in its place: the order the page had them
/// in. Asides never nest, so one level is all there is.
pub(crate) fn flattened(blocks: &[Block]) -> impl Iterator<Item = &Block> {
    blocks.iter().flat_map(|b| match b {
        Block::Aside(a) => a.blocks.iter(),
        other => std::slice::from_ref(other).iter(),
    })
}

/// Blocks of page furniture, in the order of the page.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Aside {
    /// What the furniture is.
    pub kind: AsideKind,
    /// The blocks, as the story's would be read: paragraphs, lists,
    /// figures. Never an aside.
    pub blocks: Vec<Block>,
}

/// What a piece of page furniture is. Each kind is recognised from the
/// blocks alone, by the rules below, so an article written back with
/// [`Article::to_archive`] and read again sets apart the same blocks.
///
/// A label is matched at the start of a block's text, followed by the
/// end or by a colon (`：`, `:`; white space may come between); "short"
/// means at most 80 characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum AsideKind {
    /// An image that is part of the page's layout, not of the story: a
    /// figure without caption or credit whose `alt` says so (BBC's
    /// `Presentational grey line`, `Short presentational grey line`,
    /// `Transparent line`) or whose file name
    /// does (RFA's `icon-zoom.png`, spacers, one-pixel and transparent
    /// images, an outlet's social-media card).
    Decoration,
    /// Links to other stories: a list whose every item is one link (BBC's
    /// and RFA's related stories, BBC's topics), a block opening with a
    /// label such as `相关报道`, `相关阅读`, `延伸阅读`, `更多阅读` or
    /// `Related` with the link-only blocks after it (lists, paragraphs and
    /// quotes of links only, WordPress's embed frames), a `相关图集` gallery
    /// heading with its figures, and the NYT's `点击查看本文英文版`.
    Related,
    /// Share and follow buttons: a short block that is a `分享` or `Share`
    /// label and the names of networks.
    Share,
    /// The outlet's advertising for itself: a short block inviting the
    /// reader to subscribe, follow or download (`欢迎订阅…`, `订阅…简报`,
    /// `下载…App`, `欢迎搜寻…`, FT's `温馨提示` to download its app), and ad
    /// slots (`广告`, `Advertisement`).
    Promotion,
    /// Who made the article: a short block made only of `label：names`
    /// pairs for reporters, editors, translators and producers (`记者：…
    /// 责编：… 网编：…`, `翻译：纽约时报中文网`, `（责任编辑：…）`), and the line
    /// naming the services a story draws on (`（路透社等）`, `任琛/李渔（路透社，
    /// 德新社）`, `(本文依据了美联社的报道。)`).
    Staff,
    /// CDT's archive card for a source article: its `标题：` line with
    /// `作者：` or `发表日期：` lines, and the `CDT 档案卡` heading before it.
    Card,
    /// The outlet's notices: a copyright notice (a block opening with `©`
    /// or `Copyright` that says what is reserved, `版权声明`, `All rights
    /// reserved`, or a short `© 2020 AFP`), a short disclaimer (`本文仅代表作者
    /// 个人观点`, DW's `德国之声致力于…`), Reuters' `我们的标准：` badge.
    Notice,
}

impl AsideKind {
    /// The kind's stable name, as serde writes it: `decoration`,
    /// `related`, `share`, `promotion`, `staff`, `card`, `notice`.
    ///
    /// ```
    /// assert_eq!(newsarchive::AsideKind::Related.name(), "related");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            AsideKind::Decoration => "decoration",
            AsideKind::Related => "related",
            AsideKind::Share => "share",
            AsideKind::Promotion => "promotion",
            AsideKind::Staff => "staff",
            AsideKind::Card => "card",
            AsideKind::Notice => "notice",
        }
    }
}

/// A run of text with the links inside it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Paragraph {
    /// The text, `<br>` as `\n`.
    pub text: String,
    /// The links whose anchors lie in this text, in order.
    pub links: Vec<Link>,
}

/// A heading.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Heading {
    /// 1 for `<h1>` to 6 for `<h6>`.
    pub level: u8,
    /// The heading's text.
    pub text: String,
    /// The links whose anchors lie in the heading, in order.
    pub links: Vec<Link>,
}

/// An image of the body and what is said about it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Figure {
    /// The image's address as written, made absolute against the article
    /// URL. Taken from `src`, or for lazy images from `data-lazy-src`,
    /// `data-src`, the largest `srcset` candidate or a `<noscript>` twin;
    /// a `data:` placeholder only when nothing else names the image.
    /// `None` when the element names no image at all (`src=""`), or for
    /// a `<figure>` that holds a caption and no image (a script was to
    /// put one in).
    pub src: Option<String>,
    /// The original image behind an image proxy
    /// (`https://images.weserv.nl?url=gdb.voanews.com/x.jpg` →
    /// `https://gdb.voanews.com/x.jpg`); `None` when `src` is no proxy.
    pub original: Option<String>,
    /// The `alt` attribute, when present and not empty; else the
    /// `aria-label` or `title` that stands for it. Never promoted to a
    /// caption.
    pub alt: Option<String>,
    /// The caption: `<figcaption>`, a `<small>` after the image, a
    /// WordPress `wp-caption-text`, a gallery's text…
    pub caption: Option<String>,
    /// The credit: `<cite>` or a credit class in a caption, a credit line
    /// after the image (BBC's `<p role="text">图像来源，…</p>`, with a
    /// screen readers' label such as `图片版权` before it), or the part of
    /// the caption's text from a credit marker on (`©`, `Credit...`,
    /// `摄影：`, `图片来源：`).
    pub credit: Option<String>,
}

/// A list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct List {
    /// `<ol>` rather than `<ul>`.
    pub ordered: bool,
    /// The items, each `<li>` one, nested items after their parent.
    pub items: Vec<Paragraph>,
}

/// A block quotation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Quote {
    /// The quoted paragraphs, attribution lines included.
    pub paragraphs: Vec<Paragraph>,
}

/// What kind of player an [`Embed`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum EmbedKind {
    /// `<video>`.
    Video,
    /// `<audio>`.
    Audio,
    /// `<iframe>`: a YouTube, Facebook or broadcaster player.
    Iframe,
    /// `<embed>` or `<object>`.
    Object,
}

/// A video, audio player or iframe.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Embed {
    /// The element.
    pub kind: EmbedKind,
    /// The media or page address (`src`, a `<source>`, `data`), absolute.
    pub src: Option<String>,
    /// The poster image (`poster`, or the image of a `<noscript>` fallback).
    pub poster: Option<String>,
    /// The `title` attribute of an iframe.
    pub title: Option<String>,
    /// The caption shown with the player.
    pub caption: Option<String>,
    /// A credit shown with the player.
    pub credit: Option<String>,
    /// Text shown when the player cannot play (its `<noscript>` twin).
    pub fallback: Option<String>,
}

/// A hyperlink.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Link {
    /// The target: as written when absolute, resolved against the article
    /// URL when relative.
    pub href: String,
    /// The anchor text (empty for an image link or an empty anchor).
    pub text: String,
}

/// The feed's trailing footer.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Footer {
    /// The footer's text.
    pub text: String,
    /// The footer's links.
    pub links: Vec<Link>,
}

#[cfg(feature = "serde")]
mod published_serde {
    use super::{Inferred, Published};
    use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone};
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de};

    impl Serialize for Published {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&self.to_string())
        }
    }

    impl<'de> Deserialize<'de> for Published {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let s = String::deserialize(d)?;
            // RFC 9557: an instant, then the zone it was placed in.
            if let Some((instant, zone)) = s.strip_suffix(']').and_then(|s| s.split_once('[')) {
                let dt = DateTime::parse_from_rfc3339(instant)
                    .or_else(|_| instant.parse::<DateTime<FixedOffset>>())
                    .map_err(de::Error::custom)?;
                let zone = zone.parse::<chrono_tz::Tz>().map_err(de::Error::custom)?;
                let local = dt.naive_local();
                // RFC 3339 writes offsets in minutes; the zone's own (local
                // mean time before 1900 has seconds) is the one nearest.
                let written = dt.offset().local_minus_utc();
                let readings = zone.from_local_datetime(&local);
                let offset = readings
                    .earliest()
                    .into_iter()
                    .chain(readings.latest())
                    .map(|r| r.offset().fix())
                    .min_by_key(|o| (o.local_minus_utc() - written).abs())
                    .unwrap_or(*dt.offset());
                return Ok(Published::Inferred(Inferred {
                    local,
                    zone,
                    offset,
                }));
            }
            if let Ok(dt) = DateTime::parse_from_rfc3339(&s) {
                return Ok(Published::Instant(dt));
            }
            if let Ok(dt) = s.parse::<NaiveDateTime>() {
                return Ok(Published::Local(dt));
            }
            if let Ok(d) = s.parse::<NaiveDate>() {
                return Ok(Published::Date(d));
            }
            // Years past 9999, which RFC 3339 cannot write, as `Display`
            // writes them (`+12024-02-13T02:51:15Z`).
            if let Ok(dt) = s.parse::<DateTime<FixedOffset>>() {
                return Ok(Published::Instant(dt));
            }
            Err(de::Error::custom(format_args!(
                "expected an RFC 3339 date, date-time or local date-time, found `{s}`"
            )))
        }
    }
}

impl std::fmt::Display for Published {
    /// RFC 3339: `2023-02-22T17:22:43Z`, `2020-08-10T09:42:48`, `2023-02-15`;
    /// an inferred time with RFC 9557's zone suffix,
    /// `2023-07-01T18:17:00+02:00[Europe/Paris]`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Published::Instant(dt) => {
                f.write_str(&dt.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
            }
            Published::Local(dt) => write!(f, "{}", dt.format("%Y-%m-%dT%H:%M:%S%.f")),
            Published::Inferred(i) => write!(
                f,
                "{}[{}]",
                // `+00:00`, not `Z`: in RFC 9557 `Z` says the local
                // offset is unknown, and here it is the zone's.
                i.instant()
                    .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false),
                i.zone.name()
            ),
            Published::Date(d) => write!(f, "{}", d.format("%Y-%m-%d")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "serde")]
    #[test]
    fn aside_kind_names_are_the_serde_names() {
        for kind in [
            AsideKind::Decoration,
            AsideKind::Related,
            AsideKind::Share,
            AsideKind::Promotion,
            AsideKind::Staff,
            AsideKind::Card,
            AsideKind::Notice,
        ] {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.name()));
        }
    }

    #[test]
    fn an_aside_is_not_the_story_but_its_text_is_kept() {
        let aside = Block::Aside(Aside {
            kind: AsideKind::Staff,
            blocks: vec![
                Block::Paragraph(Paragraph {
                    text: "记者：甲".into(),
                    links: Vec::new(),
                }),
                Block::Paragraph(Paragraph {
                    text: "责编：乙".into(),
                    links: Vec::new(),
                }),
            ],
        });
        assert!(!aside.is_story());
        assert_eq!(aside.text(), "记者：甲\n责编：乙");
        let article = Article {
            blocks: vec![
                Block::Paragraph(Paragraph {
                    text: "正文。".into(),
                    links: Vec::new(),
                }),
                aside,
            ],
            ..Article::default()
        };
        assert_eq!(article.to_text(), "正文。");
        assert_eq!(flattened(&article.blocks).count(), 3);
    }

    #[test]
    fn published_displays_as_rfc3339() {
        let instant = DateTime::parse_from_rfc2822("Wed, 22 Feb 2023 17:22:43 GMT").unwrap();
        assert_eq!(
            Published::Instant(instant).to_string(),
            "2023-02-22T17:22:43Z"
        );
        let ms = DateTime::parse_from_rfc3339("2024-04-06T12:34:03.211+08:00").unwrap();
        assert_eq!(
            Published::Instant(ms).to_string(),
            "2024-04-06T12:34:03.211+08:00"
        );
        let local =
            NaiveDateTime::parse_from_str("2020-08-10 09:42:48", "%Y-%m-%d %H:%M:%S").unwrap();
        assert_eq!(Published::Local(local).to_string(), "2020-08-10T09:42:48");
        let date = NaiveDate::from_ymd_opt(2023, 2, 15).unwrap();
        assert_eq!(Published::Date(date).to_string(), "2023-02-15");
        let inferred = Inferred {
            local,
            zone: chrono_tz::Tz::Asia__Shanghai,
            offset: FixedOffset::east_opt(8 * 3600).unwrap(),
        };
        assert_eq!(
            Published::Inferred(inferred).to_string(),
            "2020-08-10T09:42:48+08:00[Asia/Shanghai]"
        );
        assert_eq!(inferred.instant().to_rfc3339(), "2020-08-10T09:42:48+08:00");
        assert_eq!(
            Published::Inferred(inferred).as_stated(),
            Published::Local(local)
        );
    }

    /// An inferred zone reads back from its JSON (RFC 9557's suffix), and
    /// a zone that is none is an error.
    #[cfg(feature = "serde")]
    #[test]
    fn an_inferred_zone_reads_back_from_json() {
        let local = "2023-07-01T18:17:00".parse().unwrap();
        let p = Published::Inferred(Inferred {
            local,
            zone: chrono_tz::Tz::Europe__Paris,
            offset: FixedOffset::east_opt(2 * 3600).unwrap(),
        });
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#""2023-07-01T18:17:00+02:00[Europe/Paris]""#);
        assert_eq!(serde_json::from_str::<Published>(&json).unwrap(), p);
        assert!(
            serde_json::from_str::<Published>(r#""2023-07-01T18:17:00+02:00[Mars/Olympus]""#)
                .is_err()
        );
        // Local mean time: an offset in seconds, which RFC 3339 rounds.
        let lmt = Published::Inferred(Inferred {
            local: "1900-01-01T08:00:00".parse().unwrap(),
            zone: chrono_tz::Tz::Asia__Shanghai,
            offset: FixedOffset::east_opt(8 * 3600 + 5 * 60 + 43).unwrap(),
        });
        let json = serde_json::to_string(&lmt).unwrap();
        assert_eq!(
            serde_json::from_str::<Published>(&json).unwrap(),
            lmt,
            "{json}"
        );
    }

    /// RFC 3339 has four-digit years; a hand-built date past 9999 still
    /// reads back from the JSON it writes.
    #[cfg(feature = "serde")]
    #[test]
    fn published_past_year_9999_reads_back_from_json() {
        let instant = DateTime::parse_from_rfc3339("2024-02-13T02:51:15+08:00").unwrap();
        let far = chrono::Datelike::with_year(&instant, 12024).unwrap();
        for p in [
            Published::Instant(far),
            Published::Local(far.naive_local()),
            Published::Date(far.date_naive()),
        ] {
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(
                serde_json::from_str::<Published>(&json).unwrap(),
                p,
                "{json}"
            );
        }
    }

    #[test]
    fn text_joins_blocks_and_skips_empty_ones() {
        let article = Article {
            blocks: vec![
                Block::Paragraph(Paragraph {
                    text: "one".into(),
                    links: vec![],
                }),
                Block::Figure(Box::default()),
                Block::Figure(Box::new(Figure {
                    caption: Some("cap".into()),
                    credit: Some("© x".into()),
                    ..Figure::default()
                })),
                Block::List(List {
                    ordered: false,
                    items: vec![
                        Paragraph {
                            text: "a".into(),
                            links: vec![],
                        },
                        Paragraph {
                            text: "b".into(),
                            links: vec![],
                        },
                    ],
                }),
            ],
            ..Article::default()
        };
        assert_eq!(article.to_text(), "one\n\ncap\n© x\n\na\nb");
        assert_eq!(article.paragraphs().count(), 1);
        assert_eq!(article.figures().count(), 2);
    }
}
