//! The Jacobian workloads (dense Jacobian, bundle adjustment) as the C kernels compute them:
//! forward (num-dual) by n width-1 or n/8 width-8 sweeps of unit tangents, reverse (ad_trait) by
//! one tape per evaluation and one backward sweep per output row.

use ad_trait::reverse_ad::adr::{adr, GlobalComputationGraph};
use nalgebra::SVector;
use num_dual::{Derivative, Dual64, DualSVec64};

use crate::real::{Real, Rev};
use crate::timing::{array, compare};
use crate::workloads::{self, Data};
use crate::SAMPLE;

/// `x` as width-1 duals with the unit tangent of input `j`.
fn unit1(x: &[f64], j: usize) -> Vec<Dual64> {
    x.iter()
        .enumerate()
        .map(|(i, &v)| Dual64::new(v, if i == j { 1.0 } else { 0.0 }))
        .collect()
}

/// `x` as width-8 duals whose lane l is the unit tangent of input `j + l` (none past `cols`).
fn unit8(x: &[f64], j: usize, cols: usize) -> Vec<DualSVec64<8>> {
    x.iter()
        .enumerate()
        .map(|(i, &v)| {
            let eps =
                SVector::<f64, 8>::from_fn(|l, _| if i == j + l && i < cols { 1.0 } else { 0.0 });
            DualSVec64::<8>::new(v, Derivative::some(eps))
        })
        .collect()
}

fn lane(y: &DualSVec64<8>, l: usize) -> f64 {
    y.eps.0.as_ref().map_or(0.0, |e| e[l])
}

/// The Jacobian (rows × `cols`, row-major) of `f` at `x` by width-1 sweeps.
fn forward1<F: Fn(&[Dual64], &mut [Dual64])>(
    f: &F,
    x: &[f64],
    rows: usize,
    cols: usize,
    jac: &mut [f64],
) {
    let mut y = vec![Dual64::cst(0.0); rows];
    for j in 0..cols {
        f(&unit1(x, j), &mut y);
        for i in 0..rows {
            jac[i * cols + j] = y[i].eps;
        }
    }
}

fn forward8<F: Fn(&[DualSVec64<8>], &mut [DualSVec64<8>])>(
    f: &F,
    x: &[f64],
    rows: usize,
    cols: usize,
    jac: &mut [f64],
) {
    let mut y = vec![DualSVec64::<8>::cst(0.0); rows];
    for j in (0..cols).step_by(8) {
        f(&unit8(x, j, cols), &mut y);
        for i in 0..rows {
            for l in 0..8.min(cols - j) {
                jac[i * cols + j + l] = lane(&y[i], l);
            }
        }
    }
}

/// One tape of `f` (the first `cols` inputs variables, the rest constants), then a backward
/// sweep per row.
fn reverse<F: Fn(&[Rev], &mut [Rev])>(f: &F, x: &[f64], rows: usize, cols: usize, jac: &mut [f64]) {
    GlobalComputationGraph::get().reset();
    let vars: Vec<Rev> = x
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            Rev(if i < cols {
                adr::new_variable(v, false)
            } else {
                Rev::cst(v).0
            })
        })
        .collect();
    let mut y = vec![Rev::cst(0.0); rows];
    f(&vars, &mut y);
    for i in 0..rows {
        let adjoints = y[i].0.get_backwards_mode_grad();
        for j in 0..cols {
            jac[i * cols + j] = adjoints.wrt(&vars[j].0);
        }
    }
}

fn print(key: &str, values: &[f64], run: &str, note: &str) {
    println!(
        "{{\"values\": {{\"{key}\": {}}}, \"runs\": {{\"{key}\": {run}}}, \"note\": \"{note}\"}}",
        array(values)
    );
}

fn print_forward(f1: &[f64], f8: &[f64], run1: &str, run8: &str) {
    println!(
        "{{\"values\": {{\"fwd1\": {}, \"fwd8\": {}}}, \"runs\": {{\"fwd1\": {run1}, \"fwd8\": {run8}}}, \
         \"note\": \"num-dual 0.15: Dual64 (width 1), DualSVec64<8> (width 8); unit tangents\"}}",
        array(f1),
        array(f8)
    );
}

const REVERSE_NOTE: &str = "ad_trait 0.3 adr: one tape per evaluation, one backward sweep per row";

pub fn dense(d: &Data, peer: &str) {
    let n = d["dims"][0] as usize;
    let x = d["x"].clone();
    let mut jac = vec![0.0; n * n];
    let pick = |jac: &[f64]| -> Vec<f64> { (0..SAMPLE).map(|k| jac[k * n * n / SAMPLE]).collect() };
    let mut y = vec![0.0; n];
    let mut primal = || workloads::vecfun(std::hint::black_box(&x), &mut y, d);
    if peer == "num-dual" {
        let f1 = |x: &[Dual64], y: &mut [Dual64]| workloads::vecfun(x, y, d);
        let f8 = |x: &[DualSVec64<8>], y: &mut [DualSVec64<8>]| workloads::vecfun(x, y, d);
        forward1(&f1, &x, n, n, &mut jac);
        let v1 = pick(&jac);
        forward8(&f8, &x, n, n, &mut jac);
        let v8 = pick(&jac);
        let run1 = compare(&mut primal, &mut || forward1(&f1, &x, n, n, &mut jac));
        let run8 = compare(&mut primal, &mut || forward8(&f8, &x, n, n, &mut jac));
        print_forward(&v1, &v8, &run1, &run8);
    } else {
        let f = |x: &[Rev], y: &mut [Rev]| workloads::vecfun(x, y, d);
        reverse(&f, &x, n, n, &mut jac);
        let v = pick(&jac);
        let run = compare(&mut primal, &mut || reverse(&f, &x, n, n, &mut jac));
        print("grad", &v, &run, REVERSE_NOTE);
    }
}

/// Bundle adjustment: per observation, the 2×15 Jacobian of the reprojection error in the camera
/// (11), the point (3) and the weight; entries of observations 0, p/2 and p − 1 are compared.
pub fn bundle(d: &Data, peer: &str) {
    let p = d["dims"][0] as usize;
    let (cams, pts, w, feats) = (&d["cams"], &d["pts"], &d["weights"], &d["feats"]);
    let (cam_of, pt_of) = (&d["cam_of"], &d["pt_of"]);
    // Observation o's camera, point and weight, gathered on every call as ba_grad.c reads them.
    let input = |o: usize| -> [f64; 15] {
        let (c, q) = (cam_of[o] as usize, pt_of[o] as usize);
        let mut v = [0.0; 15];
        v[..11].copy_from_slice(&cams[c * 11..c * 11 + 11]);
        v[11..14].copy_from_slice(&pts[q * 3..q * 3 + 3]);
        v[14] = w[o];
        v
    };
    let feat = |o: usize| [feats[2 * o], feats[2 * o + 1]];
    let mut jac = vec![0.0; p * 30];
    let checked = [0, p / 2, p - 1];
    let pick = |jac: &[f64]| -> Vec<f64> {
        checked
            .iter()
            .flat_map(|&o| jac[o * 30..o * 30 + 30].to_vec())
            .collect()
    };
    let mut errs = vec![[0.0; 2]; p];
    let mut primal = || {
        for (o, err) in errs.iter_mut().enumerate() {
            workloads::reproj(&std::hint::black_box(input(o)), feat(o), err);
        }
    };
    // Each observation's block through `sweep` (f, its input, rows, cols, the block).
    macro_rules! all {
        ($sweep:ident, $t:ty) => {
            |jac: &mut [f64]| {
                for o in 0..p {
                    let f = |x: &[$t], y: &mut [$t]| {
                        let mut e = [<$t>::cst(0.0); 2];
                        workloads::reproj(x, feat(o), &mut e);
                        y.copy_from_slice(&e);
                    };
                    $sweep(&f, &input(o), 2, 15, &mut jac[o * 30..o * 30 + 30]);
                }
            }
        };
    }
    if peer == "num-dual" {
        let (all1, all8) = (all!(forward1, Dual64), all!(forward8, DualSVec64<8>));
        all1(&mut jac);
        let v1 = pick(&jac);
        all8(&mut jac);
        let v8 = pick(&jac);
        let run1 = compare(&mut primal, &mut || all1(&mut jac));
        let run8 = compare(&mut primal, &mut || all8(&mut jac));
        print_forward(&v1, &v8, &run1, &run8);
    } else {
        let all = all!(reverse, Rev);
        all(&mut jac);
        let v = pick(&jac);
        let run = compare(&mut primal, &mut || all(&mut jac));
        print("grad", &v, &run, REVERSE_NOTE);
    }
}
