//! Code generation speed: each spec from YAML text to formatted crate files,
//! in process, against reading and parsing the same YAML (the floor any
//! generator pays). Target: all five specs well under one second.

use nttcom_benches::{Samples, alternate, ms};

const ROUNDS: usize = 7;

fn main() {
    let root = xtask::workspace_root();
    let specs = xtask::spec_files(&root).expect("specs/ is readable");
    println!("code generation: median of {ROUNDS} rounds per spec (release build)");
    let (mut parse_total, mut generate_total) = (0.0, 0.0);
    for spec in &specs {
        let (parse, generate): (Samples, Samples) = alternate(
            ROUNDS,
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
         (target: all specs < 1000 ms: {})",
        "all specs",
        if generate_total < 1000.0 {
            "met"
        } else {
            "MISSED"
        }
    );
}
