//! Code generation speed: each spec from YAML text to formatted crate files,
//! in process, against reading and parsing the same YAML (the floor any
//! generator pays); then `cargo xtask generate --check` as a whole process
//! (this release build, run as the xtask), which also starts up, reads the
//! crates on disk and checks the workspace sections. Target: all five specs
//! within 150 ms in process.
//!
//! `NTTCOM_BENCH_ROUNDS` sets the rounds (default 7), e.g. 1 under
//! `valgrind --tool=callgrind`, whose instruction counts repeat exactly.

use std::process::Command;

use nttcom_benches::{Samples, alternate, ms, time};

/// When set, this binary is the xtask: how the whole-process figure runs it.
const AS_XTASK: &str = "NTTCOM_BENCH_AS_XTASK";

const TARGET_MS: f64 = 150.0;

fn main() {
    if std::env::var_os(AS_XTASK).is_some() {
        let args: Vec<String> = std::env::args().skip(1).collect();
        std::process::exit(if xtask::cli::run(&xtask::workspace_root(), &args) {
            0
        } else {
            1
        });
    }
    let rounds: usize = std::env::var("NTTCOM_BENCH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let root = xtask::workspace_root();
    let specs = xtask::spec_files(&root).expect("specs/ is readable");
    println!("code generation: median of {rounds} rounds per spec (release build)");
    let (mut parse_total, mut generate_total) = (0.0, 0.0);
    for spec in &specs {
        let (parse, generate): (Samples, Samples) = alternate(
            rounds,
            || {
                std::hint::black_box(spec.read().expect("spec parses"));
            },
            || {
                std::hint::black_box(xtask::generate(spec).expect("spec generates"));
            },
        );
        let (p, g) = (ms(parse.median()), ms(generate.median()));
        parse_total += p;
        generate_total += g;
        println!(
            "  {:<22} parse YAML {p:>7.2} ms   generate crate {g:>8.2} ms   ratio {:>6.1}",
            spec.slug,
            g / p.max(1e-9)
        );
    }
    println!(
        "  {:<22} parse YAML {parse_total:>7.2} ms   generate crate {generate_total:>8.2} ms   \
         (target: all specs <= {TARGET_MS:.0} ms: {})",
        "all specs",
        if generate_total <= TARGET_MS {
            "met"
        } else {
            "MISSED"
        }
    );
    whole_process(rounds);
}

/// `cargo xtask generate --check` as a process: this binary, as the xtask.
fn whole_process(rounds: usize) {
    let exe = std::env::current_exe().expect("the bench binary");
    let mut samples = Samples::default();
    for _ in 0..rounds {
        let (output, took) = time(|| {
            Command::new(&exe)
                .args(["generate", "--check"])
                .env(AS_XTASK, "1")
                .output()
                .expect("the xtask runs")
        });
        assert!(
            output.status.success(),
            "cargo xtask generate --check failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        samples.push(took);
    }
    println!(
        "  {:<22} cargo xtask generate --check as a process: {:>8.2} ms (median of {rounds})",
        "whole process",
        ms(samples.median())
    );
}
