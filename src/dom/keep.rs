//! What the tree keeps of the markup's attributes: **edit here when a
//! reader needs an attribute or a class word**.
//!
//! Attributes are never text, and most are noise (tracking, layout,
//! scripts' data): the tree stores only the names in [`kept_attribute`],
//! and of a `class` only the tokens that contain one of [`CLASS_WORDS`],
//! and of a `srcset` only its largest candidate. A reader that asks the
//! tree for anything else would get `None` forever, silently: so every
//! accessor of [`Dom`](super::Dom) that reads an attribute or a class
//! word asserts (in debug builds, so in every test) that it is kept.

use html5ever::LocalName;
use html5ever::tendril::StrTendril;

/// The words `class` attributes are searched for: the tree keeps only the
/// class tokens that contain one of them.
pub(crate) const CLASS_WORDS: &[&str] = &[
    "caption",
    "credit",
    "copyright",
    "Figure",
    "ImagePlaceholder",
    "VideoContainer",
    // Text for screen readers only (BBC 2020's `图片版权`, `Image caption`).
    "off-screen",
    "visually-hidden",
    "sr-only",
];

/// Attributes the tree builder itself reads from start tags (`<input
/// type=hidden>` in tables, `<font color|face|size>` in foreign content,
/// MathML `annotation-xml encoding`): passed on so the tree is the
/// standard one, then not stored.
pub(super) fn builder_attribute(name: &str) -> bool {
    matches!(name, "type" | "color" | "face" | "size" | "encoding")
}

/// Attributes the readers of the tree use; the others are dropped as the
/// tokens stream in (attributes are never text).
pub(super) fn kept_attribute(name: &str) -> bool {
    matches!(
        name,
        "src"
            | "srcset"
            | "href"
            | "alt"
            | "aria-label"
            | "title"
            | "class"
            | "style"
            | "role"
            | "poster"
            | "datetime"
            | "data"
            | "data-e2e"
            | "data-testid"
            | "data-src"
            | "data-lazy-src"
            | "data-original"
            | "data-lazy"
            | "data-url"
            | "data-srcset"
            | "data-lazy-srcset"
    )
}

/// An attribute's value cut down to what the tree's readers look at.
pub(super) fn reduce(name: &LocalName, value: StrTendril) -> StrTendril {
    // Only a `srcset`'s largest candidate is ever read: keep just that
    // (BBC's run to a kilobyte each).
    if name.ends_with("srcset")
        && let Some(largest) = super::srcset::largest_srcset_candidate(&value)
        && largest.len() < value.len()
    {
        return StrTendril::from_slice(largest);
    }
    // Only a few words of a `class` are ever looked for.
    if &**name == "class" {
        let kept: Vec<&str> = value
            .split_ascii_whitespace()
            .filter(|token| {
                CLASS_WORDS
                    .iter()
                    .any(|w| crate::text::contains_ignore_ascii_case(token, w))
            })
            .collect();
        if kept.len() < value.split_ascii_whitespace().count() {
            return StrTendril::from_slice(&kept.join(" "));
        }
    }
    value
}
