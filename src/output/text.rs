//! The story as plain text.

use crate::article::Article;

impl Article {
    /// The story as plain text, for indexing: each block's text (captions
    /// and credits included, once) separated by a blank line. The title,
    /// date line and footer are not part of the story.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
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
