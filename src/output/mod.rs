//! The article written out, one file per output:
//!
//! - `archive`: [`Article::to_archive`](crate::Article::to_archive), the
//!   archive's own file, which reads back as the article;
//! - `markdown`: [`Article::to_markdown`](crate::Article::to_markdown),
//!   CommonMark;
//! - `text`: [`Article::to_text`](crate::Article::to_text), the story as
//!   plain text;
//! - `display`: `impl Display for Article`, a summary for people.
//!
//! Every writer that puts links around their text places them with
//! `spans`. Writers read only the public model: nothing here reaches
//! into the parser, except the archive writer's date line, which reads
//! each shape it tries back with the body reader.

mod archive;
mod display;
mod markdown;
mod spans;
mod text;
