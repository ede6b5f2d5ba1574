//! One cold build, timed by the clock and by the CPU time of its processes.

use std::fmt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::programs::{Program, cargo};
use crate::timings::{self, Unit};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Debug,
    Release,
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Profile::Debug => "debug",
            Profile::Release => "release",
        })
    }
}

pub struct Build {
    pub profile: Profile,
    pub wall: Duration,
    /// User + system time of every process the build ran and waited for.
    pub cpu: Duration,
    pub units: Vec<Unit>,
    pub binary_bytes: u64,
}

/// Builds `program` in `profile` into an empty target directory.
pub fn cold_build(program: &Program, profile: Profile) -> Result<Build, String> {
    let target = program.dir.join(format!("target-{profile}"));
    let _ = std::fs::remove_dir_all(&target);
    let mut command = Command::new(cargo());
    command
        .args(["build", "--quiet", "--timings", "--target-dir"])
        .arg(&target)
        .current_dir(&program.dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if profile == Profile::Release {
        command.arg("--release");
    }
    // A cold build as a user's would run: no compiler cache, no inherited
    // target directory, incremental settings or jobserver of an outer cargo.
    for var in [
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET_DIR",
        "RUSTC_WRAPPER",
        "CARGO_BUILD_RUSTC_WRAPPER",
        "CARGO_INCREMENTAL",
        "CARGO_MAKEFLAGS",
        "MAKEFLAGS",
        "MFLAGS",
    ] {
        command.env_remove(var);
    }
    let cpu_before = children_cpu();
    let started = Instant::now();
    let output = command.output().map_err(|e| format!("cargo build: {e}"))?;
    let wall = started.elapsed();
    let cpu = children_cpu().saturating_sub(cpu_before);
    if !output.status.success() {
        return Err(format!(
            "cargo build ({profile}) of `{}` failed:\n{}",
            program.label,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let units = timings::read(&target.join("cargo-timings/cargo-timing.html"))?;
    let binary = target.join(profile.to_string()).join(&program.bin);
    let binary_bytes = std::fs::metadata(&binary)
        .map_err(|e| format!("{}: {e}", binary.display()))?
        .len();
    let _ = std::fs::remove_dir_all(&target);
    Ok(Build {
        profile,
        wall,
        cpu,
        units,
        binary_bytes,
    })
}

/// CPU time of this process's children that have ended and been waited for,
/// their own children included.
fn children_cpu() -> Duration {
    // SAFETY: getrusage only writes into the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}

/// The machine the figures come from.
pub fn print_conditions() {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".to_owned());
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    println!("{rustc}; {cpus} CPUs; load average before the builds: {load}");
}

pub fn print_report(builds: &[(String, Build)], top: usize) {
    println!();
    println!(
        "Cold builds (fresh target directory each). CPU s = user + system time of every\n\
         process the build ran; it is the figure to compare: it hardly moves when other\n\
         work shares the machine, while wall time does. unit s = sum of the units' own\n\
         durations from `cargo build --timings` (wall time per unit, overlapping).\n\
         MB = 10^6 bytes."
    );
    println!();
    println!(
        "{:<8} {:<24} {:>7} {:>7} {:>7} {:>6} {:>10}",
        "profile", "program", "wall s", "CPU s", "unit s", "units", "binary"
    );
    for (label, build) in builds {
        println!(
            "{:<8} {:<24} {:>7.1} {:>7.1} {:>7.1} {:>6} {:>7.2} MB",
            build.profile.to_string(),
            label,
            build.wall.as_secs_f64(),
            build.cpu.as_secs_f64(),
            build.units.iter().map(|u| u.seconds).sum::<f64>(),
            build.units.len(),
            build.binary_bytes as f64 / 1e6,
        );
    }
    for (label, build) in builds {
        println!();
        println!("heaviest units, {} `{label}` (seconds):", build.profile);
        let mut units: Vec<&Unit> = build.units.iter().collect();
        units.sort_by(|a, b| b.seconds.total_cmp(&a.seconds));
        for unit in units.into_iter().take(top) {
            println!("  {:>6.1}  {}", unit.seconds, unit.label);
        }
    }
}
