//! The feed's footer: the last top-level block that says it is one
//! (`获取更多RSS：`, feed-service links after a rule).

use url::Url;

use crate::content::Content;
use crate::dom::{Dom, NodeId, Tag};

/// How deep into trailing wrappers to look for the feed's footer.
const FOOTER_DESCENT: usize = 8;

/// The feed's footer: the last block with text, reading `获取更多RSS：…`,
/// or linking only to the feed service after an `<hr>`. It may sit inside
/// a wrapper left open earlier in the body, and a tracking pixel may
/// follow it.
pub(super) fn find_footer(content: &Content<'_>) -> Option<NodeId> {
    let dom = content.dom();
    let mut parent = dom.root();
    for _ in 0..FOOTER_DESCENT {
        let mut last = dom.last_child(parent);
        while let Some(n) = last.filter(|n| !content.has_text(*n)) {
            last = dom.prev_sibling(n);
        }
        let last = last?;
        if is_footer(content, last) {
            return Some(last);
        }
        match dom.tag(last) {
            Some(Tag::Div | Tag::Section | Tag::Main | Tag::Article | Tag::Center) => parent = last,
            _ => return None,
        }
    }
    None
}

fn is_footer(content: &Content<'_>, node: NodeId) -> bool {
    let dom = content.dom();
    if dom.tag(node) != Some(Tag::Div) || content.media(node) > 0 {
        return false;
    }
    let follows_rule = {
        let mut prev = dom.prev_sibling(node);
        while let Some(p) = prev.filter(|p| !content.meaningful(*p) && dom.tag(*p) != Some(Tag::Hr))
        {
            prev = dom.prev_sibling(p);
        }
        prev.is_some_and(|p| dom.tag(p) == Some(Tag::Hr))
    };
    let hrefs: Vec<&str> = descendants(dom, node)
        .filter(|n| dom.tag(*n) == Some(Tag::A))
        .filter_map(|n| dom.attr(n, "href"))
        .collect();
    let feed_links_only = !hrefs.is_empty()
        && hrefs.iter().all(|h| {
            Url::parse(h)
                .ok()
                .and_then(|u| u.host_str().map(|host| host.starts_with("feedx.")))
                .unwrap_or(false)
        });
    // `获取更多RSS：` with links or after a rule; or, reworded, a rule and
    // nothing but links to the feed service.
    let says_so = content.subtree_text(node).starts_with("获取更多RSS");
    (says_so && (follows_rule || !hrefs.is_empty())) || (follows_rule && feed_links_only)
}

fn descendants(dom: &Dom, root: NodeId) -> impl Iterator<Item = NodeId> + '_ {
    let mut stack = vec![root];
    std::iter::from_fn(move || {
        let n = stack.pop()?;
        let kids: Vec<NodeId> = dom.children(n).collect();
        stack.extend(kids.into_iter().rev());
        Some(n)
    })
}
