//! A small grammar of article bodies, shared by `tests/structured.rs`
//! (proptest, through `arbitrary::Unstructured`) and the `structured` fuzz
//! target (`#[path]`).
//!
//! It builds the shapes the crate's rules care about (figures and their
//! captions in every order, lazy images and their `<noscript>` twins,
//! `<picture>`, players, date lines, the feed footer, links, formatting
//! runs, tables, SVG and MathML islands, templates, raw-text elements) and
//! the hostile ones (nesting past `max_depth`, attribute floods past
//! `max_attributes`, many distinct formatting elements open at once, long
//! runs of one small unit), and lets them nest in any order.
//!
//! The tree is flat: a document is a sequence of [`Piece`]s, where
//! [`Piece::Open`] opens a wrapper and [`Piece::Close`] closes the last one
//! still open. Neither `arbitrary` nor the renderer recurses, rendering is
//! one pass over the pieces (linear in the output), and the output is
//! bounded by a budget of bytes for the expanding pieces (repeats, floods,
//! runs).
//!
//! Text leaves start with a mark (`A`, `B`, … then Greek, then circled
//! digits) that names the leaf, so a nothing-lost diff says which leaf
//! went missing or doubled.

#![allow(dead_code)]

pub mod alloc;
pub mod check;

use arbitrary::{Arbitrary, Result, Unstructured};

/// The fixed, valid header every generated body sits under.
pub const HEADER: &str =
    "<!--1677087543000-->\n[标题](https://www.voachinese.com/a/1.html)\n------\n\n";

/// How many wrappers may be open at once in the generated tree (a repeated
/// wrapper counts once here, however often it repeats).
const MAX_OPEN: usize = 64;

/// How many bytes the repetitions, flooded attributes and runs of one
/// document may write in all: enough for a wrapper or two repeated past
/// the default `max_depth` (512) and an element past the default
/// `max_attributes` (256), small enough to keep documents small (the fuzz
/// target's speed is the documents' size).
const BUDGET: usize = 24 << 10;

/// At most this many pieces in a document.
const MAX_PIECES: usize = 2000;

/// A whole body, and the small limits to parse it with as well.
#[derive(Debug)]
pub struct Doc {
    pub limits: Limits,
    /// A date line opening the body.
    pub opening: Option<DateLine>,
    /// The feed footer at the very end.
    pub footer: bool,
    /// Close what is still open at the end (else leave it open).
    pub close_all: bool,
    pub pieces: Vec<Piece>,
}

impl<'a> Arbitrary<'a> for Doc {
    // Pieces until the input runs out: `Vec`'s own reading stops at the
    // first even byte of a continuation flag, which leaves random inputs
    // (proptest's) two pieces long on average.
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let limits = u.arbitrary()?;
        let opening = u.arbitrary()?;
        let footer = u.ratio(1u8, 4)?;
        let close_all = u.arbitrary()?;
        let mut pieces = Vec::new();
        // The wrappers open, as the renderer will see them, so that each
        // piece can be drawn for where it falls.
        let mut open: Vec<Wrapper> = Vec::new();
        while !u.is_empty() && pieces.len() < MAX_PIECES {
            let piece = Piece::arbitrary_in(u, open.last().copied())?;
            match &piece {
                Piece::Open(w, ..) if open.len() < MAX_OPEN => open.push(*w),
                Piece::Close => {
                    open.pop();
                }
                _ => {}
            }
            pieces.push(piece);
        }
        Ok(Doc {
            limits,
            opening,
            footer,
            close_all,
            pieces,
        })
    }

    fn arbitrary_take_rest(mut u: Unstructured<'a>) -> Result<Self> {
        Self::arbitrary(&mut u)
    }
}

/// Small values of `Options::max_depth` and `Options::max_attributes`, so
/// the limit paths are reached by small inputs.
#[derive(Clone, Copy, Debug, Arbitrary)]
pub struct Limits {
    depth: u8,
    attributes: u8,
}

impl Limits {
    /// 4..=64.
    pub fn max_depth(self) -> usize {
        4 + usize::from(self.depth) % 61
    }

    /// 0..=32.
    pub fn max_attributes(self) -> usize {
        usize::from(self.attributes) % 33
    }
}

/// One step of the flat tree.
#[derive(Debug)]
pub enum Piece {
    /// Open a wrapper, `repeat` times nested, the first one with extra
    /// attributes.
    Open(Wrapper, Repeat, Option<Flood>),
    /// Close the innermost open wrapper (all its repetitions).
    Close,
    /// An end tag nothing opened.
    Stray(Stray),
    Text(Text),
    Image(Image),
    /// `<noscript><img></noscript>`, with the last image's `src` or another.
    Twin {
        same: bool,
        other: Src,
    },
    /// `<picture><source srcset><img></picture>`.
    Picture {
        source: Src,
        img: Src,
        webp: bool,
    },
    /// The VOA caption: `<div><small>…</small></div>`.
    VoaCaption(Text),
    /// `<small>…</small>` alone.
    Small(Text),
    /// `<figcaption>text <cite>credit</cite></figcaption>`.
    Figcaption(Text, Option<Text>),
    Player(Player),
    Br,
    Hr,
    /// `<![CDATA[…]]>`: text in SVG and MathML, a bogus comment in HTML.
    Cdata(Text),
    Comment(Text),
    /// A raw-text or RCDATA element holding text: `<script>`, `<style>`,
    /// `<textarea>`, `<title>`, `<xmp>`, `<noembed>`, `<iframe>`.
    Raw(RawTag, Text),
    /// `<select>` with up to three options.
    Select(Vec<Text>),
    /// `<input …>`, possibly `type=hidden` (which stays in a table).
    Input(Option<Flood>),
    /// `<plaintext>`: the rest of the body is text.
    Plaintext,
    /// `n` formatting elements opened and never closed, each with its own
    /// class when `distinct` (so the "Noah's Ark" clause does not thin them).
    Formatting {
        tag: FormatTag,
        n: u16,
        distinct: bool,
    },
    /// One small unit, repeated.
    Run(Unit, u16),
    DateLine(DateLine),
    /// The feed footer, wherever it falls.
    Footer,
    /// A whole figure, possibly holding another.
    Figure(Figure),
}

impl<'a> Arbitrary<'a> for Piece {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Piece::arbitrary_in(u, None)
    }
}

impl Piece {
    /// A piece for inside `parent` (the innermost wrapper open). Drawn
    /// without regard to it, the shapes that need two or three particular
    /// pieces in a row (an `<image>` in an `<svg>`, a caption and an image
    /// in a `<figure>`, a CDATA section in MathML) come one in a million
    /// pieces; so most of the time a piece fits its parent, and the rest
    /// of the time it is anything (which is how the rest of the grammar's
    /// shapes, and the misnestings, still come).
    fn arbitrary_in(u: &mut Unstructured<'_>, parent: Option<Wrapper>) -> Result<Self> {
        if let Some(parent) = parent
            && u.ratio(2u8, 3)?
            && let Some(piece) = fitting(u, parent)?
        {
            return Ok(piece);
        }
        Piece::any(u)
    }

    // Weighted by hand: wrappers, closes and text must be common for the
    // tree to have shape; the hostile pieces rare, or every input is one.
    fn any(u: &mut Unstructured<'_>) -> Result<Self> {
        Ok(match u.int_in_range(0u16..=999)? {
            0..=219 => Piece::Open(common_wrapper(u)?, u.arbitrary()?, {
                if u.ratio(1u8, 16)? {
                    Some(u.arbitrary()?)
                } else {
                    None
                }
            }),
            220..=399 => Piece::Close,
            400..=559 => Piece::Text(u.arbitrary()?),
            560..=629 => Piece::Image(u.arbitrary()?),
            630..=659 => Piece::Twin {
                same: u.arbitrary()?,
                other: u.arbitrary()?,
            },
            660..=679 => Piece::Picture {
                source: u.arbitrary()?,
                img: u.arbitrary()?,
                webp: u.arbitrary()?,
            },
            680..=709 => Piece::VoaCaption(u.arbitrary()?),
            710..=719 => Piece::Small(u.arbitrary()?),
            720..=749 => Piece::Figcaption(u.arbitrary()?, u.arbitrary()?),
            750..=769 => Piece::Player(u.arbitrary()?),
            770..=779 => Piece::Br,
            780..=789 => Piece::Hr,
            790..=809 => Piece::Cdata(u.arbitrary()?),
            810..=819 => Piece::Comment(u.arbitrary()?),
            820..=839 => Piece::Raw(u.arbitrary()?, u.arbitrary()?),
            840..=849 => Piece::Select(few(u, 3)?),
            850..=859 => Piece::Input(if u.ratio(1u8, 4)? {
                Some(u.arbitrary()?)
            } else {
                None
            }),
            860 | 861 => Piece::Plaintext,
            862..=879 => Piece::Formatting {
                tag: u.arbitrary()?,
                n: u.arbitrary()?,
                distinct: u.arbitrary()?,
            },
            880..=899 => Piece::Run(u.arbitrary()?, u.arbitrary()?),
            900..=929 => Piece::DateLine(u.arbitrary()?),
            930..=939 => Piece::Footer,
            940..=969 => Piece::Figure(u.arbitrary()?),
            _ => Piece::Stray(u.arbitrary()?),
        })
    }
}

/// Half the time one of the wrappers articles are made of, else any.
fn common_wrapper(u: &mut Unstructured<'_>) -> Result<Wrapper> {
    use Wrapper::*;
    if !u.ratio(1u8, 2)? {
        return u.arbitrary();
    }
    Ok(match u.int_in_range(0u8..=15)? {
        0 => Div,
        1 => P,
        2 | 3 => Figure,
        4 => Figcaption,
        5 => A(u.arbitrary()?),
        6 => Span(u.arbitrary()?),
        7 => B(u.arbitrary()?),
        8 => Svg,
        9 => Math,
        10 => Table,
        11 => Template,
        12 => Noscript,
        13 => Picture,
        14 => Ul,
        _ => Blockquote,
    })
}

fn open(w: Wrapper) -> Piece {
    Piece::Open(w, Repeat(1), None)
}

/// A piece that belongs in `parent`, or `None` for "anything".
fn fitting(u: &mut Unstructured<'_>, parent: Wrapper) -> Result<Option<Piece>> {
    use Wrapper::*;
    // What closes the parent, or sits in it as text, is common in every
    // context.
    match u.int_in_range(0u8..=9)? {
        0 | 1 => return Ok(Some(Piece::Close)),
        2 => return Ok(Some(Piece::Text(u.arbitrary()?))),
        _ => {}
    }
    let piece = match parent {
        Svg | G | SvgText => match u.int_in_range(0u8..=11)? {
            0 => open(Image(u.arbitrary()?)),
            1 => open(Title),
            2 => open(Desc),
            3 => open(ForeignObject),
            4 => open(Style),
            5 => open(SvgText),
            6 => open(G),
            7 => open(A(u.arbitrary()?)),
            // `<font color|face|size>` breaks out of foreign content.
            8 => open(Font(u.arbitrary()?)),
            9 | 10 => Piece::Cdata(u.arbitrary()?),
            _ => Piece::Image(u.arbitrary()?),
        },
        Math | Mi | Mtext | Semantics => match u.int_in_range(0u8..=11)? {
            0 => open(Mi),
            1 => open(Mtext),
            2 | 3 => open(AnnotationXml(u.arbitrary()?)),
            4 => open(Semantics),
            5 => open(Image(u.arbitrary()?)),
            6 => open(Title),
            7 => open(Style),
            8 => open(Template),
            9 => open(Svg),
            10 => Piece::Cdata(u.arbitrary()?),
            _ => Piece::Raw(u.arbitrary()?, u.arbitrary()?),
        },
        // HTML integration points: HTML inside foreign content.
        ForeignObject | AnnotationXml(_) | Desc | Title | Image(_) => {
            match u.int_in_range(0u8..=9)? {
                0 => open(P),
                1 => open(Div),
                2 => open(Svg),
                3 => open(Math),
                4 => open(B(u.arbitrary()?)),
                5 => open(Template),
                6 => Piece::Raw(u.arbitrary()?, u.arbitrary()?),
                7 => Piece::Cdata(u.arbitrary()?),
                8 => Piece::Image(u.arbitrary()?),
                _ => open(Style),
            }
        }
        Figure | Picture | Noscript => match u.int_in_range(0u8..=14)? {
            0 | 1 => Piece::Figcaption(u.arbitrary()?, u.arbitrary()?),
            2 => open(Figcaption),
            3 | 4 => Piece::Image(u.arbitrary()?),
            5 | 6 => Piece::Twin {
                same: u.arbitrary()?,
                other: u.arbitrary()?,
            },
            7 => Piece::Picture {
                source: u.arbitrary()?,
                img: u.arbitrary()?,
                webp: u.arbitrary()?,
            },
            8 => open(Figure),
            9 => open(Div),
            10 => open(A(u.arbitrary()?)),
            11 => Piece::VoaCaption(u.arbitrary()?),
            12 => open(Picture),
            13 => Piece::Figure(u.arbitrary()?),
            _ => Piece::Player(u.arbitrary()?),
        },
        Figcaption | Small | Cite => match u.int_in_range(0u8..=6)? {
            0 => open(Cite),
            1 => open(Span(u.arbitrary()?)),
            2 => open(A(u.arbitrary()?)),
            3 => open(P),
            4 => open(Small),
            5 => Piece::Br,
            _ => open(Div),
        },
        Table | Tbody | Tr | Td | Th | Caption => match u.int_in_range(0u8..=9)? {
            0 => open(Tbody),
            1 | 2 => open(Tr),
            3 | 4 => open(Td),
            5 => open(Th),
            6 => open(Caption),
            // Foster-parented: a link or text straight in a table.
            7 => open(A(u.arbitrary()?)),
            8 => Piece::Input(None),
            _ => open(Table),
        },
        Ul | Ol | Li | Dl => match u.int_in_range(0u8..=4)? {
            0 | 1 => open(Li),
            2 => open(Dt),
            3 => open(Dd),
            _ => open(Ul),
        },
        Select => match u.int_in_range(0u8..=3)? {
            0 | 1 => open(Wrapper::Option),
            2 => open(Template),
            _ => open(Math),
        },
        Div | P | Span(_) | Blockquote => match u.int_in_range(0u8..=12)? {
            0 => Piece::Image(u.arbitrary()?),
            1 => Piece::VoaCaption(u.arbitrary()?),
            2 => Piece::Twin {
                same: u.arbitrary()?,
                other: u.arbitrary()?,
            },
            3 => open(A(u.arbitrary()?)),
            4 => open(B(u.arbitrary()?)),
            5 => open(Figure),
            6 => open(Svg),
            7 => open(Math),
            8 => Piece::Br,
            9 => open(Span(u.arbitrary()?)),
            10 => open(Template),
            11 => Piece::Figure(u.arbitrary()?),
            _ => return Ok(None),
        },
        _ => return Ok(None),
    };
    Ok(Some(piece))
}

/// How often an opened wrapper repeats: mostly once, sometimes a few
/// times, sometimes hundreds (past the default `max_depth` of 512).
#[derive(Clone, Copy, Debug, Arbitrary)]
pub struct Repeat(u16);

impl Repeat {
    fn count(self, budget: &mut usize, cost: usize) -> usize {
        let raw = usize::from(self.0);
        let want = match raw % 32 {
            0 | 1 => 2 + (raw >> 5) % 39,
            2 => (raw >> 5) % 701,
            _ => 1,
        };
        spend(budget, want, cost).max(1)
    }
}

/// Mostly up to 8, one time in four up to `max`.
fn skewed(raw: u16, max: usize) -> usize {
    let raw = usize::from(raw);
    if raw % 4 == 0 {
        (raw >> 2) % (max + 1)
    } else {
        (raw >> 2) % 9
    }
}

/// As many of `want` units of `cost` bytes each as the budget allows.
fn spend(budget: &mut usize, want: usize, cost: usize) -> usize {
    let got = want.min(*budget / cost.max(1));
    *budget -= got * cost;
    got
}

/// Elements that hold other pieces. Foreign-content names (`image`,
/// `title`, `style`, `desc`, `foreignObject`) mean what their context
/// makes of them: `<image>` is an SVG image in `<svg>`, an `<img>` in HTML.
#[derive(Clone, Copy, Debug, Arbitrary)]
pub enum Wrapper {
    Div,
    P,
    Span(u8),
    B(Option<u8>),
    I,
    Strong,
    Em,
    Font(Option<FontAttr>),
    Small,
    Cite,
    U,
    Sup,
    Code,
    A(Href),
    Figure,
    Figcaption,
    Picture,
    Noscript,
    Blockquote,
    Pre,
    Heading(u8),
    Ul,
    Ol,
    Li,
    Dl,
    Dt,
    Dd,
    Table,
    Tbody,
    Tr,
    Td,
    Th,
    Caption,
    Svg,
    ForeignObject,
    Title,
    Desc,
    Image(Src),
    Style,
    SvgText,
    G,
    Math,
    Mi,
    Mtext,
    AnnotationXml(Encoding),
    Semantics,
    Template,
    Select,
    Option,
    Textarea,
    Video(Option<Src>),
    Audio,
    Iframe,
    Object,
    Address,
    Time(TimeAttr),
    Main,
    Section,
    Article,
    Header,
    Footer,
    Aside,
    Center,
    Details,
    Summary,
    Button,
    Label,
    Form,
    Nobr,
}

impl Wrapper {
    fn name(self) -> &'static str {
        use Wrapper::*;
        match self {
            Div => "div",
            P => "p",
            Span(_) => "span",
            B(_) => "b",
            I => "i",
            Strong => "strong",
            Em => "em",
            Font(_) => "font",
            Small => "small",
            Cite => "cite",
            U => "u",
            Sup => "sup",
            Code => "code",
            A(_) => "a",
            Figure => "figure",
            Figcaption => "figcaption",
            Picture => "picture",
            Noscript => "noscript",
            Blockquote => "blockquote",
            Pre => "pre",
            Heading(n) => ["h1", "h2", "h3", "h4", "h5", "h6"][usize::from(n % 6)],
            Ul => "ul",
            Ol => "ol",
            Li => "li",
            Dl => "dl",
            Dt => "dt",
            Dd => "dd",
            Table => "table",
            Tbody => "tbody",
            Tr => "tr",
            Td => "td",
            Th => "th",
            Caption => "caption",
            Svg => "svg",
            ForeignObject => "foreignObject",
            Title => "title",
            Desc => "desc",
            Image(_) => "image",
            Style => "style",
            SvgText => "text",
            G => "g",
            Math => "math",
            Mi => "mi",
            Mtext => "mtext",
            AnnotationXml(_) => "annotation-xml",
            Semantics => "semantics",
            Template => "template",
            Select => "select",
            Option => "option",
            Textarea => "textarea",
            Video(_) => "video",
            Audio => "audio",
            Iframe => "iframe",
            Object => "object",
            Address => "address",
            Time(_) => "time",
            Main => "main",
            Section => "section",
            Article => "article",
            Header => "header",
            Footer => "footer",
            Aside => "aside",
            Center => "center",
            Details => "details",
            Summary => "summary",
            Button => "button",
            Label => "label",
            Form => "form",
            Nobr => "nobr",
        }
    }

    /// `<name attrs` (without the closing `>`).
    fn open(self, out: &mut String) {
        use Wrapper::*;
        out.push('<');
        out.push_str(self.name());
        match self {
            Span(n) => {
                out.push_str(
                    [
                        "",
                        " class=\"caption\"",
                        " style=\"font-weight: 400;\"",
                        " style=\"font-size: 0.8em;color: #666;\"",
                    ][usize::from(n % 4)],
                );
            }
            B(Some(n)) => out.push_str(&format!(" class=c{n}")),
            Font(Some(f)) => out.push_str(f.render()),
            A(href) => out.push_str(href.attr()),
            Image(src) => {
                out.push_str(" href=\"");
                out.push_str(src.url());
                out.push('"');
            }
            AnnotationXml(e) => out.push_str(e.attr()),
            Video(poster) => {
                out.push_str(" src=\"https://av.example.com/v.mp4\" controls");
                if let Some(p) = poster {
                    out.push_str(" poster=\"");
                    out.push_str(p.url());
                    out.push('"');
                }
            }
            Audio => out.push_str(" src=\"https://av.example.com/a.mp3\""),
            Iframe => out.push_str(" src=\"https://www.youtube.com/embed/abc\""),
            Object => out.push_str(" data=\"https://av.example.com/o.swf\""),
            Time(t) => out.push_str(t.attr()),
            _ => {}
        }
    }

    fn close(self, out: &mut String) {
        out.push_str("</");
        out.push_str(self.name());
        out.push('>');
    }
}

#[derive(Clone, Copy, Debug, Arbitrary)]
pub enum FontAttr {
    Color,
    Face,
    Size,
}

impl FontAttr {
    fn render(self) -> &'static str {
        match self {
            FontAttr::Color => " color=\"#999\"",
            FontAttr::Face => " face=\"Arial\"",
            FontAttr::Size => " size=\"2\"",
        }
    }
}

#[derive(Clone, Copy, Debug, Arbitrary)]
pub enum Href {
    Relative,
    Absolute,
    Fragment,
    Empty,
    Missing,
    Script,
    Mail,
    Feedx,
}

impl Href {
    fn attr(self) -> &'static str {
        match self {
            Href::Relative => " href=\"/a/2.html\"",
            Href::Absolute => " href=\"https://www.voachinese.com/a/3.html\"",
            Href::Fragment => " href=\"#x\"",
            Href::Empty => " href=\"\"",
            Href::Missing => "",
            Href::Script => " href=\"javascript:void(0)\"",
            Href::Mail => " href=\"mailto:a@b.example\"",
            Href::Feedx => " href=\"https://feedx.net\"",
        }
    }
}

#[derive(Clone, Copy, Debug, Arbitrary)]
pub enum Encoding {
    Html,
    HtmlUpper,
    Xhtml,
    Svg,
    Missing,
}

impl Encoding {
    fn attr(self) -> &'static str {
        match self {
            Encoding::Html => " encoding=\"text/html\"",
            Encoding::HtmlUpper => " encoding=\"TEXT/HTML\"",
            Encoding::Xhtml => " encoding=\"application/xhtml+xml\"",
            Encoding::Svg => " encoding=\"image/svg+xml\"",
            Encoding::Missing => "",
        }
    }
}

#[derive(Clone, Copy, Debug, Arbitrary)]
pub enum TimeAttr {
    Full,
    Month,
    Date,
    Bad,
    Missing,
}

impl TimeAttr {
    fn attr(self) -> &'static str {
        match self {
            TimeAttr::Full => " datetime=\"2021-11-19 06:07:13\"",
            TimeAttr::Month => " datetime=\"2023-06\"",
            TimeAttr::Date => " dateTime=\"2023-02-15\"",
            TimeAttr::Bad => " datetime=\"yesterday\"",
            TimeAttr::Missing => "",
        }
    }
}

/// Image addresses: plain, proxied, lazy-loading placeholders, empty,
/// relative, protocol-relative, padded, scripted.
#[derive(Clone, Copy, Debug, Arbitrary)]
pub enum Src {
    A,
    B,
    Weserv,
    DataGif,
    Blank,
    Empty,
    Relative,
    ProtocolRelative,
    Padded,
    Script,
}

impl Src {
    fn url(self) -> &'static str {
        match self {
            Src::A => "a.jpg",
            Src::B => "https://static.example.com/b.png",
            Src::Weserv => "https://images.weserv.nl?url=gdb.voanews.com/c_w900.jpg",
            Src::DataGif => "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP",
            Src::Blank => "https://x.example/blank.gif",
            Src::Empty => "",
            Src::Relative => "/img/d.jpg",
            Src::ProtocolRelative => "//cdn.example/e.jpg",
            Src::Padded => " f.jpg ",
            Src::Script => "javascript:void(0)",
        }
    }
}

#[derive(Debug)]
pub struct Image {
    src: Option<Src>,
    data_src: Option<Src>,
    srcset: Option<Src>,
    alt: Option<Word>,
    flood: Option<Flood>,
    self_closing: bool,
}

impl<'a> Arbitrary<'a> for Image {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Image {
            // Mostly with a `src`; the others now and then.
            src: if u.ratio(7u8, 8)? {
                Some(u.arbitrary()?)
            } else {
                None
            },
            data_src: if u.ratio(1u8, 4)? {
                Some(u.arbitrary()?)
            } else {
                None
            },
            srcset: if u.ratio(1u8, 4)? {
                Some(u.arbitrary()?)
            } else {
                None
            },
            alt: u.arbitrary()?,
            flood: if u.ratio(1u8, 16)? {
                Some(u.arbitrary()?)
            } else {
                None
            },
            self_closing: u.arbitrary()?,
        })
    }
}

#[derive(Clone, Copy, Debug, Arbitrary)]
pub struct Player {
    kind: PlayerKind,
    poster: Option<Src>,
    /// Text inside the player (a fallback; raw text in an iframe).
    fallback: bool,
    /// `<noscript><img src=poster></noscript>` right after.
    noscript: bool,
    /// A VOA caption right after.
    caption: bool,
}

#[derive(Clone, Copy, Debug, Arbitrary)]
pub enum PlayerKind {
    Video,
    Audio,
    Iframe,
    Object,
    Embed,
}

#[derive(Clone, Copy, Debug, Arbitrary)]
pub enum RawTag {
    Script,
    Style,
    Textarea,
    Title,
    Xmp,
    Noembed,
    Iframe,
}

impl RawTag {
    fn name(self) -> &'static str {
        match self {
            RawTag::Script => "script",
            RawTag::Style => "style",
            RawTag::Textarea => "textarea",
            RawTag::Title => "title",
            RawTag::Xmp => "xmp",
            RawTag::Noembed => "noembed",
            RawTag::Iframe => "iframe",
        }
    }
}

#[derive(Clone, Copy, Debug, Arbitrary)]
pub enum Stray {
    P,
    Div,
    Figure,
    Figcaption,
    Small,
    A,
    B,
    Table,
    Svg,
    Math,
    Li,
    Br,
    Body,
    Html,
    Template,
    Noscript,
}

impl Stray {
    fn name(self) -> &'static str {
        match self {
            Stray::P => "p",
            Stray::Div => "div",
            Stray::Figure => "figure",
            Stray::Figcaption => "figcaption",
            Stray::Small => "small",
            Stray::A => "a",
            Stray::B => "b",
            Stray::Table => "table",
            Stray::Svg => "svg",
            Stray::Math => "math",
            Stray::Li => "li",
            Stray::Br => "br",
            Stray::Body => "body",
            Stray::Html => "html",
            Stray::Template => "template",
            Stray::Noscript => "noscript",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Arbitrary)]
pub enum FormatTag {
    B,
    I,
    Em,
    Font,
    Span,
    A,
}

#[derive(Clone, Copy, Debug, Arbitrary)]
pub enum Unit {
    P,
    Li,
    B,
    A,
    Div,
    Td,
    TrTd,
    Option,
    EmptyP,
    Br,
    Img,
    CloseB,
    Figure,
    Svg,
    Table,
    Template,
}

impl Unit {
    fn render(self) -> &'static str {
        match self {
            Unit::P => "<p>x",
            Unit::Li => "<li>x",
            Unit::B => "<b>x",
            Unit::A => "<a href=/x>x",
            Unit::Div => "<div>",
            Unit::Td => "<td>x",
            Unit::TrTd => "<tr><td>x",
            Unit::Option => "<option>x",
            Unit::EmptyP => "<p></p>",
            Unit::Br => "<br>",
            Unit::Img => "<img src=x>",
            Unit::CloseB => "x</b>",
            Unit::Figure => "<figure><img src=x><figcaption>x</figcaption></figure>",
            Unit::Svg => "<svg>x",
            Unit::Table => "<table>x",
            Unit::Template => "<template>x",
        }
    }
}

/// Attributes past the count: `n` junk ones (` a0=v a1=v …`), then the
/// ones tree construction or the crate reads, last, where a limit cuts
/// them off first.
#[derive(Clone, Debug)]
pub struct Flood {
    n: u16,
    last: Vec<Relevant>,
}

impl<'a> Arbitrary<'a> for Flood {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Flood {
            n: u.arbitrary()?,
            last: few(u, 4)?,
        })
    }
}

#[derive(Clone, Copy, Debug, Arbitrary)]
pub enum Relevant {
    Color,
    Face,
    Size,
    TypeHidden,
    Encoding,
    Src,
    DataSrc,
    Srcset,
    Href,
    Class,
    Datetime,
    Poster,
    /// A duplicate of the first junk attribute (dropped by the standard).
    Duplicate,
}

impl Relevant {
    fn attr(self) -> &'static str {
        match self {
            Relevant::Color => " color=red",
            Relevant::Face => " face=serif",
            Relevant::Size => " size=4",
            Relevant::TypeHidden => " type=hidden",
            Relevant::Encoding => " encoding=text/html",
            Relevant::Src => " src=\"/img/z.jpg\"",
            Relevant::DataSrc => " data-src=\"/img/y.jpg\"",
            Relevant::Srcset => " srcset=\"/img/w.jpg 800w\"",
            Relevant::Href => " href=\"/a/9.html\"",
            Relevant::Class => " class=c0",
            Relevant::Datetime => " datetime=\"2021-11-19 06:07:13\"",
            Relevant::Poster => " poster=\"/img/p.jpg\"",
            Relevant::Duplicate => " a0=dup",
        }
    }
}

impl Flood {
    fn render(&self, out: &mut String, budget: &mut usize) {
        let n = spend(budget, skewed(self.n, 300), 8);
        for i in 0..n {
            out.push_str(&format!(" a{i}=v"));
        }
        for r in &self.last {
            out.push_str(r.attr());
        }
    }
}

/// A `<figure>` in one piece: up to five parts in order, one of which may
/// be a figure of its own (of up to three parts, no deeper), so that the
/// shapes of nested figures (a caption before, between, after; a twin of
/// the inner image after the inner figure) come often.
#[derive(Debug)]
pub struct Figure {
    parts: Vec<FigurePart>,
    /// Write `</figure>` (else leave it open).
    close: bool,
}

impl<'a> Arbitrary<'a> for Figure {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let n = u.int_in_range(1u8..=5)?;
        let mut inner = false;
        let mut parts = Vec::new();
        for _ in 0..n {
            let part = FigurePart::arbitrary_at(u, !inner)?;
            inner |= matches!(part, FigurePart::Inner(_));
            parts.push(part);
        }
        Ok(Figure {
            parts,
            close: u.ratio(7u8, 8)?,
        })
    }
}

#[derive(Debug)]
pub enum FigurePart {
    /// `<figcaption>text <cite>credit</cite></figcaption>`.
    Caption(Text, Option<Text>),
    /// A caption inside a wrapper: `<div><figcaption>…</figcaption></div>`.
    WrappedCaption(Text),
    Image(Image),
    /// `<noscript><img></noscript>`, of the last image or another.
    Twin {
        same: bool,
        other: Src,
    },
    Picture {
        source: Src,
        img: Src,
    },
    /// The image inside a link or a wrapper: `<a href><img></a>`.
    WrappedImage(Src),
    VoaCaption(Text),
    Text(Text),
    Inner(Vec<FigurePart>),
}

impl FigurePart {
    // Captions, images, twins and inner figures weigh most: they are
    // what the pairing rules pair.
    fn arbitrary_at(u: &mut Unstructured<'_>, may_nest: bool) -> Result<Self> {
        let last = if may_nest { 13 } else { 11 };
        Ok(match u.int_in_range(0u8..=last)? {
            0 | 1 => FigurePart::Caption(u.arbitrary()?, u.arbitrary()?),
            2 => FigurePart::Caption(u.arbitrary()?, None),
            3 => FigurePart::WrappedCaption(u.arbitrary()?),
            4 | 5 => FigurePart::Image(u.arbitrary()?),
            6 | 7 => FigurePart::Twin {
                same: u.ratio(3u8, 4)?,
                other: u.arbitrary()?,
            },
            8 => FigurePart::Picture {
                source: u.arbitrary()?,
                img: u.arbitrary()?,
            },
            9 => FigurePart::WrappedImage(u.arbitrary()?),
            10 => FigurePart::VoaCaption(u.arbitrary()?),
            11 => FigurePart::Text(u.arbitrary()?),
            _ => {
                let n = u.int_in_range(1u8..=3)?;
                let mut parts = Vec::new();
                for _ in 0..n {
                    parts.push(FigurePart::arbitrary_at(u, false)?);
                }
                FigurePart::Inner(parts)
            }
        })
    }
}

/// The body's own date line, in the outlets' shapes (and broken ones).
#[derive(Clone, Copy, Debug, Arbitrary)]
pub enum DateLine {
    /// `<div><i>Wed, 22 Feb 2023 17:22:43 GMT</i></div>`.
    Voa,
    /// Byline and ISO date in the italic line.
    VoaByline,
    /// Two authors, local time.
    Authors,
    /// `<address>…</address><time datetime>…</time>`.
    AddressTime,
    /// `<div>13/05/2021 - 00:02</div>`.
    Rfi,
    /// A relative time in a `<time dateTime>`.
    Relative,
    /// Only a byline.
    Undated,
    /// A year past 9999.
    FarFuture,
    /// The feeds' `null` placeholder.
    Null,
}

impl DateLine {
    fn render(self) -> &'static str {
        match self {
            DateLine::Voa => "<div><i>Wed, 22 Feb 2023 17:22:43 GMT</i></div>",
            DateLine::VoaByline => "<div><i>Ann Lee<br>2023-02-22T17:22:43.000Z</i></div>",
            DateLine::Authors => "<div><i>Ann Lee,Bo Chen<br>2023-02-22 17:22:43</i></div>",
            DateLine::AddressTime => {
                "<address>Ann Lee</address><time datetime=\"2021-11-19 06:07:13\">2021年11月19日</time>"
            }
            DateLine::Rfi => "<div>13/05/2021 - 00:02</div>",
            DateLine::Relative => {
                "<main role=\"main\"><div></div><div><time dateTime=\"2023-02-15\">28 分钟前</time></div></main>"
            }
            DateLine::Undated => "<div><i>Ann Lee</i></div>",
            DateLine::FarFuture => "<div><i>Tue, 13 Feb 12024 02:51:15 GMT</i></div>",
            DateLine::Null => "<div><i>null<br>Wed, 22 Feb 2023 17:22:43 GMT</i></div>",
        }
    }
}

const FOOTER: &str =
    "<hr><div>获取更多RSS：<br><a href=\"https://feedx.net\">https://feedx.net</a></div>";

/// A short run of text: a mark naming the leaf (unless `bare`), then up to
/// four words.
#[derive(Clone, Debug)]
pub struct Text {
    bare: bool,
    words: Vec<Word>,
}

impl<'a> Arbitrary<'a> for Text {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Text {
            bare: u.ratio(1u8, 8)?,
            words: few(u, 4)?,
        })
    }
}

/// Up to `max` items. `Vec`'s own `Arbitrary` may take a length as long as
/// the input, which would spend a whole input on one text leaf.
fn few<'a, T: Arbitrary<'a>>(u: &mut Unstructured<'a>, max: u8) -> Result<Vec<T>> {
    let n = u.int_in_range(0..=max)?;
    (0..n).map(|_| u.arbitrary()).collect()
}

#[derive(Clone, Copy, Debug, Arbitrary)]
pub enum Word {
    Latin,
    Latin2,
    Cjk,
    Cjk2,
    Amp,
    Nbsp,
    NewlineRef,
    Lt,
    Space,
    Ideographic,
    Tab,
    Newline,
    Copyright,
    Dash,
    Digits,
    Null,
    FooterLike,
    Date,
    Quote,
    Colon,
}

impl Word {
    fn render(self) -> &'static str {
        match self {
            Word::Latin => "ok",
            Word::Latin2 => "word",
            Word::Cjk => "说",
            Word::Cjk2 => "图片",
            Word::Amp => "&amp;",
            Word::Nbsp => "&nbsp;",
            Word::NewlineRef => "&#10;",
            Word::Lt => "&lt;b&gt;",
            Word::Space => " ",
            Word::Ideographic => "\u{3000}",
            Word::Tab => "\t",
            Word::Newline => "\n",
            Word::Copyright => "©",
            Word::Dash => "—",
            Word::Digits => "42",
            Word::Null => "null",
            Word::FooterLike => "获取更多RSS：",
            Word::Date => "2023-02-22",
            Word::Quote => "“q”",
            Word::Colon => "：",
        }
    }
}

const MARKS: &[char] = &[
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S',
    'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'α', 'β', 'γ', 'δ', 'ε', 'ζ', 'η', 'θ', 'κ', 'λ', 'μ', 'ν',
    'ξ', 'π', 'ρ', 'σ', 'τ', 'φ', 'χ', 'ψ', 'ω', '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩',
];

/// The renderer's state: the output, the wrappers open, what is left of
/// the budget, the last image's address, the next text mark.
struct Out {
    html: String,
    open: Vec<(Wrapper, usize)>,
    budget: usize,
    last_src: &'static str,
    marks: usize,
}

impl Out {
    fn text(&mut self, t: &Text) {
        if !t.bare {
            self.html.push(MARKS[self.marks % MARKS.len()]);
            self.marks += 1;
        }
        for w in &t.words {
            self.html.push_str(w.render());
        }
    }

    fn image(&mut self, img: &Image) {
        self.html.push_str("<img");
        if let Some(s) = img.src {
            self.html.push_str(&format!(" src=\"{}\"", s.url()));
            self.last_src = s.url();
        }
        if let Some(s) = img.data_src {
            self.html.push_str(&format!(" data-src=\"{}\"", s.url()));
        }
        if let Some(s) = img.srcset {
            self.html.push_str(&format!(" srcset=\"{} 800w\"", s.url()));
        }
        if let Some(w) = img.alt {
            self.html.push_str(&format!(" alt=\"{}\"", w.render()));
        }
        if let Some(f) = &img.flood {
            f.render(&mut self.html, &mut self.budget);
        }
        self.html
            .push_str(if img.self_closing { "/>" } else { ">" });
    }

    fn player(&mut self, p: Player) {
        let poster = p.poster.map(Src::url);
        let (open, close) = match p.kind {
            PlayerKind::Video => (
                "<video src=\"https://av.example.com/v.mp4\" controls",
                "</video>",
            ),
            PlayerKind::Audio => (
                "<audio src=\"https://av.example.com/a.mp3\" controls",
                "</audio>",
            ),
            PlayerKind::Iframe => (
                "<iframe width=\"100%\" src=\"https://www.youtube.com/embed/abc\" frameborder=\"0\"",
                "</iframe>",
            ),
            PlayerKind::Object => ("<object data=\"https://av.example.com/o.swf\"", "</object>"),
            PlayerKind::Embed => ("<embed src=\"https://av.example.com/e.swf\"", ""),
        };
        self.html.push_str(open);
        if let Some(poster) = poster {
            self.html.push_str(&format!(" poster=\"{poster}\""));
        }
        self.html.push('>');
        if p.fallback {
            self.text(&Text {
                bare: false,
                words: vec![Word::Latin2],
            });
        }
        self.html.push_str(close);
        if p.noscript {
            self.html.push_str(&format!(
                "<noscript><img src=\"{}\"></noscript>",
                poster.unwrap_or("a.jpg")
            ));
        }
        if p.caption {
            self.html.push_str("<div><small>");
            self.text(&Text {
                bare: false,
                words: vec![Word::Cjk],
            });
            self.html.push_str("</small></div>");
        }
    }

    fn figure_part(&mut self, part: &FigurePart) {
        match part {
            FigurePart::Caption(t, credit) => {
                self.piece(&Piece::Figcaption(t.clone(), credit.clone()));
            }
            FigurePart::WrappedCaption(t) => {
                self.html.push_str("<div>");
                self.piece(&Piece::Figcaption(t.clone(), None));
                self.html.push_str("</div>");
            }
            FigurePart::Image(img) => self.image(img),
            FigurePart::Twin { same, other } => self.piece(&Piece::Twin {
                same: *same,
                other: *other,
            }),
            FigurePart::Picture { source, img } => self.piece(&Piece::Picture {
                source: *source,
                img: *img,
                webp: true,
            }),
            FigurePart::WrappedImage(src) => {
                self.html.push_str(&format!(
                    "<a href=\"/a/4.html\"><img src=\"{}\"></a>",
                    src.url()
                ));
                self.last_src = src.url();
            }
            FigurePart::VoaCaption(t) => self.piece(&Piece::VoaCaption(t.clone())),
            FigurePart::Text(t) => self.text(t),
            // One level only (the generator nests no deeper).
            FigurePart::Inner(parts) => {
                self.html.push_str("<figure>");
                for p in parts {
                    if !matches!(p, FigurePart::Inner(_)) {
                        self.figure_part(p);
                    }
                }
                self.html.push_str("</figure>");
            }
        }
    }

    fn piece(&mut self, piece: &Piece) {
        match piece {
            Piece::Open(w, repeat, flood) => {
                if self.open.len() >= MAX_OPEN {
                    return;
                }
                let mut one = String::new();
                w.open(&mut one);
                w.close(&mut one);
                let n = repeat.count(&mut self.budget, one.len() + 1);
                for i in 0..n {
                    w.open(&mut self.html);
                    if i == 0
                        && let Some(f) = flood
                    {
                        f.render(&mut self.html, &mut self.budget);
                    }
                    self.html.push('>');
                }
                self.open.push((*w, n));
            }
            Piece::Close => {
                if let Some((w, n)) = self.open.pop() {
                    for _ in 0..n {
                        w.close(&mut self.html);
                    }
                }
            }
            Piece::Stray(s) => {
                self.html.push_str("</");
                self.html.push_str(s.name());
                self.html.push('>');
            }
            Piece::Text(t) => self.text(t),
            Piece::Image(img) => self.image(img),
            Piece::Twin { same, other } => {
                let src = if *same { self.last_src } else { other.url() };
                self.html
                    .push_str(&format!("<noscript><img src=\"{src}\"></noscript>"));
            }
            Piece::Picture { source, img, webp } => {
                let kind = if *webp { " type=\"image/webp\"" } else { "" };
                self.html.push_str(&format!(
                    "<picture><source{kind} srcset=\"{}\"><img src=\"{}\" alt=\"Image\"></picture>",
                    source.url(),
                    img.url()
                ));
                self.last_src = img.url();
            }
            Piece::VoaCaption(t) => {
                self.html.push_str("<div><small style=\"color: #999;\">");
                self.text(t);
                self.html.push_str("</small></div>");
            }
            Piece::Small(t) => {
                self.html.push_str("<small>");
                self.text(t);
                self.html.push_str("</small>");
            }
            Piece::Figcaption(t, credit) => {
                self.html.push_str("<figcaption>");
                self.text(t);
                if let Some(c) = credit {
                    self.html.push_str(" <cite>");
                    self.text(c);
                    self.html.push_str("</cite>");
                }
                self.html.push_str("</figcaption>");
            }
            Piece::Player(p) => self.player(*p),
            Piece::Br => self.html.push_str("<br>"),
            Piece::Hr => self.html.push_str("<hr>"),
            Piece::Cdata(t) => {
                self.html.push_str("<![CDATA[");
                self.text(t);
                self.html.push_str("]]>");
            }
            Piece::Comment(t) => {
                self.html.push_str("<!--");
                self.text(t);
                self.html.push_str("-->");
            }
            Piece::Raw(tag, t) => {
                self.html.push('<');
                self.html.push_str(tag.name());
                self.html.push('>');
                self.text(t);
                self.html.push_str("</");
                self.html.push_str(tag.name());
                self.html.push('>');
            }
            Piece::Select(options) => {
                self.html.push_str("<select>");
                for o in options {
                    self.html.push_str("<option>");
                    self.text(o);
                    self.html.push_str("</option>");
                }
                self.html.push_str("</select>");
            }
            Piece::Input(flood) => {
                self.html.push_str("<input");
                if let Some(f) = flood {
                    f.render(&mut self.html, &mut self.budget);
                } else {
                    self.html.push_str(" type=hidden");
                }
                self.html.push('>');
            }
            Piece::Plaintext => self.html.push_str("<plaintext>"),
            Piece::Formatting { tag, n, distinct } => {
                let n = spend(&mut self.budget, skewed(*n, 300), 16);
                let name = match tag {
                    FormatTag::B => "b",
                    FormatTag::I => "i",
                    FormatTag::Em => "em",
                    FormatTag::Font => "font",
                    FormatTag::Span => "span",
                    FormatTag::A => "a",
                };
                for i in 0..n {
                    self.html.push('<');
                    self.html.push_str(name);
                    if *tag == FormatTag::A {
                        self.html.push_str(" href=/x");
                    }
                    if *distinct {
                        self.html.push_str(&format!(" class=c{i}"));
                    }
                    self.html.push('>');
                }
            }
            Piece::Run(unit, n) => {
                let n = spend(&mut self.budget, skewed(*n, 400), unit.render().len());
                for _ in 0..n {
                    self.html.push_str(unit.render());
                }
            }
            Piece::DateLine(d) => self.html.push_str(d.render()),
            Piece::Footer => self.html.push_str(FOOTER),
            Piece::Figure(f) => {
                self.html.push_str("<figure>");
                for part in &f.parts {
                    self.figure_part(part);
                }
                if f.close {
                    self.html.push_str("</figure>");
                }
            }
        }
    }
}

impl Doc {
    /// The body, as HTML.
    pub fn render(&self) -> String {
        let mut out = Out {
            html: String::new(),
            open: Vec::new(),
            budget: BUDGET,
            last_src: "a.jpg",
            marks: 0,
        };
        if let Some(d) = self.opening {
            out.html.push_str(d.render());
        }
        for piece in &self.pieces {
            out.piece(piece);
        }
        if self.close_all {
            while let Some((w, n)) = out.open.pop() {
                for _ in 0..n {
                    w.close(&mut out.html);
                }
            }
        }
        if self.footer {
            out.html.push_str(FOOTER);
        }
        out.html
    }

    /// The whole archive file: the fixed header over the body.
    pub fn input(&self) -> String {
        format!("{HEADER}{}", self.render())
    }
}
