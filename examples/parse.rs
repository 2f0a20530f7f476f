//! Parse one archived article and print it.
//!
//! ```text
//! cargo run --example parse                   # the bundled sample
//! cargo run --example parse -- FILE           # a file (`-` for stdin)
//! cargo run --example parse -- --json FILE    # the Article as JSON
//! cargo run --example parse -- --strict FILE  # any departure from the format is an error
//! ```
//!
//! A file that cannot be read, is not UTF-8, or is not an archived article
//! at all (empty, or its header is cut off) gets one line on stderr naming
//! the file and the problem, and exit status 1.

use std::io::{Read, Write};
use std::process::ExitCode;

use newsarchive::Options;

const SAMPLE: &str = include_str!("sample.md");
const USAGE: &str = "usage: parse [--json] [--strict] [FILE | -]";

fn main() -> ExitCode {
    let mut json = false;
    let mut strict = false;
    let mut path = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--json" => json = true,
            "--strict" => strict = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            _ if path.is_none() => path = Some(arg),
            _ => return fail("parse", &format!("unexpected argument `{arg}` ({USAGE})")),
        }
    }
    let (name, input) = match read(path.as_deref()) {
        Ok(read) => read,
        Err((name, problem)) => return fail(&name, &problem),
    };

    let options = Options::new();
    let article = if strict {
        match options.parse_strict(&input) {
            Ok(article) => article,
            Err(error) => return fail(&name, &error.to_string()),
        }
    } else {
        options.parse(&input)
    };
    if let Some(fatal) = article.warnings.iter().find(|w| w.means_no_article()) {
        return fail(&name, &format!("not an archived article: {fatal}"));
    }
    let text = if json {
        match serde_json::to_string_pretty(&article) {
            Ok(text) => text + "\n",
            Err(e) => return fail(&name, &format!("cannot serialise: {e}")),
        }
    } else {
        article.to_string()
    };
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => fail("stdout", &e.to_string()),
        _ => ExitCode::SUCCESS,
    }
}

/// The file's name and text, or its name and what is wrong with it.
fn read(path: Option<&str>) -> Result<(String, String), (String, String)> {
    let (name, bytes) = match path {
        None => return Ok(("bundled sample".to_owned(), SAMPLE.to_owned())),
        Some("-") => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| ("stdin".to_owned(), e.to_string()))?;
            ("stdin".to_owned(), bytes)
        }
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| (p.to_owned(), e.to_string()))?;
            (p.to_owned(), bytes)
        }
    };
    match String::from_utf8(bytes) {
        Ok(text) => Ok((name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Err((
                name,
                format!("not UTF-8 text (invalid byte at offset {at})"),
            ))
        }
    }
}

fn fail(name: &str, problem: &str) -> ExitCode {
    eprintln!("parse: {name}: {problem}");
    ExitCode::FAILURE
}
