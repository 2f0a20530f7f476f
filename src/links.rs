//! Addresses found in the body: resolving relative ones within a budget,
//! and unwrapping image proxies.

use url::Url;

/// How many bytes the resolved forms of a body's relative addresses may
/// add to what the body wrote, beyond the body's own length: see
/// [`Resolver`].
pub(crate) const RESOLUTION_FLOOR: usize = 64 << 10;

/// Makes a body's addresses absolute, within a budget.
///
/// An absolute address is kept exactly as written (after the HTML rule
/// that strips surrounding ASCII white space), so nothing the archive says
/// is rewritten; a relative one (`/a/6972971.html`, `//host/x`, `x.jpg`) is
/// joined to the article's URL. Without a base, or when joining fails, the
/// address is kept as written.
///
/// Each join copies the base, so a long article URL and many short
/// relative addresses (`<a href>` is eight bytes) would cost memory and
/// time with the product of the two. The joined forms may add to what was
/// written at most the body's own length, plus [`RESOLUTION_FLOOR`]; past
/// that, relative addresses are kept as written and counted (real
/// articles add a few kilobytes).
pub(crate) struct Resolver<'a> {
    base: Option<&'a Url>,
    /// The bytes joins may add in all.
    limit: usize,
    /// The bytes joins may still add.
    budget: usize,
    /// The addresses kept as written because the budget was spent.
    kept: usize,
}

impl<'a> Resolver<'a> {
    /// A resolver for a body of `body_len` bytes.
    pub(crate) fn new(base: Option<&'a Url>, body_len: usize) -> Resolver<'a> {
        let limit = body_len.saturating_add(RESOLUTION_FLOOR);
        Resolver {
            base,
            limit,
            budget: limit,
            kept: 0,
        }
    }

    /// The bytes joins may add in all.
    pub(crate) fn limit(&self) -> usize {
        self.limit
    }

    /// How many relative addresses were kept as written for want of
    /// budget.
    pub(crate) fn kept(&self) -> usize {
        self.kept
    }

    /// `raw`, absolute.
    pub(crate) fn resolve(&mut self, raw: &str) -> String {
        let raw = raw.trim_matches(|c: char| c.is_ascii_whitespace());
        // The common case needs no parse: a web address with its scheme is
        // kept as written whether or not it parses (joining it would fail
        // the same way).
        if has_prefix_ignore_case(raw, "https://")
            || has_prefix_ignore_case(raw, "http://")
            || Url::parse(raw).is_ok()
        {
            return raw.to_owned();
        }
        let Some(base) = self.base else {
            return raw.to_owned();
        };
        // A join adds at most the base (and percent-encodes what was
        // written, which is linear in the input): refuse it before paying
        // for it.
        if base.as_str().len() > self.budget {
            self.kept += 1;
            return raw.to_owned();
        }
        match base.join(raw) {
            Ok(joined) => {
                let joined = String::from(joined);
                let added = joined.len().saturating_sub(raw.len());
                self.budget = self.budget.saturating_sub(added);
                joined
            }
            Err(_) => raw.to_owned(),
        }
    }
}

/// `raw` made absolute against `base`, with no budget: for tests.
#[cfg(test)]
fn absolutize(base: Option<&Url>, raw: &str) -> String {
    Resolver::new(base, usize::MAX).resolve(raw)
}

fn has_prefix_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// The original image behind an image proxy, as an absolute URL.
///
/// Known shapes: `images.weserv.nl` / `wsrv.nl` (`?url=host/path`, with or
/// without scheme, or `ssl:host/path`), Jetpack's `i0.wp.com/host/path`,
/// and thumbor-style paths that embed the full source URL
/// (`/unsafe/1340x754/https://…`).
pub(crate) fn unwrap_proxy(src: &str) -> Option<String> {
    // Most images are behind no proxy: look before parsing.
    let lower_has = |needle: &str| crate::text::contains_ignore_ascii_case(src, needle);
    let embeds_url = src
        .split_once("://")
        .is_some_and(|(_, rest)| rest.contains("http://") || rest.contains("https://"));
    if !(lower_has("weserv.nl") || lower_has("wsrv.nl") || lower_has(".wp.com/") || embeds_url) {
        return None;
    }
    let url = Url::parse(src).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    if host == "images.weserv.nl" || host == "wsrv.nl" {
        let target = url.query_pairs().find(|(k, _)| k == "url")?.1;
        return with_scheme(&target);
    }
    if matches!(
        host.as_str(),
        "i0.wp.com" | "i1.wp.com" | "i2.wp.com" | "i3.wp.com"
    ) {
        let path = url.path().trim_start_matches('/');
        if path.contains('.') && path.contains('/') {
            return with_scheme(path);
        }
        return None;
    }
    // A URL whose path embeds another absolute URL: the embedded one is the
    // source (thumbor `/unsafe/<ops>/https://…`). Only the path counts: a
    // URL in a tracking query is no image.
    let path = url.path();
    let inner = ["https://", "http://"]
        .iter()
        .filter_map(|scheme| path.find(scheme))
        .min()?;
    let rest = &url[url::Position::BeforePath..];
    let start = rest.find(path.get(inner..)?)?;
    Url::parse(rest.get(start..)?).ok().map(String::from)
}

/// A proxy target made absolute: weserv defaults to `https` for bare
/// hosts, and reads `ssl:` as `https://`.
fn with_scheme(target: &str) -> Option<String> {
    let target = target.trim();
    if target.is_empty() {
        return None;
    }
    let absolute = if target.starts_with("http://") || target.starts_with("https://") {
        target.to_owned()
    } else if let Some(rest) = target.strip_prefix("ssl:") {
        format!("https://{}", rest.trim_start_matches('/'))
    } else if let Some(rest) = target.strip_prefix("//") {
        format!("https://{rest}")
    } else {
        format!("https://{target}")
    };
    // The serialisation, not the decoded text: a space in the target is
    // `%20` again.
    Url::parse(&absolute).ok().map(String::from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Url {
        Url::parse("https://www.voachinese.com/a/story/6974233.html").unwrap()
    }

    #[test]
    fn relative_links_join_the_article_url() {
        let b = base();
        assert_eq!(
            absolutize(Some(&b), "/a/6972971.html"),
            "https://www.voachinese.com/a/6972971.html"
        );
        assert_eq!(
            absolutize(Some(&b), "//mp.weixin.qq.com/s/x"),
            "https://mp.weixin.qq.com/s/x"
        );
        assert_eq!(
            absolutize(Some(&b), "x.jpg"),
            "https://www.voachinese.com/a/story/x.jpg"
        );
    }

    #[test]
    fn absolute_links_stay_as_written() {
        let b = base();
        for raw in [
            "http://www.rfi.fr//cn/",
            "https://chinadigitaltimes.net/space/往事与随想",
            "https://web.archive.org/web/20200226154223/http:/china.example/x",
            "whatsapp://send?text=a",
        ] {
            assert_eq!(absolutize(Some(&b), raw), raw);
        }
        assert_eq!(
            absolutize(Some(&b), "  https://a.example/x \n"),
            "https://a.example/x"
        );
        assert_eq!(absolutize(None, "/a/1.html"), "/a/1.html");
    }

    #[test]
    fn joins_stop_when_their_budget_is_spent() {
        let long = Url::parse(&format!("https://a.example/{}", "p".repeat(1000))).unwrap();
        let added = long.as_str().len();
        let mut resolver = Resolver::new(Some(&long), 0);
        assert_eq!(resolver.limit(), RESOLUTION_FLOOR);
        let joined = std::iter::repeat_with(|| resolver.resolve("?q"))
            .take(100)
            .take_while(|out| out.len() > 2)
            .count();
        // Each join of `?q` adds the base: as many as fit the floor.
        assert_eq!(joined, RESOLUTION_FLOOR / added);
        assert_eq!(resolver.kept(), 1);
        assert_eq!(resolver.resolve("/a/1.html"), "/a/1.html");
        assert_eq!(resolver.kept(), 2);
        // Absolute addresses cost nothing and are never refused.
        assert_eq!(resolver.resolve("https://b.example/"), "https://b.example/");
        assert_eq!(resolver.resolve("mailto:x@b.example"), "mailto:x@b.example");
        assert_eq!(resolver.kept(), 2);
        // The body's own length adds to the budget.
        let mut resolver = Resolver::new(Some(&long), 10 * added);
        let joined = std::iter::repeat_with(|| resolver.resolve("?q"))
            .take(1000)
            .take_while(|out| out.len() > 2)
            .count();
        assert_eq!(joined, (RESOLUTION_FLOOR + 10 * added) / added);
    }

    #[test]
    fn proxies_unwrap() {
        assert_eq!(
            unwrap_proxy("https://images.weserv.nl?url=gdb.voanews.com/x.jpg").as_deref(),
            Some("https://gdb.voanews.com/x.jpg")
        );
        assert_eq!(
            unwrap_proxy("https://images.weserv.nl/?url=static.dw.com/image/1_303.jpg").as_deref(),
            Some("https://static.dw.com/image/1_303.jpg")
        );
        assert_eq!(
            unwrap_proxy("https://images.weserv.nl/?url=ssl:example.com/a.png").as_deref(),
            Some("https://example.com/a.png")
        );
        assert_eq!(
            unwrap_proxy("https://images.weserv.nl/?url=http%3A%2F%2Fexample.com%2Fa.png")
                .as_deref(),
            Some("http://example.com/a.png")
        );
        assert_eq!(
            unwrap_proxy(
                "https://thumbor.ftacademy.cn/unsafe/1340x754/https://thumbor.ftacademy.cn/unsafe/picture/8/1.jpg"
            )
            .as_deref(),
            Some("https://thumbor.ftacademy.cn/unsafe/picture/8/1.jpg")
        );
        assert_eq!(
            unwrap_proxy("https://i0.wp.com/example.com/wp/a.jpg?w=600").as_deref(),
            Some("https://example.com/wp/a.jpg")
        );
        assert_eq!(unwrap_proxy("https://gdb.voanews.com/x.jpg"), None);
        assert_eq!(
            unwrap_proxy("https://cdn.example/a.jpg?utm=https://www.example.com/page"),
            None
        );
        assert_eq!(
            unwrap_proxy("https://images.weserv.nl/?url=a.example/x%20y.jpg").as_deref(),
            Some("https://a.example/x%20y.jpg")
        );
        assert_eq!(unwrap_proxy("https://images.weserv.nl/?w=3"), None);
        assert_eq!(unwrap_proxy("/relative.jpg"), None);
    }
}
