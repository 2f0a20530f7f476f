//! The story as plain text.

use crate::article::Article;

impl Article {
    /// The story as plain text, for indexing: each block's text (captions
    /// and credits included, once) separated by a blank line. The title,
    /// date line, footer and page furniture ([`Block::Aside`](crate::Block::Aside)) are not
    /// part of the story.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for block in self.blocks.iter().filter(|b| b.is_story()) {
            let text = block.text();
            if text.is_empty() {
                continue;
            }
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&text);
        }
        out
    }
}
