//! The Rust peers of bench/reverse.py: the workloads of bench/kernels written once in Rust over
//! `Real` (src/workloads.rs), on the inputs the C program dumped (bench/peers.py writes them as
//! lines `name count values...`, as for ADOL-C), differentiated by num-dual (forward: `Dual64`
//! for one tangent, `DualSVec64<8>` for eight) or by ad_trait (reverse: `adr`, which records a
//! tape on every call, then one backward sweep per output). Usage:
//!
//!   rust_peers FAMILY INPUTS.txt num-dual|ad_trait
//!
//! Scalar objectives (gmm, lstm, ode, fft): forward tangents along bench/gradient.c's directions,
//! the gradient's entries bench/gradient.c samples. Jacobians (ba, jacobian): forward builds the
//! whole Jacobian by n width-1 or n/8 width-8 sweeps, reverse by one tape and a backward sweep per
//! row, as the C kernels. Times follow bench/driver.c: calibrated repetitions, a warm-up, 5
//! interleaved runs of thread CPU time, medians (primal: the same generic code at `f64`). Prints
//! one JSON object as bench/adolc/ does: "values" (compared with Catalase's), "runs", "note".

mod jacobians;
mod real;
mod timing;
mod workloads;

use std::collections::HashMap;

use ad_trait::reverse_ad::adr::{adr, GlobalComputationGraph};
use nalgebra::SVector;
use num_dual::{Derivative, Dual64, DualSVec64};

use real::Rev;
use timing::{array, compare};
use workloads::Data;

/// How many gradient entries (or Jacobian entries) are compared with Catalase's.
const SAMPLE: usize = 48;

fn read_data(path: &str) -> Data {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("rust_peers: cannot read {path}: {e}"));
    let mut d = HashMap::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let (Some(name), Some(_count)) = (words.next(), words.next()) else {
            continue;
        };
        d.insert(
            name.to_string(),
            words.map(|w| w.parse::<f64>().expect("a number")).collect(),
        );
    }
    d
}

/// bench/gradient.c's direction_fill: lane `lane`, entry k = sin(0.37 (k+1) (lane+1)).
fn direction(n: usize, lane: usize) -> Vec<f64> {
    (0..n)
        .map(|k| (0.37 * (k + 1) as f64 * (lane + 1) as f64).sin())
        .collect()
}

/// `SAMPLE` entries of `v`, evenly spread (bench/gradient.c's gradient_sample).
fn sampled(v: &[f64]) -> Vec<f64> {
    let m = v.len().min(SAMPLE);
    (0..m).map(|j| v[j * v.len() / m]).collect()
}

/// ad_trait's gradient of a scalar function: a fresh tape, one variable per input, one
/// backward sweep. Returns the number of tape nodes too.
fn adr_gradient(f: &dyn Fn(&[Rev]) -> Rev, x: &[f64], g: &mut [f64]) -> usize {
    GlobalComputationGraph::get().reset();
    let vars: Vec<Rev> = x
        .iter()
        .map(|&v| Rev(adr::new_variable(v, false)))
        .collect();
    let y = f(&vars);
    let adjoints = y.0.get_backwards_mode_grad();
    for (gi, v) in g.iter_mut().zip(&vars) {
        *gi = adjoints.wrt(&v.0);
    }
    GlobalComputationGraph::get().num_nodes()
}

fn dual1(x: &[f64], dir: &[f64]) -> Vec<Dual64> {
    x.iter()
        .zip(dir)
        .map(|(&v, &t)| Dual64::new(v, t))
        .collect()
}

fn dual8(x: &[f64], dirs: &[Vec<f64>]) -> Vec<DualSVec64<8>> {
    (0..x.len())
        .map(|i| {
            let eps = SVector::<f64, 8>::from_fn(|l, _| dirs[l][i]);
            DualSVec64::<8>::new(x[i], Derivative::some(eps))
        })
        .collect()
}

fn lanes8(y: DualSVec64<8>) -> Vec<f64> {
    match y.eps.0 {
        Some(e) => e.iter().cloned().collect(),
        None => vec![0.0; 8],
    }
}

/// A scalar objective at every number type, on one flat input vector.
struct Scalar<'a> {
    f64: &'a dyn Fn(&[f64]) -> f64,
    d1: &'a dyn Fn(&[Dual64]) -> Dual64,
    d8: &'a dyn Fn(&[DualSVec64<8>]) -> DualSVec64<8>,
    rev: &'a dyn Fn(&[Rev]) -> Rev,
}

fn scalar(f: &Scalar, x: Vec<f64>, peer: &str) {
    let n = x.len();
    let mut primal = || {
        std::hint::black_box((f.f64)(std::hint::black_box(&x)));
    };
    if peer == "num-dual" {
        let dirs: Vec<Vec<f64>> = (0..8).map(|l| direction(n, l)).collect();
        let t1 = (f.d1)(&dual1(&x, &dirs[0])).eps;
        let t8 = lanes8((f.d8)(&dual8(&x, &dirs)));
        let run1 = compare(&mut primal, &mut || {
            std::hint::black_box((f.d1)(&dual1(&x, &dirs[0])));
        });
        let run8 = compare(&mut primal, &mut || {
            std::hint::black_box((f.d8)(&dual8(&x, &dirs)));
        });
        println!(
            "{{\"values\": {{\"fwd1\": {}, \"fwd8\": {}}}, \"runs\": {{\"fwd1\": {run1}, \"fwd8\": {run8}}}, \
             \"note\": \"num-dual 0.15: Dual64 (width 1), DualSVec64<8> (width 8)\"}}",
            array(&[t1]),
            array(&t8)
        );
    } else {
        let mut g = vec![0.0; n];
        let nodes = adr_gradient(f.rev, &x, &mut g);
        let values = sampled(&g);
        let run = compare(&mut primal, &mut || {
            adr_gradient(f.rev, &x, &mut g);
        });
        let bytes = nodes * std::mem::size_of::<ad_trait::reverse_ad::adr::ComputationGraphNode>();
        println!(
            "{{\"values\": {{\"grad\": {}}}, \"runs\": {{\"grad\": {run}}}, \"tape_bytes\": {bytes}, \
             \"note\": \"ad_trait 0.3 adr: taping + one backward sweep per call; tape {nodes} nodes\"}}",
            array(&values)
        );
    }
}

fn concat(d: &Data, names: &[&str]) -> Vec<f64> {
    names.iter().flat_map(|n| d[*n].iter().cloned()).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 || (args[3] != "num-dual" && args[3] != "ad_trait") {
        eprintln!("usage: rust_peers FAMILY INPUTS.txt num-dual|ad_trait");
        std::process::exit(2);
    }
    let (family, d, peer) = (args[1].as_str(), read_data(&args[2]), args[3].as_str());
    match family {
        "jacobian" => jacobians::dense(&d, peer),
        "ba" => jacobians::bundle(&d, peer),
        _ => run_scalar(family, &d, peer),
    }
}

/// A `Scalar` of one expression in `x`, the inputs, at every number type.
macro_rules! every_type {
    (|$x:ident| $body:expr) => {
        Scalar {
            f64: &|$x: &[f64]| $body,
            d1: &|$x: &[Dual64]| $body,
            d8: &|$x: &[DualSVec64<8>]| $body,
            rev: &|$x: &[Rev]| $body,
        }
    };
}

fn run_scalar(family: &str, d: &Data, peer: &str) {
    match family {
        "gmm" => scalar(
            &every_type!(|x| workloads::gmm(x, d)),
            concat(d, &["alphas", "means", "qs", "ls"]),
            peer,
        ),
        "lstm" => scalar(
            &every_type!(|x| workloads::lstm(x, d)),
            concat(d, &["main_params", "extra_params"]),
            peer,
        ),
        "ode" => scalar(
            &every_type!(|x| workloads::ode(x, d)),
            concat(d, &["p", "u0", "v0"]),
            peer,
        ),
        "fft" => {
            let tw = workloads::twiddles(d["dims"][0] as usize);
            scalar(
                &every_type!(|x| workloads::fft(x, d, &tw)),
                concat(d, &["xr", "xi"]),
                peer,
            )
        }
        _ => {
            eprintln!("rust_peers: no family {family}");
            std::process::exit(2);
        }
    }
}
