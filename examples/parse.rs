//! Parse one archived article and print it.
//!
//! ```text
//! cargo run --example parse                 # the bundled sample
//! cargo run --example parse -- FILE         # a file (`-` for stdin)
//! cargo run --example parse -- --json FILE  # the serde JSON of the Article
//! ```

use std::io::Read;
use std::process::ExitCode;

const SAMPLE: &str = include_str!("sample.md");

fn main() -> ExitCode {
    let mut json = false;
    let mut path = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--json" => json = true,
            "-h" | "--help" => {
                println!("usage: parse [--json] [FILE | -]");
                return ExitCode::SUCCESS;
            }
            _ if path.is_none() => path = Some(arg),
            _ => {
                eprintln!("parse: unexpected argument `{arg}` (usage: parse [--json] [FILE | -])");
                return ExitCode::FAILURE;
            }
        }
    }
    let (name, input) = match path.as_deref() {
        None => ("bundled sample".to_owned(), SAMPLE.to_owned()),
        Some("-") => {
            let mut buf = String::new();
            if let Err(e) = std::io::stdin().read_to_string(&mut buf) {
                eprintln!("parse: stdin: {e}");
                return ExitCode::FAILURE;
            }
            ("stdin".to_owned(), buf)
        }
        Some(p) => match std::fs::read_to_string(p) {
            Ok(text) => (p.to_owned(), text),
            Err(e) => {
                eprintln!("parse: {p}: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let article = newsarchive::parse_article(&input);
    if json {
        match serde_json::to_string_pretty(&article) {
            Ok(text) => println!("{text}"),
            Err(e) => {
                eprintln!("parse: {name}: cannot serialise: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{article}");
    }
    ExitCode::SUCCESS
}
