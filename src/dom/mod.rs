//! The crate's only contact with HTML: html5ever parses the body into a
//! compact arena tree, and the rest of the crate reads that tree through
//! the small API below. Nothing here is public outside the crate.
//!
//! The arena stores nodes in a `Vec` and links them by index, so building
//! the tree costs one push per node and no reference counting; tag names are
//! classified once, at creation, into [`Tag`] so the walker compares small
//! enums instead of strings.

mod sink;
mod tokens;

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tree_builder::{ElementFlags, TreeBuilder, TreeBuilderOpts, TreeSink};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};

use sink::{Arena, Sink};
pub(crate) use tokens::{Limits, Stats};

/// Index of a node in the arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct NodeId(u32);

impl NodeId {
    #[inline]
    pub(crate) fn index(self) -> usize {
        self.0 as usize
    }
}

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
    Other,
}

impl Tag {
    pub(super) fn classify(local: &LocalName) -> Tag {
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

pub(crate) enum NodeKind {
    Document,
    Element(Element),
    Text(StrTendril),
    /// Comments, doctypes and processing instructions: kept as nodes so the
    /// tree builder's sibling bookkeeping stays simple, ignored by readers.
    Other,
}

pub(crate) struct Element {
    name: QualName,
    tag: Tag,
    attrs: Vec<Attribute>,
}

struct Node {
    parent: Option<NodeId>,
    first_child: Option<NodeId>,
    last_child: Option<NodeId>,
    prev_sibling: Option<NodeId>,
    next_sibling: Option<NodeId>,
    kind: NodeKind,
}

impl Node {
    fn new(kind: NodeKind) -> Node {
        Node {
            parent: None,
            first_child: None,
            last_child: None,
            prev_sibling: None,
            next_sibling: None,
            kind,
        }
    }
}

/// A parsed body: an arena of nodes and the root under which the body's
/// content hangs.
pub(crate) struct Dom {
    nodes: Vec<Node>,
    root: NodeId,
}

impl Dom {
    /// Parse `body` as the content of a `<body>` element (the HTML fragment
    /// parsing algorithm with `body` as context), as a browser would for
    /// `body.innerHTML = …`, within `limits`.
    pub(crate) fn parse_body(body: &str, limits: Limits) -> (Dom, Stats) {
        let sink = Sink {
            arena: RefCell::new(Arena::new()),
        };
        let context = sink.create_element(
            QualName::new(None, ns!(html), local_name!("body")),
            Vec::new(),
            ElementFlags::default(),
        );
        let tree_builder = TreeBuilder::new_for_fragment(
            sink,
            context,
            None,
            TreeBuilderOpts {
                // With scripting off, `<noscript>` content is parsed as
                // markup: lazy-loading twins hide their real `<img>` there.
                scripting_enabled: false,
                ..TreeBuilderOpts::default()
            },
        );
        let stats = tokens::tokenize(body, &tree_builder, limits);
        let arena = tree_builder.sink.arena.into_inner();
        (arena.into_dom(), stats)
    }

    #[cfg(test)]
    pub(crate) fn parse_body_default(body: &str) -> Dom {
        Dom::parse_body(body, Limits::default()).0
    }

    /// The element whose children are the body's top-level nodes.
    pub(crate) fn root(&self) -> NodeId {
        self.root
    }

    /// Number of nodes, for per-node side tables.
    pub(crate) fn len(&self) -> usize {
        self.nodes.len()
    }

    #[inline]
    #[allow(clippy::indexing_slicing)] // `NodeId`s are minted by this arena only
    fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    pub(crate) fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).parent
    }

    pub(crate) fn first_child(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).first_child
    }

    pub(crate) fn last_child(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).last_child
    }

    pub(crate) fn next_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).next_sibling
    }

    pub(crate) fn prev_sibling(&self, id: NodeId) -> Option<NodeId> {
        self.node(id).prev_sibling
    }

    /// The children of `id`, first to last.
    pub(crate) fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            dom: self,
            next: self.first_child(id),
        }
    }

    /// The element's tag, or `None` for text and other nodes.
    #[inline]
    pub(crate) fn tag(&self, id: NodeId) -> Option<Tag> {
        match &self.node(id).kind {
            NodeKind::Element(e) => Some(e.tag),
            _ => None,
        }
    }

    /// The text of a text node.
    #[inline]
    pub(crate) fn text(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).kind {
            NodeKind::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The element's local name as written (lower-cased by the tokenizer).
    pub(crate) fn local_name(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).kind {
            NodeKind::Element(e) => Some(&e.name.local),
            _ => None,
        }
    }

    /// The value of attribute `name` (lower-case, no namespace).
    pub(crate) fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        match &self.node(id).kind {
            NodeKind::Element(e) => e
                .attrs
                .iter()
                .find(|a| a.name.ns == ns!() && &*a.name.local == name)
                .map(|a| &*a.value),
            _ => None,
        }
    }

    /// The value of attribute `name` in any namespace (SVG's `xlink:href`).
    pub(crate) fn attr_in_any_namespace(&self, id: NodeId, name: &str) -> Option<&str> {
        match &self.node(id).kind {
            NodeKind::Element(e) => e
                .attrs
                .iter()
                .find(|a| &*a.name.local == name)
                .map(|a| &*a.value),
            _ => None,
        }
    }

    /// Whether any token of the `class` attribute contains `needle`
    /// (ASCII case-insensitively).
    pub(crate) fn class_contains(&self, id: NodeId, needle: &str) -> bool {
        self.attr(id, "class").is_some_and(|class| {
            class
                .split_ascii_whitespace()
                .any(|token| contains_ignore_ascii_case(token, needle))
        })
    }
}

fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    n.is_empty() || h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
}

pub(crate) struct Children<'a> {
    dom: &'a Dom,
    next: Option<NodeId>,
}

impl Iterator for Children<'_> {
    type Item = NodeId;

    fn next(&mut self) -> Option<NodeId> {
        let id = self.next?;
        self.next = self.dom.next_sibling(id);
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as `name[attr=value](children)`, text inline, comments
    /// left out: comparable with the same outline of html5ever's RcDom.
    fn outline(dom: &Dom) -> String {
        // Explicit stack: the same discipline the crate keeps everywhere.
        let mut out = String::new();
        let mut stack = vec![(dom.root(), false)];
        while let Some((id, exiting)) = stack.pop() {
            if exiting {
                out.push(')');
                continue;
            }
            if let Some(t) = dom.text(id) {
                out.push_str(t);
                continue;
            }
            if let NodeKind::Element(e) = &dom.node(id).kind {
                push_name(&mut out, &e.name, &e.attrs);
                stack.push((id, true));
                let kids: Vec<_> = dom.children(id).collect();
                stack.extend(kids.into_iter().rev().map(|k| (k, false)));
            }
        }
        out
    }

    fn push_name(out: &mut String, name: &QualName, attrs: &[Attribute]) {
        if name.ns != ns!(html) {
            out.push_str(&name.ns);
            out.push(':');
        }
        out.push_str(&name.local);
        for a in attrs {
            out.push_str(&format!("[{}{}={}]", a.name.ns, a.name.local, a.value));
        }
        out.push('(');
    }

    /// The same outline of the reference DOM, html5ever's own tokenizer
    /// and `markup5ever_rcdom`.
    fn reference_outline(body: &str) -> String {
        use html5ever::tendril::TendrilSink;
        use html5ever::tokenizer::TokenizerOpts;
        use markup5ever_rcdom::{NodeData, RcDom};
        let opts = html5ever::ParseOpts {
            tokenizer: TokenizerOpts {
                discard_bom: false,
                ..TokenizerOpts::default()
            },
            tree_builder: TreeBuilderOpts {
                scripting_enabled: false,
                ..TreeBuilderOpts::default()
            },
        };
        let dom = html5ever::parse_fragment(
            RcDom::default(),
            opts,
            QualName::new(None, ns!(html), local_name!("body")),
            vec![],
            false,
        )
        .one(body);
        let root = dom.document.children.borrow()[0].clone();
        let mut out = String::new();
        let mut stack = vec![(root, false)];
        while let Some((node, exiting)) = stack.pop() {
            if exiting {
                out.push(')');
                continue;
            }
            match &node.data {
                NodeData::Text { contents } => out.push_str(&contents.borrow()),
                NodeData::Element { name, attrs, .. } => {
                    push_name(&mut out, name, &attrs.borrow());
                    stack.push((node.clone(), true));
                    let kids: Vec<_> = node.children.borrow().iter().cloned().collect();
                    stack.extend(kids.into_iter().rev().map(|k| (k, false)));
                }
                _ => {}
            }
        }
        out
    }

    /// Pieces of markup that exercise the tokenizer and tree builder's
    /// odd corners: raw-text elements, foreign content, CDATA, tables,
    /// misnesting, character references, NUL, CR, BOM, duplicate
    /// attributes.
    const PIECES: &[&str] = &[
        "<div>",
        "</div>",
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<i>",
        "</i>",
        "<a href=x>",
        "</a>",
        "<table>",
        "<tr>",
        "<td>",
        "</td>",
        "</table>",
        "<svg>",
        "</svg>",
        "<math>",
        "<![CDATA[x]]>",
        "<script>",
        "</script>",
        "<style>",
        "</style>",
        "<textarea>",
        "</textarea>",
        "<title>",
        "</title>",
        "<noscript>",
        "</noscript>",
        "<iframe>",
        "</iframe>",
        "<plaintext>",
        "<!--",
        "-->",
        "<!doctype html>",
        "&amp;",
        "&lt",
        "&#x41;",
        "&#0;",
        "&notin;",
        "&noti",
        "\r\n",
        "\r",
        "\n",
        "\0",
        "\u{feff}",
        "x",
        "字",
        " ",
        "\t",
        "<",
        ">",
        "/",
        "\"",
        "'",
        "=",
        "<img src=a alt='b'>",
        "<br/>",
        "<li>",
        "<ul>",
        "</ul>",
        "<select>",
        "<option>",
        "<template>",
        "</template>",
        "<body class=x>",
        "<html lang=y>",
        "<head>",
        "<form>",
        "</form>",
        "<button>",
        "<xmp>",
        "</xmp>",
        "<a b=1 b=2 c>",
        "<foo:bar>",
        "<p/>",
        "</br>",
        "</p >",
        "<!a>",
        "<?x?>",
        "\u{0c}",
        "<noembed>",
        "</noembed>",
        "<image>",
        "<font color=red>",
        "<nobr>",
        "<marquee>",
        "<object>",
        "<caption>",
        "<col>",
        "<h1>",
        "</h1>",
        "<imgsrc=\"data:x\" srcset=y>",
        "<sourcetype=\"a/b\"srcset=\"c\"sizes=\"\"/>",
        "<small>",
        "</small>",
        "<figure>",
        "<figcaption>",
        "<video src=v controls>",
        "</video>",
        "<math><mi>",
        "<svg><foreignObject>",
        "<desc>",
        "<frameset>",
        "<frame>",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// html5gum feeding html5ever's tree builder builds exactly the tree
        /// html5ever's own tokenizer builds.
        #[test]
        fn same_tree_as_html5ever_tokenizer(pieces in proptest::collection::vec(0..PIECES.len(), 0..60)) {
            let body: String = pieces.iter().map(|&i| PIECES[i]).collect();
            let ours = outline(&Dom::parse_body_default(&body));
            proptest::prop_assert_eq!(ours, reference_outline(&body), "input {:?}", body);
        }
    }

    #[test]
    fn builds_fragment_under_html_root() {
        let dom = Dom::parse_body_default("<p>a<b>b</b></p>c");
        assert_eq!(outline(&dom), "html(p(ab(b))c)");
    }

    #[test]
    fn adoption_agency_moves_nodes() {
        let dom = Dom::parse_body_default("<b>1<p>2</b>3</p>");
        assert_eq!(outline(&dom), "html(b(1)p(b(2)3))");
    }

    #[test]
    fn foster_parenting_inserts_before_table() {
        let dom = Dom::parse_body_default("<table>x<tr><td>y</td></tr></table>");
        assert_eq!(outline(&dom), "html(xtable(tbody(tr(td(y)))))");
    }

    #[test]
    fn noscript_content_is_markup() {
        let dom = Dom::parse_body_default("<noscript><img src=a></noscript>");
        assert_eq!(outline(&dom), "html(noscript(img[src=a]()))");
    }

    #[test]
    fn glued_attribute_is_recognised_as_image() {
        let dom = Dom::parse_body_default(r#"<imgsrc="data:x" alt="a" srcset="b.jpg">"#);
        let img = dom.first_child(dom.root()).map(|n| dom.tag(n));
        assert_eq!(img, Some(Some(Tag::GluedImg)));
    }

    #[test]
    fn attributes_and_classes() {
        let dom = Dom::parse_body_default(r#"<div class="wp-caption alignnone" srcSet="x"></div>"#);
        let div = dom.first_child(dom.root()).unwrap();
        assert_eq!(dom.attr(div, "srcset"), Some("x"));
        assert!(dom.class_contains(div, "WP-CAPTION"));
        assert!(!dom.class_contains(div, "figure"));
    }
}
