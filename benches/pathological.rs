//! `cargo bench --bench pathological`: hostile shapes at 64 KiB, 256 KiB,
//! 1 MiB and 4 MiB. Each series is one criterion group with
//! `Throughput::Bytes`, so the per-byte cost at each size is read from one
//! run: it must stay flat as the input grows (linear total cost).
//!
//! The writers too: `to_archive/<series>`, `to_markdown/<series>` and
//! `to_text/<series>` write the article parsed from each series of
//! [`WRITER_SERIES`] (its throughput is still the input's bytes).

use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group,
    criterion_main,
};

#[path = "../tests/common/mod.rs"]
mod common;
use common::{HOSTILE_SERIES, repeat_to};

const HEADER: &str = "<!--1677087543000-->\n[t](https://a.example/x)\n------\n\n";
const SIZES: [usize; 4] = [64 << 10, 256 << 10, 1 << 20, 4 << 20];

/// A group of ten flat samples of three seconds: the large sizes take a
/// while per run.
fn flat_group(c: &mut Criterion, name: String) -> BenchmarkGroup<'_, WallTime> {
    let mut group = c.benchmark_group(name);
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
    group
}

fn pathological(c: &mut Criterion) {
    for (name, build) in HOSTILE_SERIES {
        let mut group = flat_group(c, (*name).to_owned());
        for size in SIZES {
            let input = format!("{HEADER}{}", build(size));
            group.throughput(Throughput::Bytes(input.len() as u64));
            group.bench_with_input(BenchmarkId::from_parameter(size), &input, |b, input| {
                b.iter(|| newsarchive::parse_article(black_box(input)))
            });
        }
        group.finish();
    }
    // A title line of N bytes full of `](`.
    let mut group = flat_group(c, "title_line".to_owned());
    for size in SIZES {
        let input = format!(
            "<!--1677087543000-->\n[{}](https://a.example/x)\n------\n\n<p>x</p>",
            repeat_to("](", size)
        );
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(size), &input, |b, input| {
            b.iter(|| newsarchive::parse_article(black_box(input)))
        });
    }
    group.finish();
}

/// The series the writers are timed on: a text of many links, many
/// blocks, links in a long `<pre>`, figures with captions.
const WRITER_SERIES: &[&str] = &["a_unclosed", "paragraphs", "pre_links", "figures"];

fn writers(c: &mut Criterion) {
    type Writer = fn(&newsarchive::Article) -> String;
    let writers: [(&str, Writer); 3] = [
        ("to_archive", newsarchive::Article::to_archive),
        ("to_markdown", newsarchive::Article::to_markdown),
        ("to_text", newsarchive::Article::to_text),
    ];
    for (writer, write) in writers {
        for (name, build) in HOSTILE_SERIES
            .iter()
            .filter(|(n, _)| WRITER_SERIES.contains(n))
        {
            let mut group = flat_group(c, format!("{writer}/{name}"));
            for size in SIZES {
                let input = format!("{HEADER}{}", build(size));
                let article = newsarchive::parse_article(&input);
                group.throughput(Throughput::Bytes(input.len() as u64));
                group.bench_with_input(BenchmarkId::from_parameter(size), &article, |b, a| {
                    b.iter(|| write(black_box(a)))
                });
            }
            group.finish();
        }
        // An article built by hand (or read by a version that normalised
        // a link's text in a `<pre>`): the text keeps tabs and runs of
        // spaces, its links' text does not, so no link is found
        // verbatim. Issue 10: the Markdown writer searched the rest of
        // the text again for every link (344 KB, 460 ms).
        let mut group = flat_group(c, format!("{writer}/pre_links_normalised"));
        for size in SIZES {
            let unit = "x  a\t\tb  y\n";
            let text = repeat_to(unit, size);
            let count = text.len() / unit.len();
            let link = newsarchive::Link {
                href: "https://a.example/x".into(),
                text: "a b".into(),
            };
            let article = newsarchive::Article {
                blocks: vec![newsarchive::Block::Paragraph(newsarchive::Paragraph {
                    text,
                    links: vec![link.clone(); count],
                })],
                links: vec![link; count],
                ..newsarchive::Article::default()
            };
            group.throughput(Throughput::Bytes(size as u64));
            group.bench_with_input(BenchmarkId::from_parameter(size), &article, |b, a| {
                b.iter(|| write(black_box(a)))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, pathological, writers);
criterion_main!(benches);
