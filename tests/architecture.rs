//! The crate's module graph has no circles: no top-level module of `src/`
//! (a file, or a folder with its submodules) uses a module that uses it
//! back, directly or through others. Read from the source's `crate::`
//! paths, so a new circle fails here, with the path of modules.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The top-level module each `.rs` file under `src/` belongs to.
fn module_of(path: &Path, src: &Path) -> Option<String> {
    let rel = path.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_owned())
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every top-level module named after `crate::` in `text`, outside
/// comments (`use crate::{a, b}` names both).
fn crate_paths(text: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split(['}', ','])
                    .map(|n| n.trim().split("::").next().unwrap_or_default())
                    .collect(),
                None => vec![
                    rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .next()
                        .unwrap(),
                ],
            };
            found.extend(
                names
                    .into_iter()
                    .filter(|n| modules.contains(*n))
                    .map(str::to_owned),
            );
        }
    }
    found
}

/// A path of modules that ends where it began, if the graph has one.
fn find_circle(uses: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    // Depth-first, with the path so far: a module met again on it closes
    // a circle.
    fn visit(
        m: &str,
        uses: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|p| p == m) {
            let mut circle = path[at..].to_vec();
            circle.push(m.to_owned());
            return Some(circle);
        }
        if done.contains(m) {
            return None;
        }
        path.push(m.to_owned());
        for next in uses.get(m).into_iter().flatten() {
            if let Some(circle) = visit(next, uses, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(m.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    uses.keys()
        .find_map(|m| visit(m, uses, &mut Vec::new(), &mut done))
}

#[test]
fn no_module_uses_a_module_that_uses_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(f, &src)).collect();
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(module) = module_of(file, &src) else {
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        let mut used = crate_paths(&text, &modules);
        used.remove(&module);
        uses.entry(module).or_default().extend(used);
    }
    assert!(uses.len() >= 10, "found only {:?}", uses.keys());
    if let Some(circle) = find_circle(&uses) {
        panic!("modules in a circle: {}", circle.join(" -> "));
    }
    // The parser's modules never reach the writers.
    for reader in [
        "dom", "body", "content", "date", "figure", "header", "links", "text",
    ] {
        assert!(
            !uses.get(reader).is_some_and(|u| u.contains("output")),
            "{reader} uses output"
        );
    }
}

/// The check itself reads paths and finds circles.
#[test]
fn the_check_finds_a_circle() {
    let modules: BTreeSet<String> = ["a", "b", "c"].map(String::from).into();
    assert_eq!(
        crate_paths(
            "use crate::{b::X, c};\nlet y = crate::a::f(); // crate::d",
            &modules
        ),
        ["a", "b", "c"].map(String::from).into()
    );
    let graph = |edges: &[(&str, &str)]| {
        let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in edges {
            uses.entry((*from).into()).or_default().insert((*to).into());
        }
        uses
    };
    assert_eq!(
        find_circle(&graph(&[("a", "b"), ("b", "c"), ("a", "c")])),
        None
    );
    assert_eq!(
        find_circle(&graph(&[("a", "b"), ("b", "c"), ("c", "a")])),
        Some(["a", "b", "c", "a"].map(String::from).to_vec())
    );
}
