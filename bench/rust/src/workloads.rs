//! The workloads of bench/kernels, written once over `Real` (the same loops, in the same order,
//! as the C kernels and bench/adolc/adolc_peers.cpp), on the inputs the C program dumped.
// Index loops, as in the C kernels they mirror (several arrays indexed together).
#![allow(clippy::needless_range_loop)]

use std::collections::HashMap;
use std::f64::consts::PI;

use crate::real::Real;

/// The dumped arrays by name (`dims` holds a workload's sizes).
pub type Data = HashMap<String, Vec<f64>>;

fn dim(d: &Data, i: usize) -> usize {
    d["dims"][i] as usize
}

fn logsumexp<T: Real>(v: &[T]) -> T {
    let mut m = v[0];
    for &x in &v[1..] {
        if x.re() > m.re() {
            m = x;
        }
    }
    let mut s = T::cst(0.0);
    for &x in v {
        s += (x - m).exp();
    }
    s.ln() + m
}

/// GMM: `input` is alphas (K), means (K·D), qs (K·D), ls (K·D(D−1)/2), as gmm.c.
pub fn gmm<T: Real>(input: &[T], d: &Data) -> T {
    let (dd, k, n) = (dim(d, 0), dim(d, 1), dim(d, 2));
    let lt = dd * (dd - 1) / 2;
    let (alphas, rest) = input.split_at(k);
    let (means, rest) = rest.split_at(k * dd);
    let (qs, ls) = rest.split_at(k * dd);
    let x = &d["x"];
    let zero = T::cst(0.0);
    let (mut main_term, mut xc, mut qx) = (vec![zero; k], vec![zero; dd], vec![zero; dd]);
    let sum_q: Vec<T> = (0..k)
        .map(|c| qs[c * dd..(c + 1) * dd].iter().fold(zero, |s, &q| s + q))
        .collect();
    let mut total = zero;
    for i in 0..n {
        for c in 0..k {
            for j in 0..dd {
                xc[j] = T::cst(x[i * dd + j]) - means[c * dd + j];
            }
            let l = &ls[c * lt..];
            let mut li = 0;
            for r in 0..dd {
                qx[r] = qs[c * dd + r].exp() * xc[r];
            }
            for col in 0..dd {
                for r in col + 1..dd {
                    qx[r] += l[li] * xc[col];
                    li += 1;
                }
            }
            let mut sq = zero;
            for r in 0..dd {
                sq += qx[r] * qx[r];
            }
            main_term[c] = alphas[c] + sum_q[c] - sq * 0.5;
        }
        total += logsumexp(&main_term);
    }
    let mut prior = zero;
    for c in 0..k {
        let mut frob = zero;
        for j in 0..dd {
            frob += (qs[c * dd + j] * 2.0).exp();
        }
        for j in 0..lt {
            frob += ls[c * lt + j] * ls[c * lt + j];
        }
        prior += frob * -0.5;
    }
    total - logsumexp(alphas) * n as f64 + prior - 0.5 * (n * dd) as f64 * (2.0 * PI).ln()
}

fn sigmoid<T: Real>(x: T) -> T {
    T::cst(1.0) / ((-x).exp() + 1.0)
}

/// LSTM: `input` is the main parameters (2·L·4·B) then the extra ones (3·B), as lstm.c.
pub fn lstm<T: Real>(input: &[T], d: &Data) -> T {
    let (l_count, c, b) = (dim(d, 0), dim(d, 1), dim(d, 2));
    let (w, w2) = input.split_at(2 * l_count * 4 * b);
    let seq = &d["sequence"];
    let zero = T::cst(0.0);
    let mut s: Vec<T> = d["state0"].iter().map(|&v| T::cst(v)).collect();
    let (mut x2, mut gates, mut ypred) = (vec![zero; b], vec![zero; 4 * b], vec![zero; b]);
    let mut total = zero;
    for t in 0..c - 1 {
        for i in 0..b {
            x2[i] = w2[i] * seq[t * b + i];
        }
        let mut xp = x2.clone();
        for l in 0..l_count {
            let (weight, bias) = (&w[l * 8 * b..], &w[(l * 8 + 4) * b..]);
            let (hidden, cell) = (2 * l * b, (2 * l + 1) * b);
            for i in 0..b {
                gates[i] = sigmoid(xp[i] * weight[i] + bias[i]);
                gates[b + i] = sigmoid(s[hidden + i] * weight[b + i] + bias[b + i]);
                gates[2 * b + i] = sigmoid(xp[i] * weight[2 * b + i] + bias[2 * b + i]);
                gates[3 * b + i] = (s[hidden + i] * weight[3 * b + i] + bias[3 * b + i]).tanh();
            }
            for i in 0..b {
                s[cell + i] = s[cell + i] * gates[i] + gates[b + i] * gates[3 * b + i];
                s[hidden + i] = gates[2 * b + i] * s[cell + i].tanh();
            }
            xp.copy_from_slice(&s[hidden..hidden + b]);
        }
        for i in 0..b {
            ypred[i] = xp[i] * w2[b + i] + w2[2 * b + i];
        }
        let mut sum = zero;
        for &y in &ypred {
            sum += y.exp();
        }
        let lse = (sum + 2.0).ln();
        for i in 0..b {
            total += (ypred[i] - lse) * seq[(t + 1) * b + i];
        }
    }
    -total / ((c - 1) * b) as f64
}

/// The Brusselator's right-hand side on an n×n periodic grid (brusselator.c).
fn brusselator<T: Real>(n: usize, p: &[T], u: &[T], v: &[T], du: &mut [T], dv: &mut [T]) {
    let a = p[2] * ((n - 1) * (n - 1)) as f64;
    for i in 0..n {
        let (ip, im) = (
            if i == n - 1 { 0 } else { i + 1 },
            if i == 0 { n - 1 } else { i - 1 },
        );
        for j in 0..n {
            let (jp, jm) = (
                if j == n - 1 { 0 } else { j + 1 },
                if j == 0 { n - 1 } else { j - 1 },
            );
            let (uij, vij) = (u[i * n + j], v[i * n + j]);
            let lu = u[im * n + j] + u[ip * n + j] + u[i * n + jp] + u[i * n + jm] - uij * 4.0;
            let lv = v[im * n + j] + v[ip * n + j] + v[i * n + jp] + v[i * n + jm] - vij * 4.0;
            du[i * n + j] = a * lu + p[1] + uij * uij * vij - (p[0] + 1.0) * uij;
            dv[i * n + j] = a * lv + p[0] * uij - uij * uij * vij;
        }
    }
}

/// ODE: `input` is p (3), u0 (n²), v0 (n²); RK4 steps, then the mean of u² + v² (ode_grad.c).
pub fn ode<T: Real>(input: &[T], d: &Data) -> T {
    let (n, steps, dt) = (dim(d, 0), dim(d, 1), d["dims"][2]);
    let nn = n * n;
    let p = &input[..3];
    let (mut u, mut v) = (
        input[3..3 + nn].to_vec(),
        input[3 + nn..3 + 2 * nn].to_vec(),
    );
    let zero = T::cst(0.0);
    let (mut tu, mut tv) = (vec![zero; nn], vec![zero; nn]);
    let (mut ku, mut kv) = (vec![vec![zero; nn]; 4], vec![vec![zero; nn]; 4]);
    let c = [0.5 * dt, 0.5 * dt, dt];
    for _ in 0..steps {
        brusselator(n, p, &u, &v, &mut ku[0], &mut kv[0]);
        for st in 1..4 {
            for k in 0..nn {
                tu[k] = u[k] + ku[st - 1][k] * c[st - 1];
                tv[k] = v[k] + kv[st - 1][k] * c[st - 1];
            }
            brusselator(n, p, &tu, &tv, &mut ku[st], &mut kv[st]);
        }
        for k in 0..nn {
            u[k] += (ku[0][k] + ku[1][k] * 2.0 + ku[2][k] * 2.0 + ku[3][k]) * (dt / 6.0);
            v[k] += (kv[0][k] + kv[1][k] * 2.0 + kv[2][k] * 2.0 + kv[3][k]) * (dt / 6.0);
        }
    }
    let mut loss = zero;
    for k in 0..nn {
        loss += u[k] * u[k] + v[k] * v[k];
    }
    loss / nn as f64
}

/// FFT: `input` is the real parts then the imaginary parts; a radix-2 loop (fft_grad.c), then
/// the weighted power spectrum's mean. `twiddles` is (cos, sin) of −2πk/N, computed once.
pub fn fft<T: Real>(input: &[T], d: &Data, twiddles: &[(f64, f64)]) -> T {
    let nf = dim(d, 0);
    let log2n = nf.trailing_zeros();
    let zero = T::cst(0.0);
    let (mut wr, mut wi) = (vec![zero; nf], vec![zero; nf]);
    for i in 0..nf {
        let j = i.reverse_bits() >> (usize::BITS - log2n);
        wr[j] = input[i];
        wi[j] = input[nf + i];
    }
    let (mut half, mut step) = (1, nf / 2);
    while half < nf {
        for s in (0..nf).step_by(2 * half) {
            for k in 0..half {
                let (a, b) = (s + k, s + k + half);
                let (cr, ci) = twiddles[k * step];
                let tr = wr[b] * cr - wi[b] * ci;
                let ti = wr[b] * ci + wi[b] * cr;
                wr[b] = wr[a] - tr;
                wi[b] = wi[a] - ti;
                wr[a] += tr;
                wi[a] += ti;
            }
        }
        half *= 2;
        step /= 2;
    }
    let mut loss = zero;
    for k in 0..nf {
        loss += (wr[k] * wr[k] + wi[k] * wi[k]) / (1.0 + (k % 17) as f64);
    }
    loss / nf as f64
}

pub fn twiddles(nf: usize) -> Vec<(f64, f64)> {
    (0..nf / 2)
        .map(|k| {
            (
                (-2.0 * PI * k as f64 / nf as f64).cos(),
                (-2.0 * PI * k as f64 / nf as f64).sin(),
            )
        })
        .collect()
}

/// The dense Jacobian's vector function: y = tanh(W2 tanh(W1 x + b)) + 0.1 s ⊙ x (jacobian_grad.c).
pub fn vecfun<T: Real>(x: &[T], y: &mut [T], d: &Data) {
    let n = dim(d, 0);
    let (w1, w2, b) = (&d["w1"], &d["w2"], &d["b"]);
    let mut h = vec![T::cst(0.0); n];
    for i in 0..n {
        let mut s = T::cst(b[i]);
        for j in 0..n {
            s += x[j] * w1[i * n + j];
        }
        h[i] = s.tanh();
    }
    for i in 0..n {
        let mut s = T::cst(0.0);
        for j in 0..n {
            s += h[j] * w2[i * n + j];
        }
        y[i] = s.tanh() + s * 0.1 * x[i];
    }
}

/// BA: (camera 11, point 3, weight 1) and the feature (2, data) → the weighted reprojection
/// error (ba_grad.c).
pub fn reproj<T: Real>(input: &[T], feat: [f64; 2], err: &mut [T; 2]) {
    let (cam, x, w) = (&input[..11], &input[11..14], input[14]);
    let xo = [x[0] - cam[3], x[1] - cam[4], x[2] - cam[5]];
    let sq = cam[0] * cam[0] + cam[1] * cam[1] + cam[2] * cam[2];
    let theta = sq.sqrt();
    let (ct, st) = (theta.cos(), theta.sin());
    let wv = [cam[0] / theta, cam[1] / theta, cam[2] / theta];
    let c = [
        wv[1] * xo[2] - wv[2] * xo[1],
        wv[2] * xo[0] - wv[0] * xo[2],
        wv[0] * xo[1] - wv[1] * xo[0],
    ];
    let tmp = (wv[0] * xo[0] + wv[1] * xo[1] + wv[2] * xo[2]) * (T::cst(1.0) - ct);
    let xc: Vec<T> = (0..3)
        .map(|i| xo[i] * ct + c[i] * st + wv[i] * tmp)
        .collect();
    let (px, py) = (xc[0] / xc[2], xc[1] / xc[2]);
    let rsq = px * px + py * py;
    let l = T::cst(1.0) + cam[9] * rsq + cam[10] * rsq * rsq;
    err[0] = w * (px * l * cam[6] + cam[7] - feat[0]);
    err[1] = w * (py * l * cam[6] + cam[8] - feat[1]);
}
