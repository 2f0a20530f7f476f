//! Structured headers: a timestamp, a title and a URL, rendered into the
//! archive template over a body; the header fields must come back exactly.

#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use newsarchive::{Warning, parse_article};

#[derive(Debug, Arbitrary)]
struct Input {
    timestamp: Timestamp,
    title: String,
    host: Host,
    path: Vec<String>,
    query: Option<String>,
    body: String,
}

#[derive(Debug, Arbitrary)]
enum Timestamp {
    Millis(i64),
    NaN,
}

#[derive(Debug, Arbitrary)]
enum Host {
    Named(u8),
    Ipv4([u8; 4]),
    Free(String),
}

fuzz_target!(|input: Input| {
    // The template trims the title and cannot hold a line break in it.
    let title = input.title.replace(['\n', '\r'], " ");
    let title = title.trim();
    if title.is_empty() {
        return;
    }
    let host = match &input.host {
        Host::Named(n) => ["www.voachinese.com", "www.dw.com", "例え.テスト", "news.example"][usize::from(*n) % 4].to_owned(),
        Host::Ipv4(o) => format!("{}.{}.{}.{}", o[0], o[1], o[2], o[3]),
        Host::Free(s) => s.clone(),
    };
    let mut raw = format!("https://{host}/{}", input.path.join("/"));
    if let Some(q) = &input.query {
        raw.push('?');
        raw.push_str(q);
    }
    // The archive writes WHATWG-normalised URLs; skip what does not parse,
    // and what the url crate serialises into a string it cannot parse
    // again (a percent-encoded NUL in a host): no feed wrote that.
    let Ok(url) = url::Url::parse(&raw) else { return };
    if url::Url::parse(url.as_str()).as_ref() != Ok(&url) {
        return;
    }
    let (stamp, millis) = match input.timestamp {
        Timestamp::Millis(ms) => (ms.to_string(), Some(ms)),
        Timestamp::NaN => ("NaN".to_owned(), None),
    };
    let body = input.body.replace('\0', "");
    let text = format!("<!--{stamp}-->\n[{title}]({url})\n------\n\n{body}");
    let article = parse_article(&text);

    // A URL whose path holds `](` makes the line ambiguous (which `](`
    // starts the link?): the crate tries the last few and takes the final
    // one whose rest parses, else the final one. Only then may title and
    // URL differ, and the URL read be an invalid one.
    let ambiguous = url.as_str().contains("](");
    if !ambiguous {
        assert_eq!(article.title, title, "{text:?}");
        assert_eq!(article.url.as_ref(), Some(&url), "{text:?}");
    }
    let seconds = stamp.trim_start_matches('-').len() <= 10 && millis != Some(0);
    let want = millis
        .and_then(|ms| if seconds { ms.checked_mul(1000) } else { Some(ms) })
        .and_then(chrono::DateTime::from_timestamp_millis);
    assert_eq!(article.timestamp, want, "{text:?}");
    // The header is well formed, so no header warning.
    assert!(
        !article.warnings.iter().any(|w| matches!(
            w,
            Warning::MissingTimestamp { .. }
                | Warning::MissingTitleLink { .. }
                | Warning::MissingSeparator { .. }
                | Warning::MissingBlankLine { .. }
                | Warning::MultilineTitle { .. }
                | Warning::HeaderOutOfOrder
        )),
        "{:?} for {text:?}",
        article.warnings
    );
    if !ambiguous {
        assert!(
            !article.warnings.iter().any(|w| matches!(w, Warning::InvalidUrl { .. })),
            "{:?} for {text:?}",
            article.warnings
        );
    }
});
