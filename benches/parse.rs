//! `cargo bench --bench parse`: `parse_article` on the bundled sample,
//! beside html5ever building its reference DOM (`markup5ever_rcdom`) from
//! the same body, so the ratio between the two is read from one run.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use html5ever::tendril::TendrilSink;
use html5ever::{ParseOpts, QualName, local_name, ns, parse_fragment};
use markup5ever_rcdom::RcDom;

const SAMPLE: &str = include_str!("../examples/sample.md");

fn body(input: &str) -> &str {
    input.splitn(5, '\n').nth(4).unwrap_or_default()
}

fn sample(c: &mut Criterion) {
    let mut group = c.benchmark_group("sample");
    group.throughput(Throughput::Bytes(SAMPLE.len() as u64));
    group.bench_function("parse_article", |b| {
        b.iter(|| newsarchive::parse_article(black_box(SAMPLE)))
    });
    group.bench_function("rcdom_parse_only", |b| {
        b.iter(|| {
            parse_fragment(
                RcDom::default(),
                ParseOpts::default(),
                QualName::new(None, ns!(html), local_name!("body")),
                vec![],
                false,
            )
            .one(black_box(body(SAMPLE)))
        })
    });
    group.finish();
}

criterion_group!(benches, sample);
criterion_main!(benches);
