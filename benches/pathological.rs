//! `cargo bench --bench pathological`: hostile shapes at 64 KiB, 256 KiB,
//! 1 MiB and 4 MiB. Each series is one criterion group with
//! `Throughput::Bytes`, so the per-byte cost at each size is read from one
//! run: it must stay flat as the input grows (linear total cost).

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};

const HEADER: &str = "<!--1677087543000-->\n[t](https://a.example/x)\n------\n\n";
const SIZES: [usize; 4] = [64 << 10, 256 << 10, 1 << 20, 4 << 20];

/// The series: a name and a function that builds a body of about `n` bytes.
type Series = (&'static str, fn(usize) -> String);

fn repeat_to(unit: &str, n: usize) -> String {
    unit.repeat(n / unit.len().max(1) + 1)
}

const SERIES: &[Series] = &[
    ("div_nested", |n| repeat_to("<div>", n) + "x"),
    ("li_unclosed", |n| repeat_to("<li>x", n)),
    ("ul_li_nested", |n| repeat_to("<ul><li>", n) + "x"),
    ("b_unclosed", |n| repeat_to("<b>x", n)),
    ("i_unclosed", |n| repeat_to("<i>x", n)),
    ("a_unclosed", |n| repeat_to("<a href=/x>x", n)),
    ("table_nested", |n| repeat_to("<table>", n) + "x"),
    ("p_span_nested", |n| repeat_to("<p><span>", n) + "x"),
    ("one_text_node", |n| repeat_to("字", n)),
    ("figures", |n| {
        repeat_to(
            r#"<img src="https://images.weserv.nl?url=a.example/p.jpg"><div><small>说明</small></div>"#,
            n,
        )
    }),
    ("one_element_attributes", |n| {
        let mut s = String::from("<div");
        let mut i = 0;
        while s.len() < n {
            s.push_str(&format!(" a{i}=v"));
            i += 1;
        }
        s + ">x</div>"
    }),
    ("empty_paragraphs", |n| repeat_to("<p></p>", n)),
];

fn pathological(c: &mut Criterion) {
    for (name, build) in SERIES {
        let mut group = c.benchmark_group(*name);
        group.sampling_mode(SamplingMode::Flat);
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(3));
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
    let mut group = c.benchmark_group("title_line");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(3));
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

criterion_group!(benches, pathological);
criterion_main!(benches);
