//! `srcset` attributes: which candidate is the image. The tree keeps only
//! that one (see [`super::keep`]), so it is read where the tree is built.

/// The largest candidate of a `srcset` (by width descriptor, else by
/// density; a candidate without descriptor counts as `1x`). Ties keep the
/// first.
pub(crate) fn largest_srcset_candidate(srcset: &str) -> Option<&str> {
    let mut best: Option<(&str, f64, bool)> = None; // (url, size, is_width)
    let mut rest = srcset;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            break;
        }
        let url_end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let (mut url, tail) = rest.split_at(url_end);
        // Per the HTML candidate grammar, commas ending the URL token
        // separate candidates rather than belong to the URL.
        let mut ended_by_comma = false;
        while let Some(stripped) = url.strip_suffix(',') {
            url = stripped;
            ended_by_comma = true;
        }
        let (descriptor, next) = if ended_by_comma {
            ("", tail)
        } else {
            match tail.find(',') {
                Some(i) => (&tail[..i], &tail[i + 1..]),
                None => (tail, ""),
            }
        };
        rest = next;
        if url.is_empty() {
            continue;
        }
        let (size, is_width) = parse_descriptor(descriptor.trim());
        let better = match best {
            None => true,
            // Width descriptors outrank densities when a set mixes them.
            Some((_, best_size, best_is_width)) => {
                (is_width && !best_is_width) || (is_width == best_is_width && size > best_size)
            }
        };
        if better {
            best = Some((url, size, is_width));
        }
    }
    best.map(|(url, _, _)| url)
}

fn parse_descriptor(descriptor: &str) -> (f64, bool) {
    for token in descriptor.split_ascii_whitespace() {
        if let Some(w) = token.strip_suffix(['w', 'W'])
            && let Ok(w) = w.parse::<f64>()
        {
            return (w, true);
        }
        if let Some(x) = token.strip_suffix(['x', 'X'])
            && let Ok(x) = x.parse::<f64>()
        {
            return (x, false);
        }
    }
    (1.0, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srcset_gives_largest() {
        let set = "https://i/240/a.jpg 240w, https://i/800/a.jpg 800w, https://i/480/a.jpg 480w";
        assert_eq!(largest_srcset_candidate(set), Some("https://i/800/a.jpg"));
        assert_eq!(largest_srcset_candidate("a.jpg, b.jpg 2x"), Some("b.jpg"));
        assert_eq!(largest_srcset_candidate("a.jpg"), Some("a.jpg"));
        // A URL token runs to white space: this is one candidate (HTML's
        // srcset grammar), not two.
        assert_eq!(
            largest_srcset_candidate("a.jpg,b.jpg 3x"),
            Some("a.jpg,b.jpg")
        );
        assert_eq!(largest_srcset_candidate("a.jpg 1x,b.jpg 3x"), Some("b.jpg"));
        assert_eq!(largest_srcset_candidate(" , "), None);
        assert_eq!(largest_srcset_candidate(""), None);
    }
}
