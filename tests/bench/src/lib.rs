//! A small measuring kit for the benchmarks in `benches/`.
//!
//! Every figure is printed next to a baseline measured in the same run, in
//! alternating rounds, so that a noisy shared machine shifts both sides alike
//! and the ratio stays meaningful. Nothing here asserts on time.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Timings of repeated runs of one piece of work.
#[derive(Clone, Debug, Default)]
pub struct Samples(Vec<Duration>);

impl Samples {
    pub fn push(&mut self, d: Duration) {
        self.0.push(d);
    }

    pub fn min(&self) -> Duration {
        self.0.iter().copied().min().unwrap_or_default()
    }

    pub fn median(&self) -> Duration {
        let mut sorted = self.0.clone();
        sorted.sort();
        sorted.get(sorted.len() / 2).copied().unwrap_or_default()
    }

    pub fn total(&self) -> Duration {
        self.0.iter().sum()
    }
}

/// Runs `f` once and returns how long it took.
pub fn time<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    (out, start.elapsed())
}

/// Runs `baseline` and `candidate` alternately `rounds` times each.
pub fn alternate(
    rounds: usize,
    mut baseline: impl FnMut(),
    mut candidate: impl FnMut(),
) -> (Samples, Samples) {
    let (mut b, mut c) = (Samples::default(), Samples::default());
    for _ in 0..rounds {
        b.push(time(&mut baseline).1);
        c.push(time(&mut candidate).1);
    }
    (b, c)
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Prints one comparison line: both medians, the ratio, and whether it meets `target`.
pub fn report(name: &str, baseline: &Samples, candidate: &Samples, target: f64) -> f64 {
    let ratio = candidate.median().as_secs_f64() / baseline.median().as_secs_f64().max(1e-12);
    println!(
        "{name:<44} baseline {:>9.3} ms  candidate {:>9.3} ms  ratio {ratio:>5.2}  (target <= {target:.2}: {})",
        ms(baseline.median()),
        ms(candidate.median()),
        if ratio <= target { "met" } else { "MISSED" },
    );
    ratio
}

/// A global allocator that tracks live and peak heap bytes, for memory figures.
/// Install with `#[global_allocator] static A: CountingAllocator = CountingAllocator::new();`.
pub struct CountingAllocator {
    live: AtomicUsize,
    peak: AtomicUsize,
}

impl CountingAllocator {
    pub const fn new() -> Self {
        Self {
            live: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    }

    /// Forgets the peak so far: the next [`peak_since_reset`](Self::peak_since_reset)
    /// counts from the bytes live now.
    pub fn reset_peak(&self) -> usize {
        let live = self.live.load(Ordering::Relaxed);
        self.peak.store(live, Ordering::Relaxed);
        live
    }

    /// Peak heap growth, in bytes, since `live_at_reset`.
    pub fn peak_since_reset(&self, live_at_reset: usize) -> usize {
        self.peak
            .load(Ordering::Relaxed)
            .saturating_sub(live_at_reset)
    }
}

impl Default for CountingAllocator {
    fn default() -> Self {
        Self::new()
    }
}

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counters are only statistics.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let live = self.live.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            self.peak.fetch_max(live, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) };
        self.live.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}
