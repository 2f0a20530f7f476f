//! Generators of archive files in the outlets' structures (shared by
//! `tests/properties.rs` and the crate's own differential tests, which
//! include this file by path): realistic bodies assembled from the
//! structures the archives use (date lines of every shape, paragraphs,
//! figures in every caption shape, lists, quotes, embeds, nested wrappers,
//! stray closing tags, entities, CJK and Latin text, odd white space)
//! under random headers (titles with brackets, parentheses, backslashes,
//! tabs, U+3000; every URL shape; timestamps across the whole range, and
//! NaN). Each generated file knows what it contains.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use proptest::sample::select;

/// The pieces of the markup soup: tags, text and header lines in any
/// order.
pub const SOUP: &[&str] = &[
    "<div>",
    "</div>",
    "<p>",
    "</p>",
    "<img src=x>",
    "<small>",
    "</small>",
    "<figure>",
    "<figcaption>",
    "</figure>",
    "<a href=/x>",
    "</a>",
    "<ul>",
    "<li>",
    "</ul>",
    "<blockquote>",
    "<noscript>",
    "</noscript>",
    "<video src=v>",
    "</video>",
    "<iframe src=f>",
    "</iframe>",
    "<br>",
    "<hr>",
    "<h2>",
    "</h2>",
    "text",
    "字",
    " ",
    "&amp;",
    "<table>",
    "<td>",
    "<script>",
    "</script>",
    "<div><i>",
    "</i></div>",
    "2023-02-15",
    "<time datetime=2023-02-15>",
    "</time>",
    "<address>",
    "</address>",
    "<imgsrc=\"data:x\">",
    "<!--",
    "-->",
    "\n------\n\n",
    "<!--1-->\n",
];

/// Markup soup: up to 80 pieces of [`SOUP`].
pub fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(select(SOUP.to_vec()), 0..80).prop_map(|pieces| pieces.concat())
}

// ---------------------------------------------------------------------
// Text

/// White space between words, in the forms the archives use.
pub const SEPARATORS: &[&str] = &[
    "",
    " ",
    "  ",
    "&nbsp;",
    "\u{a0}",
    "\u{3000}",
    "\t",
    " \u{3000} ",
];
/// Inline wrappers.
pub const WRAPS: &[(&str, &str)] = &[
    ("", ""),
    ("<b>", "</b>"),
    ("<strong>", "</strong>"),
    ("<i>", "</i>"),
    ("<em>", "</em>"),
    ("<span style=\"font-weight: 400;\">", "</span>"),
    ("<span>", "</span>"),
];

/// A word: no white space, never starting with `©` (which makes a
/// caption a credit).
pub fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z]{1,9}",
        "[\u{4e00}-\u{9fa5}]{1,8}",
        "[0-9]{1,4}",
        select(vec![
            "“引号”",
            "「括号」",
            "（注）",
            "—",
            "……",
            "&",
            "<>",
            "\"quoted\"",
            "don't",
            "Aurélie",
            "50%",
            "a&b",
            "x<y",
            "🦌",
            "１２３",
            "‧",
            "•",
        ])
        .prop_map(str::to_owned),
    ]
}

/// A run of inline text: its HTML and the text a reader sees, normalised.
#[derive(Clone, Debug)]
pub struct Inline {
    pub html: String,
    pub text: String,
}

pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub fn inline(max_words: usize) -> impl Strategy<Value = Inline> {
    prop::collection::vec((word(), select(SEPARATORS), select(WRAPS)), 1..=max_words).prop_map(
        |parts| {
            let mut html = String::new();
            let mut text = String::new();
            let mut pending_space = false;
            for (i, (w, sep, (open, close))) in parts.iter().enumerate() {
                if pending_space && !text.is_empty() {
                    text.push(' ');
                }
                html.push_str(open);
                html.push_str(&escape(w));
                html.push_str(close);
                text.push_str(w);
                // The last separator is trailing white space: trimmed.
                if i + 1 < parts.len() {
                    html.push_str(sep);
                    pending_space = !sep.is_empty();
                }
            }
            Inline { html, text }
        },
    )
}

// ---------------------------------------------------------------------
// Blocks

/// A figure in one of the archives' caption shapes, and what the parse
/// must find in it.
#[derive(Clone, Debug)]
pub struct FigureSpec {
    pub html: String,
    pub caption: Option<String>,
    pub credit: Option<String>,
    pub src: String,
    pub is_embed: bool,
}

pub fn figure() -> impl Strategy<Value = FigureSpec> {
    (0..12usize, inline(6), inline(3), "[a-z0-9]{4,10}").prop_map(|(shape, cap, cred, id)| {
        let (c, d) = (&cap.html, &cred.html);
        let weserv = format!("https://images.weserv.nl?url=gdb.voanews.com/{id}_w900.jpg");
        let plain = format!("https://static.example.com/images/{id}.jpg");
        let (html, caption, credit, src, is_embed) = match shape {
            0 => (
                format!(r#"<img src="{weserv}" width="100%"><div><small style="color: #999;">{c}</small></div>"#),
                Some(cap.text.clone()), None, weserv, false,
            ),
            1 => (
                format!(r#"<div ><img  src="{weserv}" alt="说明" border="0"/><div><small style="color: #999;">{c}</small></div></div>"#),
                Some(cap.text.clone()), None, weserv, false,
            ),
            2 => (
                format!(r#"<p><img src="{plain}"><small style="color: #999;">{c}</small></p>"#),
                Some(cap.text.clone()), None, plain, false,
            ),
            3 => (
                format!(r#"<figure><img src="{plain}" width="1050" height="700"><figcaption>{c} <cite>{d}</cite></figcaption></figure>"#),
                Some(cap.text.clone()), Some(cred.text.clone()), plain, false,
            ),
            4 => (
                format!(r#"<div><img src="{weserv}" width="100%"><br><b>{d}</b>：{c}</div>"#),
                Some(format!("{}：{}", cred.text, cap.text)), None, weserv, false,
            ),
            5 => (
                format!(r#"<div id="attachment_1" style="width: 510px" class="wp-caption alignnone"><img class="size-full" src="{plain}" alt="" width="500" height="418"><p id="caption-attachment-1" class="wp-caption-text">{c}</p></div>"#),
                Some(cap.text.clone()), None, plain, false,
            ),
            6 => (
                format!(r#"<video poster="{weserv}" src="https://av.example.com/{id}.mp4" style="width:100%" controls></video><div><small style="color: #999;">{c}</small></div>"#),
                Some(cap.text.clone()), None, format!("https://av.example.com/{id}.mp4"), true,
            ),
            7 => (
                format!(r#"<p><img decoding="async" src="data:image/svg+xml,%3Csvg%3E%3C/svg%3E" alt="file" data-lazy-src="{plain}"><noscript><img decoding="async" src="{plain}" alt="file"></noscript></p>"#),
                None, None, plain, false,
            ),
            8 => (
                format!(r#"<div><div><div><div><div data-e2e="image-placeholder"><img srcSet="https://ichef.example.com/240/{id}.jpg 240w, {plain} 800w" alt="说明"/><p role="text"><span>图像来源，</span><span>{d}</span></p></div></div><div><p>{c}</p></div></div></div></div>"#),
                Some(cap.text.clone()), Some(format!("图像来源，{}", cred.text)), plain, false,
            ),
            9 => (
                format!(r#"<p><figure class="image-richtext image-inline captioned"><img alt="说明" src="{plain}"/><figcaption class="image-caption">{c}</figcaption><small></small></figure></p>"#),
                Some(cap.text.clone()), None, plain, false,
            ),
            10 => (
                format!(r#"<p><img src="{plain}" alt="image"><br><span style="font-size: 0.8em;color: #666;">{c}</span></p>"#),
                Some(cap.text.clone()), None, plain, false,
            ),
            _ => (
                format!(r#"<a href="https://www.example.com/fr/{id}"><figure><picture><source type="image/webp" srcset="{plain}.webp"><img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP" alt="Image" srcset="{plain}"></picture><figcaption><span>{c}</span>    <span>© {d}</span></figcaption></figure></a>"#),
                Some(cap.text.clone()), Some(format!("© {}", cred.text)), plain, false,
            ),
        };
        FigureSpec { html, caption, credit, src, is_embed }
    })
}

/// One generated block: its HTML, and the paragraph texts it yields.
#[derive(Clone, Debug)]
pub enum Spec {
    Paragraph(Inline),
    Loose(Inline),
    Nested(usize, Inline),
    Heading(u8, Inline),
    List(bool, Vec<Inline>),
    Quote(Vec<Inline>),
    Figure(FigureSpec),
    Iframe(String),
    StrayClose(&'static str, Inline),
    Padding(&'static str),
    /// A paragraph bold from end to end, short: read as a subheading.
    Subheading(Inline),
}

impl Spec {
    pub fn html(&self) -> String {
        match self {
            Spec::Paragraph(i) => format!("<p>{}</p>", i.html),
            Spec::Loose(i) => i.html.clone(),
            Spec::Nested(depth, i) => format!(
                "{}<p>{}</p>{}",
                "<div>".repeat(*depth),
                i.html,
                "</div>".repeat(*depth)
            ),
            Spec::Heading(level, i) => format!("<h{level}>{}</h{level}>", i.html),
            Spec::List(ordered, items) => {
                let tag = if *ordered { "ol" } else { "ul" };
                let lis: String = items
                    .iter()
                    .map(|i| format!("<li>{}</li>", i.html))
                    .collect();
                format!("<{tag}>{lis}</{tag}>")
            }
            Spec::Quote(paras) => {
                let ps: String = paras.iter().map(|p| format!("<p>{}</p>", p.html)).collect();
                format!("<blockquote class=\"twitter-tweet\">{ps}</blockquote>")
            }
            Spec::Figure(f) => f.html.clone(),
            Spec::Iframe(id) => format!(
                r#"<iframe width="100%" height="259" src="https://www.youtube.com/embed/{id}" frameborder="0" allowfullscreen=""> </iframe>"#
            ),
            Spec::StrayClose(tag, i) => format!("</{tag}><p>{}</p>", i.html),
            Spec::Padding(p) => (*p).to_owned(),
            Spec::Subheading(i) => format!("<p><strong>{}</strong></p>", escape(&i.text)),
        }
    }

    pub fn paragraphs(&self) -> Vec<String> {
        match self {
            Spec::Paragraph(i) | Spec::Loose(i) | Spec::Nested(_, i) | Spec::StrayClose(_, i) => {
                vec![i.text.clone()]
            }
            _ => vec![],
        }
    }
}

/// Whether a paragraph's HTML is one bold element and nothing else: the
/// shape of a subheading, generated apart ([`Spec::Subheading`]).
pub fn bold_alone(html: &str) -> bool {
    [("<b>", "</b>"), ("<strong>", "</strong>")]
        .iter()
        .any(|(open, close)| {
            html.strip_prefix(open)
                .and_then(|rest| rest.strip_suffix(close))
                .is_some_and(|inner| !inner.contains('<'))
        })
}

/// Inline text for a paragraph: never one bold element alone.
fn paragraph_inline(max_words: usize) -> impl Strategy<Value = Inline> {
    inline(max_words).prop_filter("a bold paragraph is a subheading", |i| !bold_alone(&i.html))
}

pub fn spec() -> impl Strategy<Value = Spec> {
    prop_oneof![
        6 => paragraph_inline(12).prop_map(Spec::Paragraph),
        1 => inline(4).prop_map(Spec::Loose),
        1 => (1..12usize, paragraph_inline(6)).prop_map(|(d, i)| Spec::Nested(d, i)),
        1 => (1..=6u8, inline(5)).prop_map(|(l, i)| Spec::Heading(l, i)),
        1 => (any::<bool>(), prop::collection::vec(inline(4), 1..5)).prop_map(|(o, items)| Spec::List(o, items)),
        1 => prop::collection::vec(inline(6), 1..4).prop_map(Spec::Quote),
        3 => figure().prop_map(Spec::Figure),
        1 => "[A-Za-z0-9]{11}".prop_map(Spec::Iframe),
        1 => (select(vec!["small", "span", "div", "b", "em"]), paragraph_inline(4)).prop_map(|(t, i)| Spec::StrayClose(t, i)),
        1 => prop::collection::vec("[\u{4e00}-\u{9fa5}]{2,6}", 1..4).prop_map(|words| {
            let text = words.concat();
            Spec::Subheading(Inline { html: escape(&text), text })
        }),
        1 => select(vec!["<p> </p>", "<p>&nbsp;</p>", "<p><strong></strong></p>", "<p><br/></p>", "<div></div>", "<p>\u{3000}</p>"]).prop_map(Spec::Padding),
    ]
}

/// A date line of one of the outlets' shapes, with the `published` string
/// it must give.
pub fn dateline() -> impl Strategy<Value = (String, String)> {
    (0..6usize, 0i64..2_000_000_000, "[A-Z]{3,8} [A-Z]{3,8}").prop_map(|(shape, secs, author)| {
        let t = chrono::DateTime::from_timestamp(1_000_000_000 + secs, 0).unwrap();
        match shape {
            0 => (format!("<div><i>{}</i></div>", t.format("%a, %d %b %Y %H:%M:%S GMT")), t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
            1 => (format!("<div><i>{author}<br>{}</i></div>", t.format("%Y-%m-%dT%H:%M:%S%.3fZ")), t.format("%Y-%m-%dT%H:%M:%SZ").to_string()),
            2 => (format!("<div><i>{author},{author}<br>{}</i></div>", t.format("%Y-%m-%d %H:%M:%S")), t.format("%Y-%m-%dT%H:%M:%S").to_string()),
            3 => (format!(r#"<address>{author}</address><time pudate="x" datetime="{}">{}</time>"#, t.format("%Y-%m-%d %H:%M:%S"), t.format("%Y年%m月%d日")), t.format("%Y-%m-%dT%H:%M:%S").to_string()),
            4 => (format!("<div>{}</div>", t.format("%d/%m/%Y - %H:%M")), t.format("%Y-%m-%dT%H:%M:00").to_string()),
            _ => (format!(r#"<main role="main"><div></div><div><time dateTime="{}">28 分钟前</time></div></main>"#, t.format("%Y-%m-%d")), t.format("%Y-%m-%d").to_string()),
        }
    })
}

/// A generated body and what it holds.
#[derive(Clone, Debug)]
pub struct BodySpec {
    pub html: String,
    pub published: Option<String>,
    pub blocks: Vec<Spec>,
}

pub fn body() -> impl Strategy<Value = BodySpec> {
    (prop::option::of(dateline()), prop::collection::vec(spec(), 0..16), any::<bool>()).prop_map(|(date, mut blocks, footer)| {
        // Two loose runs side by side are one paragraph: keep them apart.
        blocks.dedup_by(|b, a| matches!((a, b), (Spec::Loose(_), Spec::Loose(_))));
        let mut html = String::new();
        if let Some((line, _)) = &date {
            html.push_str(line);
        }
        for b in &blocks {
            html.push_str(&b.html());
        }
        if footer {
            html.push_str(r#"<br><hr><div>获取更多RSS：<br><a href="https://feedx.net" style="color:orange" target="_blank">https://feedx.net</a> <br></div>"#);
        }
        BodySpec { html, published: date.map(|(_, p)| p), blocks }
    })
}

// ---------------------------------------------------------------------
// Headers

pub fn title() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            "[^\r\n]{1,6}",
            select(vec![
                "[", "]", "(", ")", "](", "\\", "\t", "\u{3000}", "[x](y)", "“", "】", "--", "?",
                "|"
            ])
            .prop_map(str::to_owned),
        ],
        1..8,
    )
    .prop_map(|parts| parts.concat().trim().to_owned())
    .prop_filter("a title", |t| !t.is_empty())
}

pub fn url() -> impl Strategy<Value = url::Url> {
    (
        select(vec!["http", "https"]),
        select(vec![
            "www.voachinese.com",
            "www.dw.com",
            "cn.nytimes.com",
            "chinadigitaltimes.net",
            "127.0.0.1:8080",
            "例え.テスト",
            "news.example",
        ]),
        prop::collection::vec(
            prop_oneof![
                "[a-z0-9-]{1,10}",
                "[\u{4e00}-\u{9fa5}]{1,4}",
                Just("a b".to_owned()),
                Just("%E4%B8%AD".to_owned()),
                Just("x?".to_owned())
            ],
            0..4,
        ),
        prop::option::of("[a-z]{1,5}=[a-z0-9]{0,5}"),
        prop::option::of("[a-z]{1,6}"),
    )
        .prop_map(|(scheme, host, path, query, fragment)| {
            let mut s = format!("{scheme}://{host}/{}", path.join("/"));
            if let Some(q) = query {
                s.push('?');
                s.push_str(&q);
            }
            if let Some(f) = fragment {
                s.push('#');
                s.push_str(&f);
            }
            url::Url::parse(&s).unwrap()
        })
}

/// A timestamp line's content and the instant it means.
pub fn timestamp() -> impl Strategy<Value = (String, Option<i64>)> {
    prop_oneof![
        1 => Just(("NaN".to_owned(), None)),
        8 => (-8_210_000_000_000_000i64..8_210_000_000_000_000).prop_map(|ms| (ms.to_string(), Some(ms))),
        2 => (946_684_800_000i64..1_900_000_000_000).prop_map(|ms| (ms.to_string(), Some(ms))),
    ]
}

pub fn document()
-> impl Strategy<Value = (String, String, url::Url, (String, Option<i64>), BodySpec)> {
    (title(), url(), timestamp(), body()).prop_map(|(title, url, ts, body)| {
        let input = format!(
            "<!--{}-->\n[{title}]({url})\n------\n\n{}\n",
            ts.0, body.html
        );
        (input, title, url, ts, body)
    })
}

/// The instant a timestamp line means: ten digits or fewer are seconds.
pub fn expected_millis(text: &str, value: i64) -> Option<i64> {
    let digits = text.trim_start_matches('-').len();
    if digits <= 10 && value != 0 {
        value.checked_mul(1000)
    } else {
        Some(value)
    }
}
