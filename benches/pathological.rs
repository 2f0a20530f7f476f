//! `cargo bench --bench pathological`: hostile shapes at 64 KiB, 256 KiB,
//! 1 MiB and 4 MiB. Each series is one criterion group with
//! `Throughput::Bytes`, so the per-byte cost at each size is read from one
//! run: it must stay flat as the input grows (linear total cost).

use std::hint::black_box;
use std::time::Duration;

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};

#[path = "../tests/common/mod.rs"]
mod common;
use common::{HOSTILE_SERIES, repeat_to};

const HEADER: &str = "<!--1677087543000-->\n[t](https://a.example/x)\n------\n\n";
const SIZES: [usize; 4] = [64 << 10, 256 << 10, 1 << 20, 4 << 20];

fn pathological(c: &mut Criterion) {
    for (name, build) in HOSTILE_SERIES {
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
