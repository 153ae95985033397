//! Timing as bench/driver.c does it (calibrated repetitions, a warm-up, interleaved runs of
//! thread CPU time, medians and spread) and the JSON the peers print.

use std::time::Duration;

const RUNS: usize = 5;
const WARMUP: usize = 1;
/// The primal's repetitions per sample are doubled until a sample lasts this long.
const MIN_SAMPLE: Duration = Duration::from_millis(2);

/// This thread's CPU time (CLOCK_THREAD_CPUTIME_ID), as bench/driver.c measures.
fn now() -> f64 {
    #[repr(C)]
    struct Timespec {
        sec: i64,
        nsec: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, t: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut t = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `t` is a valid, writable timespec for the call's duration.
    unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut t) };
    t.sec as f64 + 1e-9 * t.nsec as f64
}

fn sample(f: &mut dyn FnMut(), reps: u64) -> f64 {
    let start = now();
    for _ in 0..reps {
        f();
    }
    (now() - start) / reps as f64
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// bench/driver.c's protocol; the JSON of one comparison.
pub fn compare(primal: &mut dyn FnMut(), deriv: &mut dyn FnMut()) -> String {
    let mut reps = 1u64;
    while sample(primal, reps) * (reps as f64) < MIN_SAMPLE.as_secs_f64() && reps < 1 << 30 {
        reps *= 2;
    }
    for _ in 0..WARMUP {
        sample(primal, reps);
        sample(deriv, reps);
    }
    let (mut p, mut t, mut r) = (vec![], vec![], vec![]);
    for _ in 0..RUNS {
        p.push(sample(primal, reps));
        t.push(sample(deriv, reps));
        r.push(t[t.len() - 1] / p[p.len() - 1]);
    }
    let (lo, hi) = (
        r.iter().cloned().fold(f64::INFINITY, f64::min),
        r.iter().cloned().fold(0.0, f64::max),
    );
    format!(
        "{{\"ratio\": {:.6e}, \"lo\": {lo:.6e}, \"hi\": {hi:.6e}, \"primal_s\": {:.6e}, \"tangent_s\": {:.6e}, \"reps\": {reps}}}",
        median(r),
        median(p),
        median(t)
    )
}

pub fn array(v: &[f64]) -> String {
    let items: Vec<String> = v.iter().map(|x| format!("{x:e}")).collect();
    format!("[{}]", items.join(", "))
}
