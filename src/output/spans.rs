//! Where a text's links sit in it: the one routine every writer places
//! links with. The model keeps a link's text, not its place, so each link
//! is put around the first occurrence of its text after the previous
//! link's, verbatim, or (in a text read from a `<pre>`, whose white space
//! the links' own text may not keep) white space run for white space run.
//! Linear: each search starts where the last one ended, and the first
//! link not found ends the search.

use std::ops::Range;

/// Where each of a text's links sits in it, in order: at the first
/// occurrence of its text after the previous one, as `find(from, needle)`
/// reports it. `None` for a link with empty text, and for every link from
/// the first whose text is not found on: a missing link costs one search,
/// not one per link after it. Byte ranges.
pub(crate) fn link_spans<'a>(
    link_texts: impl IntoIterator<Item = &'a str>,
    mut find: impl FnMut(usize, &str) -> Option<std::ops::Range<usize>>,
) -> Vec<Option<std::ops::Range<usize>>> {
    let mut at = 0;
    let mut missed = false;
    link_texts
        .into_iter()
        .map(|needle| {
            if needle.is_empty() || missed {
                return None;
            }
            let found = find(at, needle);
            match &found {
                Some(range) => at = range.end,
                None => missed = true,
            }
            found
        })
        .collect()
}

/// Where a text's own links sit: verbatim, or, when a link with text is
/// not found so, white space run for white space run (a text read from a
/// `<pre>` keeps white space its links' text may not). Returns the spans
/// and whether they are the second reading's.
pub(crate) fn place<'a>(
    text: &str,
    link_texts: impl Iterator<Item = &'a str> + Clone,
) -> (Vec<Option<Range<usize>>>, bool) {
    let verbatim = link_spans(link_texts.clone(), find_verbatim(text));
    let missing = link_texts
        .clone()
        .zip(&verbatim)
        .any(|(t, span)| !t.is_empty() && span.is_none());
    if missing {
        (link_spans(link_texts, finder(text, true)), true)
    } else {
        (verbatim, false)
    }
}

/// `find` for [`link_spans`] over ordinary text: the needle verbatim.
pub(crate) fn find_verbatim(
    text: &str,
) -> impl FnMut(usize, &str) -> Option<std::ops::Range<usize>> + '_ {
    move |from, needle| {
        let i = text.get(from..)?.find(needle)?;
        Some(from + i..from + i + needle.len())
    }
}

/// `find(from, needle)`: where `needle` next is in a text (see
/// [`link_spans`]).
pub(crate) type Finder<'t> = dyn FnMut(usize, &str) -> Option<Range<usize>> + 't;

/// How a link's text is found in a text: verbatim, or in a `<pre>` text
/// (which keeps its white space, while a link's text is normalised) white
/// space run for white space run.
pub(crate) fn finder(text: &str, pre: bool) -> Box<Finder<'_>> {
    if pre {
        Box::new(find_normalised(text))
    } else {
        Box::new(find_verbatim(text))
    }
}

/// `find` for [`link_spans`] over `<pre>` text: the text is read once with
/// each white space run as one space, remembering where each character
/// came from, and the needle (its runs likewise) is searched in that.
fn find_normalised(raw: &str) -> impl FnMut(usize, &str) -> Option<Range<usize>> + '_ {
    let mut normalised = String::with_capacity(raw.len());
    // (byte in `normalised`, raw start, raw end) for each character.
    let mut chars: Vec<(usize, usize, usize)> = Vec::new();
    let mut iter = raw.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let mut end = i + c.len_utf8();
        if c.is_whitespace() {
            while let Some((j, w)) = iter.next_if(|(_, w)| w.is_whitespace()) {
                end = j + w.len_utf8();
            }
            chars.push((normalised.len(), i, end));
            normalised.push(' ');
        } else {
            chars.push((normalised.len(), i, end));
            normalised.push(c);
        }
    }
    move |from, needle| {
        let needle = needle.split_whitespace().collect::<Vec<_>>().join(" ");
        let first_char = chars.partition_point(|&(_, start, _)| start < from);
        let from = chars.get(first_char).map_or(normalised.len(), |c| c.0);
        let start = from + normalised.get(from..)?.find(&needle)?;
        let end = start + needle.len();
        let first = chars.get(chars.partition_point(|c| c.0 < start))?;
        let last = chars.get(chars.partition_point(|c| c.0 < end).checked_sub(1)?)?;
        Some(first.1..last.2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_in_preformatted_text_is_found_by_its_normalised_text() {
        let raw = "x  a\t\tb\n c  a b";
        let find = |from, needle| find_normalised(raw)(from, needle);
        assert_eq!(find(0, "a b c"), Some(3..10));
        assert_eq!(find(4, "a b"), Some(12..15));
        assert_eq!(find(0, "a  b"), Some(3..7));
        assert_eq!(find(0, "a\nb"), Some(3..7));
        assert_eq!(find(0, "z"), None);
        // Far into a long text: every place is tried.
        let long = format!("{}https://e.x", "h  ".repeat(70));
        assert_eq!(find_normalised(&long)(0, "https://e.x"), Some(210..221));
    }
}
