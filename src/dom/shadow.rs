//! What the nesting limit drops, followed closely enough to keep the text
//! what it would have been.
//!
//! Past [`Limits::max_depth`](super::Limits) the token filter stops
//! passing start tags to the tree builder. For most elements that changes
//! only the shape of the tree: their text flows into the deepest element
//! still open. A few elements change *what is text* in their subtree:
//!
//! - SVG and MathML (*foreign content*): `<![CDATA[…]]>` is text there and
//!   a bogus comment elsewhere; `<style>`, `<title>`, `<textarea>` are
//!   plain elements there and raw text elsewhere; some HTML tags end the
//!   island, and integration points (`<foreignObject>`, `<mtext>`,
//!   `<annotation-xml encoding=text/html>`) hold HTML again.
//! - `<template>`: its content is inert, never shown.
//! - `<script>`, `<style>` and the like hide their text, in any namespace.
//!
//! So when the limit drops one of these (or anything inside foreign
//! content) the filter opens a *shadow*: a stack of the dropped elements
//! kept by the tree-construction rules that decide text, and nothing
//! more. While it is open the tree builder receives only the text the
//! shadow lets through; the shadow tells the tokenizer which state a
//! start tag switches to and whether `<![CDATA[` opens a section, and it
//! closes where the standard would close the dropped subtree. Every
//! operation is amortised constant time: elements are matched by name
//! through per-name stacks, never by a walk down the shadow.

use std::collections::HashMap;

use html5ever::{LocalName, local_name};
use html5gum::State;

use super::ElementNs;

/// A dropped element as the shadow keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// An HTML element inside foreign content's HTML (an integration
    /// point's content) or inside a template.
    Html,
    /// A `<template>`: its content is HTML, and hidden.
    Template,
    /// An SVG or MathML element.
    Foreign { ns: ElementNs, point: Point },
}

/// Where foreign content holds HTML again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Point {
    /// Not an integration point.
    None,
    /// SVG `<foreignObject>`, `<desc>`, `<title>`; MathML
    /// `<annotation-xml>` with an HTML `encoding`: start tags and text are
    /// HTML.
    Html,
    /// MathML `<mi>`, `<mo>`, `<mn>`, `<ms>`, `<mtext>`: text and start
    /// tags but `<mglyph>` and `<malignmark>` are HTML.
    MathText,
    /// A MathML `<annotation-xml>` that is no integration point: only an
    /// `<svg>` start tag is read as HTML.
    Annotation,
}

struct Entry {
    name: LocalName,
    kind: Kind,
    hidden: bool,
}

/// The formatting elements: the tree builder keeps them in its list of
/// active formatting elements and reopens them after a block closes them.
pub(super) fn is_formatting(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("a")
            | local_name!("b")
            | local_name!("big")
            | local_name!("code")
            | local_name!("em")
            | local_name!("font")
            | local_name!("i")
            | local_name!("nobr")
            | local_name!("s")
            | local_name!("small")
            | local_name!("strike")
            | local_name!("strong")
            | local_name!("tt")
            | local_name!("u")
    )
}

/// End tags the standard reads by scope ("has an element in scope"): the
/// walk passes special elements and stops only at a scope marker
/// ([`is_scope_marker`]). Other end tags (but formatting ones) stop at any
/// special element.
fn closes_by_scope(name: &LocalName) -> bool {
    (closes_p(name) && *name != local_name!("p"))
        || (is_table_part(name) && !matches!(*name, local_name!("colgroup") | local_name!("head")))
        || matches!(
            *name,
            local_name!("applet")
                | local_name!("button")
                | local_name!("marquee")
                | local_name!("object")
                | local_name!("select")
        )
}

/// Start tags "in body" ignores: the parts of a table, outside one.
pub(super) fn is_table_part(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("caption")
            | local_name!("colgroup")
            | local_name!("head")
            | local_name!("tbody")
            | local_name!("td")
            | local_name!("tfoot")
            | local_name!("th")
            | local_name!("thead")
            | local_name!("tr")
    )
}

/// The elements that set a table insertion mode when they are the
/// nearest such element open: a table, its row groups, rows, cells,
/// caption and column group.
pub(super) fn is_table_context(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("table")
            | local_name!("tbody")
            | local_name!("thead")
            | local_name!("tfoot")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
            | local_name!("caption")
            | local_name!("colgroup")
    )
}

/// Whether the start tag `name`, read in the table insertion mode that
/// the nearest open `context` sets, first closes what is open above a
/// table, row group, row or cell: a table part ("clear the stack back to
/// a table context", "close the cell"), or a table in a table or its
/// parts (which closes the table). A table in a cell or caption nests.
pub(super) fn closes_back_in_table(name: &LocalName, context: &LocalName) -> bool {
    let part = is_table_part(name) && *name != local_name!("head");
    match *context {
        local_name!("table")
        | local_name!("tbody")
        | local_name!("thead")
        | local_name!("tfoot")
        | local_name!("tr") => part || *name == local_name!("table"),
        local_name!("td")
        | local_name!("th")
        | local_name!("caption")
        | local_name!("colgroup") => part,
        _ => false,
    }
}

/// HTML start tags that close an open `<p>` (in button scope) first.
pub(super) fn closes_p(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("address")
            | local_name!("article")
            | local_name!("aside")
            | local_name!("blockquote")
            | local_name!("center")
            | local_name!("dd")
            | local_name!("details")
            | local_name!("dialog")
            | local_name!("dir")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("fieldset")
            | local_name!("figcaption")
            | local_name!("figure")
            | local_name!("footer")
            | local_name!("form")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("header")
            | local_name!("hgroup")
            | local_name!("li")
            | local_name!("listing")
            | local_name!("main")
            | local_name!("menu")
            | local_name!("nav")
            | local_name!("ol")
            | local_name!("p")
            | local_name!("pre")
            | local_name!("search")
            | local_name!("section")
            | local_name!("summary")
            | local_name!("table")
            | local_name!("ul")
    )
}

/// Where "has an element in scope" stops looking, as html5ever has it:
/// the standard's markers but MathML `<annotation-xml>`, and `<select>`.
fn is_scope_marker(name: &LocalName, kind: Kind) -> bool {
    match kind {
        Kind::Template => true,
        Kind::Foreign { ns, point } => match point {
            Point::MathText => true,
            Point::Html => ns == ElementNs::Svg,
            Point::None | Point::Annotation => false,
        },
        Kind::Html => matches!(
            *name,
            local_name!("applet")
                | local_name!("caption")
                | local_name!("html")
                | local_name!("table")
                | local_name!("td")
                | local_name!("th")
                | local_name!("marquee")
                | local_name!("object")
                | local_name!("select")
        ),
    }
}

/// How the shadow would keep an element the tree builder holds.
fn kind_of(ns: ElementNs, name: &LocalName, html_encoding: bool) -> Kind {
    match ns {
        ElementNs::Html if *name == local_name!("template") => Kind::Template,
        ElementNs::Html => Kind::Html,
        ElementNs::Svg | ElementNs::MathMl => Kind::Foreign {
            ns,
            point: point_of(ns, name, html_encoding),
        },
    }
}

/// Whether an element the tree builder holds is a scope marker (see
/// [`is_scope_marker`]).
pub(super) fn is_marker_element(ns: ElementNs, name: &LocalName, html_encoding: bool) -> bool {
    is_scope_marker(name, kind_of(ns, name, html_encoding))
}

/// Whether an element the tree builder holds is special (see
/// [`is_special`]).
pub(super) fn is_special_element(ns: ElementNs, name: &LocalName, html_encoding: bool) -> bool {
    is_special(name, kind_of(ns, name, html_encoding))
}

/// Whether a dropped HTML element is special.
pub(super) fn is_special_html(name: &LocalName) -> bool {
    is_special(name, Kind::Html)
}

/// Whether the standard's end-tag walk stops at an element (the
/// *special* category, as html5ever has it): an end tag that reaches one
/// unmatched is ignored.
fn is_special(name: &LocalName, kind: Kind) -> bool {
    match kind {
        Kind::Template => true,
        // html5ever (the tree builder followed here) has no foreign
        // element in the category.
        Kind::Foreign { .. } => false,
        Kind::Html => matches!(
            *name,
            local_name!("address")
                | local_name!("applet")
                | local_name!("area")
                | local_name!("article")
                | local_name!("aside")
                | local_name!("base")
                | local_name!("basefont")
                | local_name!("bgsound")
                | local_name!("blockquote")
                | local_name!("body")
                | local_name!("br")
                | local_name!("button")
                | local_name!("caption")
                | local_name!("center")
                | local_name!("col")
                | local_name!("colgroup")
                | local_name!("dd")
                | local_name!("details")
                | local_name!("dir")
                | local_name!("div")
                | local_name!("dl")
                | local_name!("dt")
                | local_name!("embed")
                | local_name!("fieldset")
                | local_name!("figcaption")
                | local_name!("figure")
                | local_name!("footer")
                | local_name!("form")
                | local_name!("frame")
                | local_name!("frameset")
                | local_name!("h1")
                | local_name!("h2")
                | local_name!("h3")
                | local_name!("h4")
                | local_name!("h5")
                | local_name!("h6")
                | local_name!("head")
                | local_name!("header")
                | local_name!("hgroup")
                | local_name!("hr")
                | local_name!("html")
                | local_name!("iframe")
                | local_name!("img")
                | local_name!("input")
                | local_name!("isindex")
                | local_name!("keygen")
                | local_name!("li")
                | local_name!("link")
                | local_name!("listing")
                | local_name!("main")
                | local_name!("marquee")
                | local_name!("menu")
                | local_name!("meta")
                | local_name!("nav")
                | local_name!("noembed")
                | local_name!("noframes")
                | local_name!("noscript")
                | local_name!("object")
                | local_name!("ol")
                | local_name!("p")
                | local_name!("param")
                | local_name!("plaintext")
                | local_name!("pre")
                | local_name!("script")
                | local_name!("section")
                | local_name!("select")
                | local_name!("source")
                | local_name!("style")
                | local_name!("summary")
                | local_name!("table")
                | local_name!("tbody")
                | local_name!("td")
                | local_name!("template")
                | local_name!("textarea")
                | local_name!("tfoot")
                | local_name!("th")
                | local_name!("thead")
                | local_name!("title")
                | local_name!("tr")
                | local_name!("track")
                | local_name!("ul")
                | local_name!("wbr")
                | local_name!("xmp")
        ),
    }
}

/// What the filter does with a token the shadow has seen.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Outcome {
    /// The shadow took it: nothing goes to the tree builder.
    Taken,
    /// The shadow closed before this token: the filter handles it as if
    /// there had been no shadow.
    Closed,
    /// An end tag that matches nothing dropped, in foreign content or
    /// past dropped HTML elements none of which stops the walk (none is
    /// special): the standard's walk goes on into the elements the tree
    /// builder holds.
    /// If one of them has its name, the dropped subtree closes with them
    /// (the filter [clears](Shadow::clear) the shadow); otherwise the tag
    /// is ignored and the shadow stays open.
    Unmatched,
    /// A formatting end tag for an element the tree builder holds, with
    /// no scope marker dropped: the adoption agency runs there. It pops
    /// the elements above the topmost special element (each of its rounds
    /// moves past one), so the filter [adopts](Shadow::adopt): keeps the
    /// dropped elements up to the topmost special one, or none.
    Adopt,
}

/// A copy of a formatting element the adoption agency left when its
/// rounds ran out: between the entries (`at` of them below it), with
/// `extra` special elements dropped before the shadow still above it.
struct Copied {
    name: LocalName,
    at: usize,
    extra: usize,
}

#[derive(Default)]
pub(super) struct Shadow {
    entries: Vec<Entry>,
    /// Indices of the foreign entries by name, and of the HTML ones.
    foreign_by_name: HashMap<LocalName, Vec<usize>>,
    html_by_name: HashMap<LocalName, Vec<usize>>,
    /// Indices of the entries that are not foreign (HTML, template), and
    /// of those that are not HTML (foreign, template): where the walks of
    /// the end-tag rules stop.
    not_foreign: Vec<usize>,
    not_html: Vec<usize>,
    templates: Vec<usize>,
    /// Indices of the special entries (see [`is_special`]) and of the
    /// scope markers ([`is_scope_marker`]).
    specials: Vec<usize>,
    markers: Vec<usize>,
    /// Indices of the entries that set an insertion mode of their own (a
    /// table or one of its parts, a select): kept as the others, so that
    /// asking costs nothing however many distinct names are dropped.
    mode_setters: Vec<usize>,
    /// Copies of formatting elements the adoption agency left when its
    /// rounds ran out (see [`Copied`]).
    clones: Vec<Copied>,
    /// Entries whose content is never text.
    hidden: usize,
}

/// Elements whose content is never text, whatever their namespace: what
/// the walk and the independent reading of the tests skip.
fn hides_content(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("iframe")
            | local_name!("noembed")
            | local_name!("noframes")
            | local_name!("template")
    )
}

/// HTML elements that never stay open.
pub(super) fn is_void(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("area")
            | local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("br")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("frame")
            | local_name!("hr")
            | local_name!("image")
            | local_name!("img")
            | local_name!("input")
            | local_name!("keygen")
            | local_name!("link")
            | local_name!("meta")
            | local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr")
    )
}

/// The tokenizer state an HTML start tag switches to: its content is raw
/// text up to its end tag. (`<noscript>` is not among them: scripting is
/// off, so its content is markup.)
pub(super) fn raw_text_state(name: &LocalName) -> Option<State> {
    match *name {
        local_name!("script") => Some(State::ScriptData),
        local_name!("style")
        | local_name!("xmp")
        | local_name!("iframe")
        | local_name!("noembed")
        | local_name!("noframes") => Some(State::RawText),
        local_name!("textarea") | local_name!("title") => Some(State::RcData),
        local_name!("plaintext") => Some(State::PlainText),
        _ => None,
    }
}

/// HTML start tags that end foreign content (`<font>` only with `color`,
/// `face` or `size`, which the caller checks).
pub(super) fn breaks_out(name: &LocalName, font_with_style: bool) -> bool {
    matches!(
        *name,
        local_name!("b")
            | local_name!("big")
            | local_name!("blockquote")
            | local_name!("body")
            | local_name!("br")
            | local_name!("center")
            | local_name!("code")
            | local_name!("dd")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("em")
            | local_name!("embed")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("head")
            | local_name!("hr")
            | local_name!("i")
            | local_name!("img")
            | local_name!("li")
            | local_name!("listing")
            | local_name!("menu")
            | local_name!("meta")
            | local_name!("nobr")
            | local_name!("ol")
            | local_name!("p")
            | local_name!("pre")
            | local_name!("ruby")
            | local_name!("s")
            | local_name!("small")
            | local_name!("span")
            | local_name!("strong")
            | local_name!("strike")
            | local_name!("sub")
            | local_name!("sup")
            | local_name!("table")
            | local_name!("tt")
            | local_name!("u")
            | local_name!("ul")
            | local_name!("var")
    ) || (*name == local_name!("font") && font_with_style)
}

/// The integration point a new foreign element named `name` (as the
/// tokenizer writes it, lower case) is. `html_encoding`: an
/// `<annotation-xml>`'s `encoding` names HTML.
pub(super) fn point_of(ns: ElementNs, name: &LocalName, html_encoding: bool) -> Point {
    match (ns, &**name) {
        (ElementNs::Svg, "foreignobject" | "foreignObject" | "desc" | "title") => Point::Html,
        (ElementNs::MathMl, "mi" | "mo" | "mn" | "ms" | "mtext") => Point::MathText,
        (ElementNs::MathMl, "annotation-xml") if html_encoding => Point::Html,
        (ElementNs::MathMl, "annotation-xml") => Point::Annotation,
        _ => Point::None,
    }
}

/// Whether an `encoding` attribute's value makes an `<annotation-xml>` an
/// HTML integration point.
pub(super) fn is_html_encoding(value: &str) -> bool {
    value.eq_ignore_ascii_case("text/html") || value.eq_ignore_ascii_case("application/xhtml+xml")
}

/// Whether a start tag is read by the foreign-content rules when the
/// adjusted current node is a foreign element of this kind (`false`: it
/// is read as HTML there, an integration point).
pub(super) fn foreign_rules_apply(point: Point, name: &LocalName) -> bool {
    match point {
        Point::None => true,
        Point::Html => false,
        Point::MathText => matches!(*name, local_name!("mglyph") | local_name!("malignmark")),
        Point::Annotation => *name != local_name!("svg"),
    }
}

impl Shadow {
    pub(super) fn is_open(&self) -> bool {
        !self.entries.is_empty()
    }

    /// Whether text here is shown.
    pub(super) fn shows_text(&self) -> bool {
        self.hidden == 0
    }

    /// Whether the adjusted current node is in foreign content (where
    /// `<![CDATA[` opens a section).
    pub(super) fn in_foreign_content(&self) -> bool {
        matches!(self.entries.last(), Some(e) if matches!(e.kind, Kind::Foreign { .. }))
    }

    /// Whether a NUL character here becomes U+FFFD (foreign content) rather
    /// than being dropped (HTML).
    pub(super) fn keeps_nul(&self) -> bool {
        matches!(
            self.entries.last(),
            Some(Entry {
                kind: Kind::Foreign {
                    point: Point::None | Point::Annotation,
                    ..
                },
                ..
            })
        )
    }

    /// Open the shadow (or go deeper) with a dropped element.
    pub(super) fn push(&mut self, name: LocalName, kind: Kind) {
        let index = self.entries.len();
        let hidden = hides_content(&name) || kind == Kind::Template;
        let by_name = match kind {
            Kind::Foreign { .. } => &mut self.foreign_by_name,
            Kind::Html | Kind::Template => &mut self.html_by_name,
        };
        by_name.entry(name.clone()).or_default().push(index);
        if !matches!(kind, Kind::Foreign { .. }) {
            self.not_foreign.push(index);
        }
        if kind != Kind::Html {
            self.not_html.push(index);
        }
        if kind == Kind::Template {
            self.templates.push(index);
        }
        if is_special(&name, kind) {
            self.specials.push(index);
        }
        if is_scope_marker(&name, kind) {
            self.markers.push(index);
        }
        if !matches!(kind, Kind::Foreign { .. })
            && (is_table_context(&name) || name == local_name!("select"))
        {
            self.mode_setters.push(index);
        }
        self.hidden += usize::from(hidden);
        self.entries.push(Entry { name, kind, hidden });
    }

    fn pop(&mut self) {
        let Some(entry) = self.entries.pop() else {
            return;
        };
        let index = self.entries.len();
        let by_name = match entry.kind {
            Kind::Foreign { .. } => &mut self.foreign_by_name,
            Kind::Html | Kind::Template => &mut self.html_by_name,
        };
        if let Some(indices) = by_name.get_mut(&entry.name) {
            let popped = indices.pop();
            debug_assert_eq!(popped, Some(index));
            if indices.is_empty() {
                by_name.remove(&entry.name);
            }
        }
        for list in [
            &mut self.not_foreign,
            &mut self.not_html,
            &mut self.templates,
            &mut self.specials,
            &mut self.markers,
            &mut self.mode_setters,
        ] {
            if list.last() == Some(&index) {
                list.pop();
            }
        }
        self.hidden -= usize::from(entry.hidden);
    }

    /// Pop entries until `len` remain.
    fn truncate(&mut self, len: usize) {
        while self.entries.len() > len {
            self.pop();
        }
        // A copy above the last entry left closed with the entries above
        // it; with the shadow closed, the copies go too.
        while self
            .clones
            .last()
            .is_some_and(|c| c.at > len || self.entries.is_empty())
        {
            self.clones.pop();
        }
    }

    /// Close the shadow (the body ended).
    pub(super) fn clear(&mut self) {
        self.truncate(0);
    }

    /// Whether this start tag is read by the foreign-content rules here.
    pub(super) fn foreign_rules(&self, name: &LocalName) -> bool {
        matches!(
            self.entries.last().map(|e| e.kind),
            Some(Kind::Foreign { point, .. }) if foreign_rules_apply(point, name)
        )
    }

    /// Pop foreign elements until the current one is HTML or an
    /// integration point, as an HTML tag inside foreign content does. As
    /// in html5ever (the tree builder followed here), a MathML
    /// `<annotation-xml>` is popped too, whatever its `encoding`: only
    /// the MathML text points and SVG's `<foreignObject>`, `<desc>` and
    /// `<title>` stop it.
    fn break_out(&mut self) {
        while let Some(Entry {
            kind: Kind::Foreign { ns, point },
            ..
        }) = self.entries.last()
        {
            let stops = match point {
                Point::MathText => true,
                Point::Html => *ns == ElementNs::Svg,
                Point::None | Point::Annotation => false,
            };
            if stops {
                break;
            }
            self.pop();
        }
    }

    /// A start tag while the shadow is open. Returns what happened and the
    /// tokenizer state the tag switches to.
    pub(super) fn start_tag(
        &mut self,
        name: &LocalName,
        self_closing: bool,
        font_with_style: bool,
        html_encoding: bool,
    ) -> (Outcome, Option<State>) {
        if self.foreign_rules(name) {
            if breaks_out(name, font_with_style) {
                self.break_out();
                if !self.is_open() {
                    return (Outcome::Closed, None);
                }
                // Now at an integration point or an HTML element.
            } else {
                if let (false, Some(Kind::Foreign { ns, .. })) =
                    (self_closing, self.entries.last().map(|e| e.kind))
                {
                    let point = point_of(ns, name, html_encoding);
                    self.push(name.clone(), Kind::Foreign { ns, point });
                }
                return (Outcome::Taken, None);
            }
        }
        // HTML rules.
        if closes_p(name)
            && let Some(at) = self.open_p()
        {
            self.truncate(at);
        }
        let state = match *name {
            local_name!("svg") | local_name!("math") => {
                let ns = if *name == local_name!("svg") {
                    ElementNs::Svg
                } else {
                    ElementNs::MathMl
                };
                if !self_closing {
                    self.push(
                        name.clone(),
                        Kind::Foreign {
                            ns,
                            point: Point::None,
                        },
                    );
                }
                None
            }
            local_name!("template") => {
                self.push(name.clone(), Kind::Template);
                None
            }
            _ if is_void(name) => None,
            // Table parts outside a table: "in body" ignores them.
            _ if is_table_part(name) && !self.html_by_name.contains_key(&local_name!("table")) => {
                None
            }
            _ => {
                let state = raw_text_state(name);
                self.push(name.clone(), Kind::Html);
                state
            }
        };
        (Outcome::Taken, state)
    }

    /// The dropped `<p>` a p-closing start tag closes: the nearest, with no
    /// scope marker or foreign element above it.
    fn open_p(&self) -> Option<usize> {
        let at = self
            .html_by_name
            .get(&local_name!("p"))
            .and_then(|v| v.last())
            .copied()?;
        let stop = self.markers.last().max(self.not_html.last()).copied();
        let button = self
            .html_by_name
            .get(&local_name!("button"))
            .and_then(|v| v.last())
            .copied();
        (stop.is_none_or(|s| at > s) && button.is_none_or(|b| at > b)).then_some(at)
    }

    /// Whether a p-closing start tag here would reach past the shadow to
    /// a `<p>` the tree builder holds: no dropped `<p>`, scope marker,
    /// `<button>` or foreign element stands in the way.
    pub(super) fn p_closing_reaches_builder(&self, name: &LocalName) -> bool {
        self.is_open()
            && closes_p(name)
            && !self.foreign_rules(name)
            && !self.html_by_name.contains_key(&local_name!("p"))
            && !self.html_by_name.contains_key(&local_name!("button"))
            && self.markers.is_empty()
            && self.not_html.is_empty()
    }

    /// Whether a foreign element named `name` was dropped.
    pub(super) fn holds_foreign_named(&self, name: &LocalName) -> bool {
        self.foreign_by_name
            .get(name)
            .is_some_and(|at| !at.is_empty())
    }

    /// Whether a dropped element sets an insertion mode of its own: a
    /// table or one of its parts, a select, a template.
    pub(super) fn sets_insertion_mode(&self) -> bool {
        !self.templates.is_empty() || !self.mode_setters.is_empty()
    }

    /// Whether a scope marker (or `<button>`) was dropped: nothing below
    /// the shadow is in scope.
    pub(super) fn has_scope_marker(&self) -> bool {
        !self.markers.is_empty() || self.html_by_name.contains_key(&local_name!("button"))
    }

    /// An end tag while the shadow is open.
    pub(super) fn end_tag(&mut self, name: &LocalName) -> Outcome {
        if self.in_foreign_content() {
            if matches!(*name, local_name!("br") | local_name!("p")) {
                self.break_out();
                if !self.is_open() {
                    return Outcome::Closed;
                }
                // `</br>` and `</p>` are never unmatched: a
                // `<br>`, an empty `<p>` at worst.
                let _ = self.html_end_tag(name);
                return Outcome::Taken;
            }
            let foreign = self
                .foreign_by_name
                .get(name)
                .and_then(|v| v.last())
                .copied();
            let html = self.not_foreign.last().copied();
            match (foreign, html) {
                (Some(f), None) => self.truncate(f),
                (Some(f), Some(h)) if f > h => self.truncate(f),
                (_, Some(_)) => return self.html_end_tag(name),
                (None, None) if is_formatting(name) => return self.formatting_end_tag(name),
                (None, None) => return Outcome::Unmatched,
            }
            return Outcome::Taken;
        }
        self.html_end_tag(name)
    }

    /// An end tag read by the HTML rules: it closes the nearest HTML
    /// element of its name above any foreign element or template, and
    /// above the elements where the standard's walk for that tag stops (a
    /// scope marker for the tags read by scope, a special element for the
    /// others); where it stops, the tag is ignored. With no such stop
    /// dropped, the walk goes on into the elements the tree builder holds
    /// ([`Outcome::Unmatched`]).
    fn html_end_tag(&mut self, name: &LocalName) -> Outcome {
        if *name == local_name!("template") {
            // Closes the last template wherever it is.
            return match self.templates.last().copied() {
                Some(t) => {
                    self.truncate(t);
                    Outcome::Taken
                }
                None => Outcome::Unmatched,
            };
        }
        if is_formatting(name) {
            return self.formatting_end_tag(name);
        }
        let at = self.html_by_name.get(name).and_then(|v| v.last()).copied();
        let stop = if closes_by_scope(name) {
            self.markers.last().copied()
        } else {
            self.specials.last().copied()
        };
        // Foreign elements do not stop the walk (only integration points,
        // which are special and scope markers).
        match at {
            Some(at) if stop.is_none_or(|s| at >= s) => {
                self.truncate(at);
                Outcome::Taken
            }
            _ if stop.is_some() => Outcome::Taken,
            _ => Outcome::Unmatched,
        }
    }

    /// A formatting end tag (`</b>`, `</a>`…): the adoption agency. Out of
    /// scope (a scope marker above the element) it is ignored; a dropped
    /// element closes with what the agency's rounds pop above it.
    fn formatting_end_tag(&mut self, name: &LocalName) -> Outcome {
        // The element, dropped: its entry; or where the agency left a
        // copy of it when its rounds ran out.
        let entry = self.html_by_name.get(name).and_then(|v| v.last()).copied();
        let clone = self
            .clones
            .iter()
            .rposition(|c| c.name == *name)
            .and_then(|i| self.clones.get(i).map(|c| (i, c.at, c.extra)));
        let at = match (entry, clone) {
            (Some(e), Some((_, c, _))) if c > e => Some(c),
            (Some(e), _) => Some(e),
            (None, Some((_, c, _))) => Some(c),
            (None, None) => None,
        };
        let marker = self.markers.last().copied();
        match at {
            Some(at) if marker.is_some_and(|m| m >= at) && entry != Some(at) => Outcome::Taken,
            Some(at) if marker.is_some_and(|m| m > at) => Outcome::Taken,
            Some(at) => {
                let mut extra = 0;
                if let Some((i, c, e)) = clone
                    && c == at
                {
                    self.clones.remove(i);
                    extra = e;
                }
                // A copy sits between entries: the specials from `at` on
                // are above it; an entry is itself at `at`.
                let first_above = if entry == Some(at) { at + 1 } else { at };
                self.agency(name, first_above, extra, at);
                Outcome::Taken
            }
            None if marker.is_some() => Outcome::Taken,
            None => Outcome::Adopt,
        }
    }

    /// The adoption agency's rounds, each past the next special element
    /// above the formatting one: first the `extra` ones below the shadow,
    /// then the entries' from `first_above` on. A round that finds none
    /// closes the element (`close_at`) and what is above the last special
    /// element reached; if the eight rounds run out first, all stays, and
    /// a copy of the element is left above the last one reached.
    fn agency(&mut self, name: &LocalName, first_above: usize, extra: usize, close_at: usize) {
        const ROUNDS: usize = 8;
        if extra >= ROUNDS {
            let (at, extra) = (first_above, extra - ROUNDS);
            self.clones.push(Copied {
                name: name.clone(),
                at,
                extra,
            });
            return;
        }
        let from = self.specials.partition_point(|s| *s < first_above);
        let above = crate::text::sub(&self.specials, from..);
        let left = ROUNDS - extra;
        if let Some(last) = above.get(left - 1) {
            let at = last + 1;
            self.clones.push(Copied {
                name: name.clone(),
                at,
                extra: 0,
            });
            return;
        }
        self.truncate(above.last().map_or(close_at, |s| s + 1));
    }

    /// The adoption agency ran in the tree builder (see
    /// [`Outcome::Adopt`]), with `below` special elements above the
    /// formatting one before the shadow's. Each round of the agency moves
    /// past one special element; a round that finds none pops what is
    /// above the last. So with fewer than eight in all, the dropped
    /// elements above the topmost special one close; with eight or more
    /// the rounds run out first and they all stay.
    pub(super) fn adopt(&mut self, name: &LocalName, below: usize) {
        if below < 8 {
            // A round reaches the shadow: its first special element is
            // the furthest block, and what was dropped below it (between
            // it and the formatting element) leaves the stack. The
            // formatting elements among those stay there as copies; they
            // go too (they are HTML, as the furthest block is).
            self.drop_below_first_special();
        }
        self.agency(name, 0, below, 0);
    }

    /// Remove the entries below the first special one. Costs the
    /// shadow's length, and only when there is something to remove; that
    /// is then pushed again first, so the cost is one step per push.
    fn drop_below_first_special(&mut self) {
        let Some(&first) = self.specials.first() else {
            return;
        };
        if first == 0 {
            return;
        }
        let kept: Vec<Entry> = self.entries.drain(first..).collect();
        let clones = std::mem::take(&mut self.clones);
        *self = Shadow::default();
        for entry in kept {
            self.push(entry.name, entry.kind);
        }
        self.clones = clones
            .into_iter()
            .filter_map(|c| {
                Some(Copied {
                    at: c.at.checked_sub(first)?,
                    ..c
                })
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str) -> LocalName {
        LocalName::from(s)
    }

    /// Whether any entry sets an insertion mode, read off the entries.
    fn sets_mode_by_scan(shadow: &Shadow) -> bool {
        shadow.entries.iter().any(|e| {
            e.kind == Kind::Template
                || (e.kind == Kind::Html
                    && (is_table_context(&e.name) || e.name == local_name!("select")))
        })
    }

    /// The dos target's finding: `<tr><xN>` repeated (distinct names the
    /// nesting cap drops, a table part each time) asked whether a dropped
    /// element sets an insertion mode by scanning every dropped name:
    /// 91 ns a byte at 16 KiB, 464 at 256 KiB. The answer is now kept as
    /// the entries come and go, and agrees with a scan.
    #[test]
    fn insertion_mode_setters_follow_the_entries() {
        let mut shadow = Shadow::default();
        let mut seen = false;
        let steps = [
            "x1",
            "table",
            "x2",
            "select",
            "x3",
            "/x3",
            "/select",
            "tr",
            "/tr",
            "/x2",
            "/table",
            "template",
            "/template",
            "td",
            "x4",
            "/td",
        ];
        for step in steps {
            match step.strip_prefix('/') {
                Some(end) => {
                    let _ = shadow.end_tag(&name(end));
                }
                None => {
                    let _ = shadow.start_tag(&name(step), false, false, false);
                }
            }
            assert_eq!(
                shadow.sets_insertion_mode(),
                sets_mode_by_scan(&shadow),
                "after {step}"
            );
            seen |= shadow.sets_insertion_mode();
        }
        assert!(seen);
        let mut many = Shadow::default();
        for i in 0..1000 {
            many.push(name(&format!("x{i}")), Kind::Html);
        }
        assert!(!many.sets_insertion_mode());
        many.push(name("tbody"), Kind::Html);
        assert!(many.sets_insertion_mode());
        many.pop();
        assert!(!many.sets_insertion_mode());
    }

    fn svg() -> Shadow {
        let mut shadow = Shadow::default();
        shadow.push(
            name("svg"),
            Kind::Foreign {
                ns: ElementNs::Svg,
                point: Point::None,
            },
        );
        shadow
    }

    #[test]
    fn foreign_content_allows_cdata_until_it_ends() {
        let mut shadow = svg();
        assert!(shadow.in_foreign_content());
        assert_eq!(
            shadow.start_tag(&name("g"), false, false, false),
            (Outcome::Taken, None)
        );
        assert_eq!(shadow.end_tag(&name("svg")), Outcome::Taken);
        assert!(!shadow.is_open());
    }

    #[test]
    fn style_in_svg_is_no_raw_text_but_hides_its_content() {
        let mut shadow = svg();
        let (_, state) = shadow.start_tag(&name("style"), false, false, false);
        assert_eq!(state, None);
        assert!(!shadow.shows_text());
        shadow.end_tag(&name("style"));
        assert!(shadow.shows_text());
    }

    #[test]
    fn an_html_tag_ends_foreign_content() {
        let mut shadow = svg();
        shadow.start_tag(&name("g"), false, false, false);
        assert_eq!(
            shadow.start_tag(&name("p"), false, false, false).0,
            Outcome::Closed
        );
        assert!(!shadow.is_open());
        // `<font>` only with a presentational attribute.
        let mut shadow = svg();
        assert_eq!(
            shadow.start_tag(&name("font"), false, false, false).0,
            Outcome::Taken
        );
        assert_eq!(
            shadow.start_tag(&name("font"), false, true, false).0,
            Outcome::Closed
        );
    }

    #[test]
    fn integration_points_hold_html() {
        let mut shadow = svg();
        shadow.start_tag(&name("foreignobject"), false, false, false);
        // A `<title>` in HTML is raw text, a `<p>` stays inside.
        assert_eq!(
            shadow.start_tag(&name("p"), false, false, false).0,
            Outcome::Taken
        );
        assert!(!shadow.in_foreign_content());
        let (_, state) = shadow.start_tag(&name("textarea"), false, false, false);
        assert_eq!(state, Some(State::RcData));
        shadow.end_tag(&name("textarea"));
        // `</foreignObject>` from the HTML inside it is ignored, as the
        // standard's "any other end tag" stops at the special element.
        shadow.end_tag(&name("foreignobject"));
        assert_eq!(shadow.entries.len(), 3);
        shadow.end_tag(&name("p"));
        shadow.end_tag(&name("foreignobject"));
        assert!(shadow.in_foreign_content());
    }

    #[test]
    fn template_content_is_hidden_and_nests() {
        let mut shadow = Shadow::default();
        shadow.push(name("template"), Kind::Template);
        shadow.start_tag(&name("template"), false, false, false);
        shadow.start_tag(&name("p"), false, false, false);
        assert!(!shadow.shows_text());
        shadow.end_tag(&name("template"));
        assert!(!shadow.shows_text());
        shadow.end_tag(&name("template"));
        assert!(!shadow.is_open());
    }

    #[test]
    fn an_end_tag_matching_nothing_dropped_is_left_to_the_filter() {
        let mut shadow = svg();
        assert_eq!(shadow.end_tag(&name("div")), Outcome::Unmatched);
        assert!(shadow.is_open());
    }
}
