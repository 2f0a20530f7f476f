//! Element names as the readers see them: [`Tag`], classified once when an
//! element is made, and the classes of tags the readers share (blocks,
//! cells, media, hidden content, flow roots).

use html5ever::{LocalName, QualName, local_name, ns};

/// The element names the body walker cares about; everything else is
/// [`Tag::Other`] and treated as an inline wrapper.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tag {
    A,
    Address,
    Article,
    Aside,
    Audio,
    B,
    Blockquote,
    Body,
    Br,
    Caption,
    Center,
    Cite,
    Dd,
    Details,
    Dialog,
    Dir,
    Div,
    Dl,
    Dt,
    Em,
    Embed,
    Fieldset,
    Figcaption,
    Figure,
    Footer,
    Form,
    Heading(u8),
    Header,
    Hgroup,
    Hr,
    Html,
    I,
    Iframe,
    Img,
    Legend,
    Li,
    Main,
    Menu,
    Nav,
    Noembed,
    Noframes,
    Noscript,
    Object,
    Ol,
    P,
    Picture,
    Pre,
    Script,
    Section,
    Small,
    Source,
    Span,
    Strong,
    Style,
    Summary,
    Table,
    Tbody,
    Td,
    Template,
    Tfoot,
    Th,
    Thead,
    Time,
    Tr,
    Ul,
    Video,
    /// A start tag whose name swallowed its first attribute because a space
    /// was missing, as in `<imgsrc="data:…" srcset="…">`: an image in intent.
    GluedImg,
    /// An SVG or MathML element named like an HTML element whose content
    /// is never shown, with no HTML meaning otherwise (`<svg><iframe>`).
    Hidden,
    Other,
}

impl Tag {
    /// The tag of an element named `name`. Only HTML elements have HTML
    /// meanings: an SVG `<image>` is no `<img>`, a MathML `<p>` no
    /// paragraph. In SVG and MathML only links keep theirs, and the names
    /// whose content is never shown (`<svg><style>`) stay hidden.
    pub(super) fn classify(name: &QualName) -> Tag {
        if name.ns != ns!(html) {
            return match name.local {
                local_name!("a") => Tag::A,
                local_name!("script") => Tag::Script,
                local_name!("style") => Tag::Style,
                local_name!("noembed") => Tag::Noembed,
                local_name!("noframes") => Tag::Noframes,
                local_name!("template") => Tag::Template,
                local_name!("iframe") => Tag::Hidden,
                _ => Tag::Other,
            };
        }
        Tag::classify_html(&name.local)
    }

    fn classify_html(local: &LocalName) -> Tag {
        match *local {
            local_name!("a") => Tag::A,
            local_name!("address") => Tag::Address,
            local_name!("article") => Tag::Article,
            local_name!("aside") => Tag::Aside,
            local_name!("audio") => Tag::Audio,
            local_name!("b") => Tag::B,
            local_name!("blockquote") => Tag::Blockquote,
            local_name!("body") => Tag::Body,
            local_name!("br") => Tag::Br,
            local_name!("caption") => Tag::Caption,
            local_name!("center") => Tag::Center,
            local_name!("cite") => Tag::Cite,
            local_name!("dd") => Tag::Dd,
            local_name!("details") => Tag::Details,
            local_name!("dialog") => Tag::Dialog,
            local_name!("dir") => Tag::Dir,
            local_name!("div") => Tag::Div,
            local_name!("dl") => Tag::Dl,
            local_name!("dt") => Tag::Dt,
            local_name!("em") => Tag::Em,
            local_name!("embed") => Tag::Embed,
            local_name!("fieldset") => Tag::Fieldset,
            local_name!("figcaption") => Tag::Figcaption,
            local_name!("figure") => Tag::Figure,
            local_name!("footer") => Tag::Footer,
            local_name!("form") => Tag::Form,
            local_name!("h1") => Tag::Heading(1),
            local_name!("h2") => Tag::Heading(2),
            local_name!("h3") => Tag::Heading(3),
            local_name!("h4") => Tag::Heading(4),
            local_name!("h5") => Tag::Heading(5),
            local_name!("h6") => Tag::Heading(6),
            local_name!("header") => Tag::Header,
            local_name!("hgroup") => Tag::Hgroup,
            local_name!("hr") => Tag::Hr,
            local_name!("html") => Tag::Html,
            local_name!("i") => Tag::I,
            local_name!("iframe") => Tag::Iframe,
            local_name!("img") | local_name!("image") => Tag::Img,
            local_name!("legend") => Tag::Legend,
            local_name!("li") => Tag::Li,
            local_name!("main") => Tag::Main,
            local_name!("menu") => Tag::Menu,
            local_name!("nav") => Tag::Nav,
            local_name!("noembed") => Tag::Noembed,
            local_name!("noframes") => Tag::Noframes,
            local_name!("noscript") => Tag::Noscript,
            local_name!("object") => Tag::Object,
            local_name!("ol") => Tag::Ol,
            local_name!("p") => Tag::P,
            local_name!("picture") => Tag::Picture,
            local_name!("pre") | local_name!("listing") | local_name!("xmp") => Tag::Pre,
            local_name!("script") => Tag::Script,
            local_name!("section") => Tag::Section,
            local_name!("small") => Tag::Small,
            local_name!("source") => Tag::Source,
            local_name!("span") => Tag::Span,
            local_name!("strong") => Tag::Strong,
            local_name!("style") => Tag::Style,
            local_name!("summary") => Tag::Summary,
            local_name!("table") => Tag::Table,
            local_name!("tbody") => Tag::Tbody,
            local_name!("td") => Tag::Td,
            local_name!("template") => Tag::Template,
            local_name!("tfoot") => Tag::Tfoot,
            local_name!("th") => Tag::Th,
            local_name!("thead") => Tag::Thead,
            local_name!("time") => Tag::Time,
            local_name!("tr") => Tag::Tr,
            local_name!("ul") => Tag::Ul,
            local_name!("video") => Tag::Video,
            _ => {
                let name: &str = local;
                if name.len() > 3 && name.starts_with("img") && name.contains('=') {
                    Tag::GluedImg
                } else {
                    Tag::Other
                }
            }
        }
    }
}

/// Block-level elements: their start and end separate paragraphs. Table
/// cells are not among them: a row reads as one line, cells apart.
pub(crate) fn is_block(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Address
            | Tag::Article
            | Tag::Aside
            | Tag::Blockquote
            | Tag::Body
            | Tag::Caption
            | Tag::Center
            | Tag::Dd
            | Tag::Details
            | Tag::Dialog
            | Tag::Dir
            | Tag::Div
            | Tag::Dl
            | Tag::Dt
            | Tag::Fieldset
            | Tag::Figcaption
            | Tag::Figure
            | Tag::Footer
            | Tag::Form
            | Tag::Heading(_)
            | Tag::Header
            | Tag::Hgroup
            | Tag::Hr
            | Tag::Html
            | Tag::Legend
            | Tag::Li
            | Tag::Main
            | Tag::Menu
            | Tag::Nav
            | Tag::Ol
            | Tag::P
            | Tag::Pre
            | Tag::Section
            | Tag::Summary
            | Tag::Table
            | Tag::Tbody
            | Tag::Tfoot
            | Tag::Thead
            | Tag::Tr
            | Tag::Ul
    )
}

/// Table cells: a space between them, not a new paragraph.
pub(crate) fn is_cell(tag: Tag) -> bool {
    matches!(tag, Tag::Td | Tag::Th)
}

/// Elements whose content is not text a reader sees.
pub(crate) fn is_non_text(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Script
            | Tag::Style
            | Tag::Iframe
            | Tag::Noembed
            | Tag::Noframes
            | Tag::Template
            | Tag::Hidden
    )
}

/// Elements that show an image or a player.
pub(crate) fn is_media(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Img | Tag::GluedImg | Tag::Video | Tag::Audio | Tag::Iframe | Tag::Embed | Tag::Object
    )
}

/// Elements that hold a run of blocks: captions and date lines are looked
/// for within one of their children, never across them.
pub(crate) fn is_flow_root(tag: Tag) -> bool {
    matches!(
        tag,
        Tag::Html
            | Tag::Body
            | Tag::Main
            | Tag::Article
            | Tag::Section
            | Tag::Li
            | Tag::Blockquote
            | Tag::Td
            | Tag::Th
    )
}
