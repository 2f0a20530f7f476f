//! The body's date line: finding it, and reading its date and byline.
//!
//! Shapes seen in the archives (the body opens with one of them):
//!
//! | outlet | date line |
//! | --- | --- |
//! | VOA | `<div><i>Wed, 22 Feb 2023 17:22:43 GMT</i></div>` |
//! | DW | `<div><i>AUTHOR<br>2024-04-06T12:34:03.211Z</i></div>`, author may be empty or `null …` |
//! | Reuters | `<div><i>2021-08-04T00:41:10Z</i></div>` |
//! | NYT 2020 | `<div><i>KONEY BAI,KONEY BAI<br>2020-08-10 09:42:48</i></div>` |
//! | NYT | `<address>AUTHOR</address><time datetime="2024-12-18 11:17:44">…</time>` |
//! | RFI | `<div>13/05/2021 - 00:02</div>` |
//! | BBC | `<main><div></div><div><time dateTime="2023-02-15">28 分钟前</time></div>…` |

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};

use crate::article::Published;
use crate::content::Content;
use crate::dom::{NodeId, Tag};
use crate::error::Warning;
use crate::text::normalize;

/// A date line found at the top of the body.
#[derive(Debug, Default)]
pub(crate) struct Dateline {
    /// The elements it occupies; the walker skips them.
    pub(crate) nodes: Vec<NodeId>,
    /// Its text as written.
    pub(crate) text: String,
    pub(crate) published: Option<Published>,
    pub(crate) byline: Vec<String>,
    /// What was wrong with it, if anything.
    pub(crate) problem: Option<Warning>,
}

/// How far into wrappers (`<main>`, `<div>`) to look for the date line.
const MAX_DESCENT: usize = 8;
/// Longest text a byline may have and still be one rather than an
/// opening sentence.
const MAX_BYLINE_CHARS: usize = 60;
/// Longest text a date line element may have at all.
pub(crate) const MAX_DATELINE_CHARS: usize = 200;
/// Longest text of a date line that is only a date.
const MAX_PLAIN_DATELINE_CHARS: usize = 80;
/// How many levels of single-child wrappers may stand above a byline's
/// list (BBC's `<ul role="list">`).
const BYLINE_LIST_DEPTH: usize = 4;
/// How many single-child wrappers may hold a date line's `<time>`, the
/// wrapper itself counted.
const TIME_DEPTH: usize = 3;

/// Look for the date line where the body opens.
pub(crate) fn find_dateline(content: &Content<'_>) -> Option<Dateline> {
    let dom = content.dom();
    let mut parent = dom.root();
    for _ in 0..MAX_DESCENT {
        let first = content.meaningful_children(parent).next()?;
        let tag = dom.tag(first)?;
        if let Some(found) = match_at(content, first, tag) {
            return Some(found);
        }
        match tag {
            Tag::Main | Tag::Article | Tag::Section | Tag::Header | Tag::Div | Tag::Center => {
                parent = first;
            }
            _ => return None,
        }
    }
    None
}

fn match_at(content: &Content<'_>, node: NodeId, tag: Tag) -> Option<Dateline> {
    let dom = content.dom();
    // A date line is a little text and nothing else: an element that holds
    // an image, or a whole story (an `<address>` left open swallows the
    // rest of the body), is not one.
    if !small_text(content, node) {
        return None;
    }
    let next = content
        .next_meaningful_sibling(node)
        .filter(|n| small_text(content, *n));
    // NYT: `<address>` then `<time>` (either order).
    if tag == Tag::Address {
        let mut line = byline_line(content, node);
        match next.and_then(|n| Some((n, time_element(content, n)?))) {
            Some((wrapper, time)) => add_time(content, wrapper, time, &mut line),
            None => line.problem = Some(undated(&line.text)),
        }
        return Some(line);
    }
    if let Some(time) = time_element(content, node) {
        let mut line = Dateline::default();
        add_time(content, node, time, &mut line);
        if let Some(address) = next.filter(|n| dom.tag(*n) == Some(Tag::Address)) {
            let byline = byline_line(content, address);
            line.nodes.push(address);
            line.byline = byline.byline;
            line.text = format!("{}\n{}", line.text, byline.text);
        }
        return Some(line);
    }
    // BBC: the authors as a list, then `<time>`.
    if let Some(names) = byline_list(content, node) {
        let (wrapper, time) = next.and_then(|n| Some((n, time_element(content, n)?)))?;
        let mut line = Dateline {
            nodes: vec![node],
            text: content.subtree_text(node),
            byline: names,
            ..Dateline::default()
        };
        add_time(content, wrapper, time, &mut line);
        return Some(line);
    }
    if tag != Tag::Div {
        // A `<p><i>…</i></p>` opening is an italic lead paragraph.
        return None;
    }
    match content.only_meaningful_child(node).and_then(|c| dom.tag(c)) {
        Some(Tag::I | Tag::Em) => italic_line(content, node),
        _ => plain_date_line(content, node),
    }
}

/// A node with no media and at most a date line's worth of text.
fn small_text(content: &Content<'_>, node: NodeId) -> bool {
    content.media(node) == 0 && content.text_at_most(node, MAX_DATELINE_CHARS)
}

/// An `<address>`: its text and the names in it.
fn byline_line(content: &Content<'_>, node: NodeId) -> Dateline {
    let text = content.subtree_text(node);
    Dateline {
        nodes: vec![node],
        byline: byline_names(&text),
        text,
        ..Dateline::default()
    }
}

/// A wrapper around one short list (BBC's `<ul role="list">` of author
/// and organisation): the names in it.
fn byline_list(content: &Content<'_>, node: NodeId) -> Option<Vec<String>> {
    let dom = content.dom();
    let mut list = node;
    for _ in 0..BYLINE_LIST_DEPTH {
        if matches!(dom.tag(list), Some(Tag::Ul | Tag::Ol)) {
            break;
        }
        list = content.only_meaningful_child(list)?;
    }
    if !matches!(dom.tag(list), Some(Tag::Ul | Tag::Ol)) {
        return None;
    }
    let mut names = Vec::new();
    for item in content.meaningful_children(list) {
        if dom.tag(item) != Some(Tag::Li) || content.media(item) > 0 || names.len() >= 4 {
            return None;
        }
        let text = content.subtree_text(item);
        if !byline_like(&text) {
            return None;
        }
        names.push(text);
    }
    (!names.is_empty()).then_some(names)
}

/// Read the `<time>` (inside `wrapper`) into the date line.
fn add_time(content: &Content<'_>, wrapper: NodeId, time: NodeId, line: &mut Dateline) {
    line.nodes.push(wrapper);
    let text = content.subtree_text(wrapper);
    read_time(content, time, &text, line);
    if !text.is_empty() {
        if !line.text.is_empty() {
            line.text.push('\n');
        }
        line.text.push_str(&text);
    }
}

fn undated(text: &str) -> Warning {
    Warning::UndatedBody {
        found: text.to_owned(),
    }
}

/// `<time>` itself, or a wrapper whose only content is one.
fn time_element(content: &Content<'_>, node: NodeId) -> Option<NodeId> {
    let dom = content.dom();
    let mut n = node;
    for _ in 0..TIME_DEPTH {
        if dom.tag(n) == Some(Tag::Time) {
            return Some(n);
        }
        n = content.only_meaningful_child(n)?;
    }
    None
}

fn read_time(content: &Content<'_>, time: NodeId, text: &str, line: &mut Dateline) {
    let attr = content.dom().attr(time, "datetime").map(str::trim);
    let source = attr.filter(|a| !a.is_empty()).unwrap_or(text);
    match parse_date(source) {
        Some(date) => line.published = Some(date),
        // BBC's visible text is relative ("28 分钟前"): only the attribute
        // is a date, so a missing attribute is an undated line.
        None if attr.is_some() || looks_like_date(source) => {
            line.problem = Some(Warning::UnreadableDate {
                found: source.to_owned(),
            })
        }
        None => {
            line.problem = Some(Warning::UndatedBody {
                found: text.to_owned(),
            })
        }
    }
}

/// `<div><i>BYLINE<br>DATE</i></div>`, either part possibly missing.
/// An italic opening that is prose (an editor's note, "first published
/// on 2022年10月12日") is not a date line.
fn italic_line(content: &Content<'_>, node: NodeId) -> Option<Dateline> {
    let text = content.subtree_text(node);
    if text.chars().count() > MAX_DATELINE_CHARS {
        return None;
    }
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() > 4 {
        return None;
    }
    let date_at = lines.iter().rposition(|l| date_shaped(l));
    let mut line = Dateline {
        nodes: vec![node],
        ..Dateline::default()
    };
    match date_at.and_then(|i| lines.get(i)) {
        Some(date_text) => match parse_date(date_text) {
            Some(date) => line.published = Some(date),
            None => {
                line.problem = Some(Warning::UnreadableDate {
                    found: (*date_text).to_owned(),
                })
            }
        },
        None => {
            if lines.iter().any(|l| looks_like_date(l) || !byline_like(l)) {
                return None;
            }
            line.problem = Some(undated(&text));
        }
    }
    for (i, l) in lines.iter().enumerate() {
        if Some(i) != date_at {
            for name in byline_names(l) {
                if !line.byline.contains(&name) {
                    line.byline.push(name);
                }
            }
        }
    }
    line.text = text;
    Some(line)
}

/// `<div>13/05/2021 - 00:02</div>`: a short block whose first line is a
/// date (RFI, sometimes with a span around it or a "modified" line after).
fn plain_date_line(content: &Content<'_>, node: NodeId) -> Option<Dateline> {
    if content.media(node) > 0 {
        return None;
    }
    let text = content.subtree_text(node);
    if text.chars().count() > MAX_PLAIN_DATELINE_CHARS || text.lines().count() > 3 {
        return None;
    }
    let first = text.lines().next()?;
    let published = parse_date(first).filter(|_| date_shaped(first))?;
    Some(Dateline {
        nodes: vec![node],
        text,
        published: Some(published),
        ..Dateline::default()
    })
}

/// A name, or a short list of names: no sentence punctuation, no label
/// colon, short.
fn byline_like(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.chars().count() <= MAX_BYLINE_CHARS
        && !text.contains(['。', '！', '？', '!', '?', '；', ';', '：', ':', '“', '"'])
        && !text.contains(". ")
}

/// A line that is nothing but a date: a year's worth of digits, and
/// otherwise only the characters dates are written with (month and day
/// names, zone letters, separators, 年月日).
fn date_shaped(line: &str) -> bool {
    looks_like_date(line)
        && line.chars().count() <= 40
        && line.chars().all(|c| {
            c.is_ascii_alphanumeric() || " -/:.,+()".contains(c) || "年月日时分秒".contains(c)
        })
}

/// Text that can only be a date: it has four digits in a row (a year) or
/// a `dd/mm/yyyy`-like run of digits and separators.
pub(crate) fn looks_like_date(text: &str) -> bool {
    let mut run = 0;
    for b in text.bytes() {
        if b.is_ascii_digit() {
            run += 1;
            if run >= 4 {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
}

/// Read a date in any of the archives' formats, most specific first.
/// Years outside 0000–9999, which RFC 3339 cannot write (chrono reads
/// `13 Feb 12024`), are no date.
pub(crate) fn parse_date(text: &str) -> Option<Published> {
    read_date(text).filter(|p| (0..=9999).contains(&p.date().year()))
}

fn read_date(text: &str) -> Option<Published> {
    let text = normalize(text);
    let t = text.as_str();
    if t.is_empty() {
        return None;
    }
    // DW, Reuters: RFC 3339 with `Z` or an offset.
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return Some(Published::Instant(dt));
    }
    // VOA: RFC 2822 with `GMT`. chrono knows `GMT`, `UT` and the US zones
    // but not `UTC`, which feeds write too.
    let rfc2822 = match t.strip_suffix(" UTC") {
        Some(rest) => format!("{rest} +0000"),
        None => t.to_owned(),
    };
    if let Ok(dt) = DateTime::parse_from_rfc2822(&rfc2822) {
        return Some(Published::Instant(dt));
    }
    // The same with a weekday that does not match the date (chrono refuses
    // those): the date decides.
    let without_weekday = strip_weekday(&rfc2822);
    for format in ["%d %b %Y %H:%M:%S %z", "%d %b %Y %H:%M %z"] {
        let zoned = without_weekday.replace(" GMT", " +0000");
        if let Ok(dt) = DateTime::parse_from_str(&zoned, format) {
            return Some(Published::Instant(dt));
        }
    }
    // ISO 8601 variants with an offset that chrono's RFC 3339 parser
    // refuses: a space for `T`, `+0800` without colon, no seconds.
    const WITH_OFFSET: &[&str] = &[
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%d %H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f %z",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%d %H:%M%z",
    ];
    for format in WITH_OFFSET {
        if let Ok(dt) = DateTime::parse_from_str(t, format) {
            return Some(Published::Instant(dt));
        }
    }
    // `Z`, `UTC` or `GMT` written after a plain date-time: offset 0.
    for suffix in [" Z", " UTC", " GMT", "Z"] {
        if let Some(naive) = t.strip_suffix(suffix).and_then(parse_naive) {
            return Some(Published::Instant(naive.and_utc().fixed_offset()));
        }
    }
    // NYT (`2020-08-10 09:42:48`), RFI (`13/05/2021 - 00:02`), an RFC 2822
    // date without zone: wall clock, zone not stated.
    if let Some(naive) = parse_naive(t).or_else(|| parse_naive(without_weekday)) {
        return Some(Published::Local(naive));
    }
    // BBC's `<time dateTime="2023-02-15">` and other dates without time.
    const DATE_ONLY: &[&str] = &[
        "%Y-%m-%d",
        "%d/%m/%Y",
        "%Y/%m/%d",
        "%Y年%m月%d日",
        "%Y.%m.%d",
        "%d %b %Y",
    ];
    for format in DATE_ONLY {
        if let Ok(d) = NaiveDate::parse_from_str(t, format) {
            return Some(Published::Date(d));
        }
    }
    None
}

/// `Wed, 22 Feb 2023 …` → `22 Feb 2023 …`.
fn strip_weekday(t: &str) -> &str {
    match t.split_once(',') {
        Some((day, rest))
            if (2..=9).contains(&day.len()) && day.bytes().all(|b| b.is_ascii_alphabetic()) =>
        {
            rest.trim_start()
        }
        _ => t,
    }
}

fn parse_naive(t: &str) -> Option<NaiveDateTime> {
    const NAIVE: &[&str] = &[
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        // RFI writes the day first.
        "%d/%m/%Y - %H:%M",
        "%d/%m/%Y - %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y %H:%M:%S",
        "%Y/%m/%d %H:%M:%S",
        "%Y/%m/%d %H:%M",
        "%Y年%m月%d日 %H:%M",
        "%d %b %Y %H:%M:%S",
        "%d %b %Y %H:%M",
    ];
    NAIVE
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(t, format).ok())
}

/// Author names in a byline: split at commas (ASCII, full-width, `、`) and
/// semicolons, each name once, the feeds' `null` placeholder dropped.
pub(crate) fn byline_names(text: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let text = text.trim();
    let text = text
        .strip_prefix("By ")
        .or_else(|| text.strip_prefix("by "))
        .unwrap_or(text);
    let parts = text
        .split([',', '，', '、', ';', '；', '\n'])
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" & "));
    for part in parts {
        let words: Vec<&str> = part
            .split_whitespace()
            .filter(|w| *w != "null" && *w != "undefined")
            .collect();
        let name = words.join(" ");
        if !name.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::Dom;

    fn dateline(body: &str) -> Option<Dateline> {
        let dom = Dom::parse_body_default(body);
        let content = Content::new(&dom);
        find_dateline(&content)
    }

    fn published(body: &str) -> Option<String> {
        dateline(body)?.published.map(|p| p.to_string())
    }

    #[test]
    fn formats_of_every_outlet() {
        let cases = [
            ("Wed, 22 Feb 2023 17:22:43 GMT", "2023-02-22T17:22:43Z"),
            ("2024-04-06T12:34:03.211Z", "2024-04-06T12:34:03.211Z"),
            ("2021-08-04T00:41:10Z", "2021-08-04T00:41:10Z"),
            ("2020-08-10 09:42:48", "2020-08-10T09:42:48"),
            ("13/05/2021 - 00:02", "2021-05-13T00:02:00"),
            ("2023-02-15", "2023-02-15"),
            ("2021-08-04T08:41:10+08:00", "2021-08-04T08:41:10+08:00"),
            ("2021-08-04 08:41:10+0800", "2021-08-04T08:41:10+08:00"),
            ("2021-08-04 00:41:10 UTC", "2021-08-04T00:41:10Z"),
            ("Wed, 22 Feb 2023 17:22:43 UTC", "2023-02-22T17:22:43Z"),
            (
                "Wed, 22 Feb 2023 17:22:43 +0800",
                "2023-02-22T17:22:43+08:00",
            ),
            ("Mon, 22 Feb 2023 17:22:43 GMT", "2023-02-22T17:22:43Z"),
            ("Wed, 22 Feb 2023 17:22:43", "2023-02-22T17:22:43"),
            ("2023-02-22 17:22+08:00", "2023-02-22T17:22:00+08:00"),
        ];
        for (text, want) in cases {
            assert_eq!(
                parse_date(text).map(|p| p.to_string()).as_deref(),
                Some(want),
                "{text}"
            );
        }
        for bad in [
            "28 分钟前",
            "null 邹宗翰",
            "",
            "2021-13-45T00:00:00Z",
            "32/01/2021 - 00:02",
            // Years RFC 3339 cannot write.
            "Tue, 13 Feb 12024 02:51:15 GMT",
            "13/02/12024 - 02:51",
            "12024-02-13",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn voa_reuters_dw_nyt_legacy_lines() {
        assert_eq!(
            published("<div><i>Wed, 22 Feb 2023 17:22:43 GMT</i></div><p>x</p>").as_deref(),
            Some("2023-02-22T17:22:43Z")
        );
        let dw = dateline("<div><i>null 邹宗翰<br>2021-02-09T10:04:14.642Z</i></div><img src=x>")
            .unwrap();
        assert_eq!(dw.byline, vec!["邹宗翰"]);
        assert_eq!(dw.text, "null 邹宗翰\n2021-02-09T10:04:14.642Z");
        let empty_author = dateline("<div><i><br>2024-04-06T12:34:03.211Z</i></div>").unwrap();
        assert!(empty_author.byline.is_empty() && empty_author.published.is_some());
        let nyt = dateline("<div><i>KONEY BAI,KONEY BAI<br>2020-08-10 09:42:48</i></div>").unwrap();
        assert_eq!(nyt.byline, vec!["KONEY BAI"]);
        assert!(matches!(nyt.published, Some(Published::Local(_))));
    }

    #[test]
    fn undated_byline_is_a_warning_not_a_failure() {
        let line = dateline("<div><i>null 邹宗翰</i></div><p>x</p>").unwrap();
        assert_eq!(line.byline, vec!["邹宗翰"]);
        assert!(line.published.is_none());
        assert!(matches!(line.problem, Some(Warning::UndatedBody { .. })));
        assert!(dateline("<div><i>这是一个斜体的导语。</i></div>").is_none());
    }

    #[test]
    fn nyt_address_and_time() {
        let line = dateline(
            r#"<address>CARL ZIMMER, BENJAMIN MUELLER, 储百亮</address><time pudate="x" datetime="2021-11-19 06:07:13">2021年11月19日</time><figure></figure>"#,
        )
        .unwrap();
        assert_eq!(
            line.byline,
            vec!["CARL ZIMMER", "BENJAMIN MUELLER", "储百亮"]
        );
        assert_eq!(
            line.published.map(|p| p.to_string()).as_deref(),
            Some("2021-11-19T06:07:13")
        );
        assert_eq!(line.nodes.len(), 2);
        assert_eq!(
            line.text,
            "CARL ZIMMER, BENJAMIN MUELLER, 储百亮\n2021年11月19日"
        );
    }

    #[test]
    fn rfi_and_bbc() {
        assert_eq!(
            published("<div>13/05/2021 - 00:02</div><img src=x>").as_deref(),
            Some("2021-05-13T00:02:00")
        );
        let bbc = dateline(
            r#"<main role="main"><div></div><div><time dateTime="2023-02-15">28 分钟前</time></div><div><p>x</p></div></main>"#,
        )
        .unwrap();
        assert_eq!(
            bbc.published.map(|p| p.to_string()).as_deref(),
            Some("2023-02-15")
        );
        assert_eq!(bbc.text, "28 分钟前");
    }

    #[test]
    fn bbc_byline_list_then_time() {
        let line = dateline(
            r#"<main role="main"><div></div><div><div><ul role="list"><li role="listitem">白麦克（Michael Bristow）</li><li role="listitem">BBC News</li></ul></div></div><div><time dateTime="2021-05-28">12 分钟前</time></div><div><p>x</p></div></main>"#,
        )
        .unwrap();
        assert_eq!(line.byline, vec!["白麦克（Michael Bristow）", "BBC News"]);
        assert_eq!(
            line.published.map(|p| p.to_string()).as_deref(),
            Some("2021-05-28")
        );
        assert_eq!(line.text, "白麦克（Michael Bristow）\nBBC News\n12 分钟前");
        assert_eq!(line.nodes.len(), 2);
    }

    #[test]
    fn italic_prose_is_not_a_date_line() {
        assert!(dateline("<div><i>（本文首发于2022年10月12日）</i></div><p>正文</p>").is_none());
        assert!(
            dateline("<div><em>编者按：本文写于2021年6月，作者为记者。</em></div><p>正文</p>")
                .is_none()
        );
        assert!(dateline("<div><em>来源：微信公众号“三辉图书”</em></div><p>x</p>").is_none());
        let unreadable = dateline("<div><i>作者<br>2023-13-45T99:00:00Z</i></div>").unwrap();
        assert!(matches!(
            unreadable.problem,
            Some(Warning::UnreadableDate { .. })
        ));
    }

    #[test]
    fn rfi_variants_and_nyt_orders() {
        for body in [
            "<div><span>13/05/2021 - 00:02</span></div><p>x</p>",
            "<div>13/05/2021 - 00:02<br>Modifié le 13/05/2021 - 08:00</div><p>x</p>",
        ] {
            assert_eq!(
                published(body).as_deref(),
                Some("2021-05-13T00:02:00"),
                "{body}"
            );
        }
        let reversed = dateline(r#"<time datetime="2024-12-18 11:17:44">2024年12月18日</time><address>A B</address><p>x</p>"#).unwrap();
        assert_eq!(reversed.byline, vec!["A B"]);
        assert!(reversed.published.is_some());
        let alone = dateline("<address>A B</address><p>x</p>").unwrap();
        assert_eq!(alone.byline, vec!["A B"]);
        assert!(matches!(alone.problem, Some(Warning::UndatedBody { .. })));
    }

    #[test]
    fn ordinary_openings_are_not_date_lines() {
        assert!(dateline("<p>2023年2月22日，普京会晤王毅。</p>").is_none());
        assert!(dateline("<div></div><div>张欣宇：我们应当信任香港自己的人才。</div>").is_none());
        assert!(dateline("<div><img src=a><br><b>睡在水泥地上</b>：训练。</div>").is_none());
        assert!(dateline("华盛顿 — <p>x</p>").is_none());
    }
}
