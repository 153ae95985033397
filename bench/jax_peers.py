"""JAX, the peer written in Python: the workloads of bench/kernels rebuilt with jax.numpy on the
inputs the C program dumped (`exe dump`), differentiated with jax.grad / jax.jvp (scalar
objectives) or jax.jacrev / jax.jacfwd (BA blocks, dense Jacobian), jit-compiled, float64, on the
CPU with one thread (bench/common.py sets XLA_FLAGS; bench/reverse.py pins the process with
taskset). Run with bench/.venv's python by bench/peers.py:

  jax_peers.py FAMILY DUMP.json

Prints one JSON object: "values" (the gradient entries bench/gradient.c samples, or the same
Jacobian entries the C kernel compares, and the forward tangents along bench/gradient.c's
directions), "runs" (per derivative: the median, min and max over 11 runs of derivative ÷ primal
time, process CPU time, after a warm-up, and the median times) and "compile_s" (tracing and
compiling the gradient). The FFT uses jnp.fft (XLA's FFT), not a radix-2 loop."""
import json
import math
import sys
import time

import jax
import jax.numpy as jnp

jax.config.update("jax_enable_x64", True)

RUNS, WARMUP, MIN_SAMPLE, SAMPLE = 11, 2, 0.005, 48


def sample_indices(total):
    m = min(total, SAMPLE)
    return [j * total // m for j in range(m)]


def directions(sizes):
    """bench/gradient.c's direction_fill: lane l, entry k (through all inputs) = sin(0.37 (k+1) (l+1))."""
    total = sum(sizes)
    lanes = []
    for l in range(8):
        flat = jnp.sin(0.37 * jnp.arange(1, total + 1, dtype=jnp.float64) * (l + 1))
        parts, at = [], 0
        for n in sizes:
            parts.append(flat[at:at + n])
            at += n
        lanes.append(tuple(parts))
    return lanes


def gmm(d):
    D, K, N = (int(v) for v in d["dims"])
    rows = [r for c in range(D) for r in range(c + 1, D)]
    cols = [c for c in range(D) for r in range(c + 1, D)]
    x = jnp.array(d["x"]).reshape(N, D)

    def f(alphas, means, qs, ls):
        lm = jnp.zeros((K, D, D)).at[:, rows, cols].set(ls.reshape(K, -1))
        q = qs.reshape(K, D)
        xc = x[:, None, :] - means.reshape(1, K, D)
        qx = jnp.exp(q)[None] * xc + jnp.einsum("krc,nkc->nkr", lm, xc)
        main = alphas[None] + q.sum(-1)[None] - 0.5 * jnp.sum(qx * qx, -1)
        prior = -0.5 * (jnp.sum(jnp.exp(2.0 * qs)) + jnp.sum(ls * ls))
        return (jnp.sum(jax.nn.logsumexp(main, axis=1)) - N * jax.nn.logsumexp(alphas) + prior
                - 0.5 * N * D * math.log(2.0 * math.pi))
    return f, tuple(jnp.array(d[k]) for k in ("alphas", "means", "qs", "ls"))


def lstm(d):
    L, C, B = (int(v) for v in d["dims"])
    seq = jnp.array(d["sequence"]).reshape(C, B)
    state0 = jnp.array(d["state0"]).reshape(2 * L, B)

    def f(main, extra):
        w = main.reshape(L, 8, B)

        def step(state, t):
            xp = seq[t] * extra[:B]
            new = []
            for l in range(L):
                wl, hidden, cell = w[l], state[2 * l], state[2 * l + 1]
                g0 = jax.nn.sigmoid(xp * wl[0] + wl[4])
                g1 = jax.nn.sigmoid(hidden * wl[1] + wl[5])
                g2 = jax.nn.sigmoid(xp * wl[2] + wl[6])
                g3 = jnp.tanh(hidden * wl[3] + wl[7])
                cell = cell * g0 + g1 * g3
                hidden = g2 * jnp.tanh(cell)
                new += [hidden, cell]
                xp = hidden
            ypred = xp * extra[B:2 * B] + extra[2 * B:]
            ynorm = ypred - jnp.log(jnp.sum(jnp.exp(ypred)) + 2.0)
            return jnp.stack(new), jnp.sum(seq[t + 1] * ynorm)
        _, terms = jax.lax.scan(step, state0, jnp.arange(C - 1))
        return -jnp.sum(terms) / ((C - 1) * B)
    return f, (jnp.array(d["main_params"]), jnp.array(d["extra_params"]))


def ode(d):
    n, steps, dt = int(d["dims"][0]), int(d["dims"][1]), d["dims"][2]

    def rhs(p, u, v):
        a = p[2] * (n - 1) * (n - 1)
        lap = lambda w: jnp.roll(w, 1, 0) + jnp.roll(w, -1, 0) + jnp.roll(w, 1, 1) + jnp.roll(w, -1, 1) - 4.0 * w
        uuv = u * u * v
        return a * lap(u) + p[1] + uuv - (p[0] + 1.0) * u, a * lap(v) + p[0] * u - uuv

    def f(p, u0, v0):
        def step(state, _):
            u, v = state
            k1 = rhs(p, u, v)
            k2 = rhs(p, u + 0.5 * dt * k1[0], v + 0.5 * dt * k1[1])
            k3 = rhs(p, u + 0.5 * dt * k2[0], v + 0.5 * dt * k2[1])
            k4 = rhs(p, u + dt * k3[0], v + dt * k3[1])
            return (u + dt / 6.0 * (k1[0] + 2.0 * k2[0] + 2.0 * k3[0] + k4[0]),
                    v + dt / 6.0 * (k1[1] + 2.0 * k2[1] + 2.0 * k3[1] + k4[1])), None
        # A scan, not a Python loop: XLA's CPU compile time grows steeply with unrolled steps.
        (u, v), _ = jax.lax.scan(step, (u0.reshape(n, n), v0.reshape(n, n)), None, length=steps)
        return jnp.sum(u * u + v * v) / (n * n)
    return f, tuple(jnp.array(d[k]) for k in ("p", "u0", "v0"))


def fft(d):
    nf = int(d["dims"][0])
    weight = 1.0 / (1.0 + (jnp.arange(nf) % 17))

    def f(xr, xi):
        spectrum = jnp.fft.fft(xr + 1j * xi)
        return jnp.sum((spectrum.real ** 2 + spectrum.imag ** 2) * weight) / nf
    return f, (jnp.array(d["xr"]), jnp.array(d["xi"]))


def ba(d):
    p = int(d["dims"][0])
    cams = jnp.array(d["cams"]).reshape(-1, 11)[jnp.array(d["cam_of"], dtype=jnp.int32)]
    pts = jnp.array(d["pts"]).reshape(-1, 3)[jnp.array(d["pt_of"], dtype=jnp.int32)]
    feats = jnp.array(d["feats"]).reshape(p, 2)

    def reproj(cam, X, w, feat):
        rot, xo = cam[:3], X - cam[3:6]
        sq = jnp.dot(rot, rot)
        theta = jnp.sqrt(jnp.where(sq != 0.0, sq, 1.0))
        wv = rot / theta
        c, s = jnp.cos(theta), jnp.sin(theta)
        rotated = xo * c + jnp.cross(wv, xo) * s + wv * jnp.dot(wv, xo) * (1.0 - c)
        xc = jnp.where(sq != 0.0, rotated, xo + jnp.cross(rot, xo))
        px, py = xc[0] / xc[2], xc[1] / xc[2]
        rsq = px * px + py * py
        l = 1.0 + cam[9] * rsq + cam[10] * rsq * rsq
        return w * jnp.stack([px * l * cam[6] + cam[7] - feat[0], py * l * cam[6] + cam[8] - feat[1]])

    def block(jacobian):
        def one(cam, X, w, feat):
            jc, jx, jw = jacobian(reproj, argnums=(0, 1, 2))(cam, X, w, feat)
            return jnp.concatenate([jc, jx, jw[:, None]], axis=1)
        return jax.jit(lambda c, x, w: jax.vmap(one)(c, x, w, feats))
    args = (cams, pts, jnp.array(d["weights"]))
    primal = jax.jit(lambda c, x, w: jax.vmap(reproj)(c, x, w, feats))
    checked = [0, p // 2, p - 1]
    pick = lambda j: [float(v) for o in checked for v in jnp.ravel(j[o])]
    return primal, block(jax.jacrev), block(jax.jacfwd), args, pick


def jacobian(d):
    n = int(d["dims"][0])
    w1, w2, b = (jnp.array(d[k]).reshape(-1, n) if k != "b" else jnp.array(d[k]) for k in ("w1", "w2", "b"))

    def f(x):
        s = w2 @ jnp.tanh(w1 @ x + b)
        return jnp.tanh(s) + 0.1 * s * x
    idx = sample_indices(n * n)
    pick = lambda j: [float(jnp.ravel(j)[k]) for k in idx]
    return jax.jit(f), jax.jit(jax.jacrev(f)), jax.jit(jax.jacfwd(f)), (jnp.array(d["x"]),), pick


def timed(fn, args, reps):
    start = time.process_time()
    for _ in range(reps):
        jax.block_until_ready(fn(*args))
    return (time.process_time() - start) / reps


def compare(primal, deriv, args):
    """bench/driver.c's protocol: calibrated reps, warm-up, RUNS interleaved samples."""
    reps = 1
    while timed(primal, args, reps) * reps < MIN_SAMPLE and reps < 1 << 20:
        reps *= 2
    for _ in range(WARMUP):
        timed(primal, args, reps), timed(deriv, args, reps)
    pairs = [(timed(primal, args, reps), timed(deriv, args, reps)) for _ in range(RUNS)]
    ratios = sorted(t / p for p, t in pairs)
    med = lambda v: sorted(v)[len(v) // 2]
    return {"ratio": ratios[RUNS // 2], "lo": ratios[0], "hi": ratios[-1], "reps": reps,
            "primal_s": med([p for p, _ in pairs]), "tangent_s": med([t for _, t in pairs])}


def scalar_family(f, inputs):
    sizes = [int(a.size) for a in inputs]
    lanes = directions(sizes)
    primal = jax.jit(f)
    grad = jax.jit(jax.grad(f, argnums=tuple(range(len(inputs)))))
    fwd1 = jax.jit(lambda *a: jax.jvp(f, a, lanes[0])[1])
    stacked = tuple(jnp.stack([lane[i] for lane in lanes]) for i in range(len(inputs)))
    fwd8 = jax.jit(lambda *a: jax.vmap(lambda *t: jax.jvp(f, a, t)[1])(*stacked))
    started = time.time()
    g = jax.block_until_ready(grad(*inputs))
    compile_s = time.time() - started
    flat = jnp.concatenate([jnp.ravel(x) for x in g])
    values = {"grad": [float(flat[k]) for k in sample_indices(int(flat.size))],
              "fwd1": [float(fwd1(*inputs))], "fwd8": [float(v) for v in fwd8(*inputs)]}
    runs = {"grad": compare(primal, grad, inputs), "fwd1": compare(primal, fwd1, inputs),
            "fwd8": compare(primal, fwd8, inputs)}
    return values, runs, compile_s


def jacobian_family(primal, rev, fwd, args, pick):
    started = time.time()
    j = jax.block_until_ready(rev(*args))
    compile_s = time.time() - started
    values = {"grad": pick(j), "fwd8": pick(fwd(*args))}
    runs = {"grad": compare(primal, rev, args), "fwd8": compare(primal, fwd, args)}
    return values, runs, compile_s


def main():
    family, dump = sys.argv[1], json.load(open(sys.argv[2]))
    if family in ("ba", "jacobian"):
        values, runs, compile_s = jacobian_family(*{"ba": ba, "jacobian": jacobian}[family](dump))
        note = "forward: jacfwd, all columns in one vectorized sweep"
    else:
        f, inputs = {"gmm": gmm, "lstm": lstm, "ode": ode, "fft": fft}[family](dump)
        values, runs, compile_s = scalar_family(f, inputs)
        note = "forward width 8: jvp vmapped over 8 directions"
    print(json.dumps({"values": values, "runs": runs, "compile_s": compile_s, "note": note}))


if __name__ == "__main__":
    main()
