//! Prints `main`: the test point, the directions, the direct call, the forward-mode marker calls
//! (width 1 and width 4), the reverse-mode part from `reverse`, and the checks against central
//! finite differences. Built with `-DPROGEN_STANDIN` the marker calls are replaced by an
//! eighth-order finite difference, which validates the generator and the harness without
//! Catalase; `-DPROGEN_FORWARD_ONLY` / `-DPROGEN_REVERSE_ONLY` leave one mode's checks out (the
//! fuzzer falls back to them when the program as a whole cannot be built). Tolerances are
//! documented in docs/FUZZING.md.

use crate::ast::{Param, Program};
use crate::emit::num;
use crate::reverse;

/// Tolerances and steps: (H0, RTOL, NOISE, PTOL, WTOL, SH).
fn tolerances(prog: &Program) -> [(&'static str, String); 6] {
    let (h0, rtol, eps, ptol, wtol, sh) = if prog.uses_float {
        (2f64.powi(-5), 1e-4, f32::EPSILON as f64, 1e-6, 1e-5, 2f64.powi(-12))
    } else {
        (2f64.powi(-10), 1e-6, f64::EPSILON, 1e-12, 1e-10, 2f64.powi(-16))
    };
    [
        ("H0", format!("{h0:?}")),
        ("RTOL", format!("{rtol:e}")),
        ("NOISE", format!("{:e}", 64.0 * eps)),
        ("PTOL", format!("{ptol:e}")),
        ("WTOL", format!("{wtol:e}")),
        ("SH", format!("{sh:?}")),
    ]
}

/// A C initializer list of doubles.
pub fn list(values: &[f64]) -> String {
    let parts: Vec<String> = values.iter().map(|v| num(*v)).collect();
    format!("{{{}}}", parts.join(", "))
}

/// Arguments of the direct call.
fn direct_args(prog: &Program) -> String {
    let parts: Vec<&str> = prog
        .params
        .iter()
        .map(|p| match p {
            Param::X => "x",
            Param::N => "NX",
            Param::Y => "in[IY]",
            Param::C => "C0",
            Param::Out => "out",
            Param::W => "W0",
            Param::Z => "(float)in[IZ]",
            Param::Mode => "MODE",
        })
        .collect();
    parts.join(", ")
}

/// Arguments of a marker call; `shadow(base, lane)` names one lane's shadow.
fn marker_args(prog: &Program, width: usize) -> String {
    let lanes = |f: &dyn Fn(usize) -> String| -> String {
        (0..width).map(f).collect::<Vec<_>>().join(", ")
    };
    let mut parts = Vec::new();
    for (k, p) in prog.params.iter().enumerate() {
        let explicit = prog.explicit_marker.get(k).copied().unwrap_or(false);
        let (marker, text) = match p {
            Param::X if width == 1 => ("enzyme_dup", "x, dx".to_string()),
            Param::X => ("enzyme_dup", format!("x, {}", lanes(&|l| format!("dx[{l}]")))),
            Param::Out if width == 1 => ("enzyme_dup", "out, dout".to_string()),
            Param::Out => ("enzyme_dup", format!("out, {}", lanes(&|l| format!("dout[{l}]")))),
            Param::Y if width == 1 => ("enzyme_dup", "in[IY], v[IY]".to_string()),
            Param::Y => ("enzyme_dup", format!("in[IY], {}", lanes(&|l| format!("v[{l}][IY]")))),
            Param::Z if width == 1 => ("enzyme_dup", "(float)in[IZ], (float)v[IZ]".to_string()),
            Param::Z => ("enzyme_dup", format!("(float)in[IZ], {}", lanes(&|l| format!("(float)v[{l}][IZ]")))),
            Param::N => ("enzyme_const", "NX".to_string()),
            Param::Mode => ("enzyme_const", "MODE".to_string()),
            Param::C => ("enzyme_const", "C0".to_string()),
            Param::W => ("enzyme_const", "W0".to_string()),
        };
        let required = matches!(p, Param::C | Param::W);
        if required || explicit {
            parts.push(format!("{marker}, {text}"));
        } else {
            parts.push(text);
        }
    }
    parts.join(", ")
}

fn defines(prog: &Program, out: &mut String) {
    let iy = prog.nx + prog.nout_active();
    let mut defs = vec![
        ("NX", prog.nx.to_string()),
        ("NO", prog.nout_active().to_string()),
        ("NIN", prog.n_in().to_string()),
        ("NRES", prog.n_res().to_string()),
        ("NDIR", prog.dirs.len().to_string()),
        ("IY", iy.to_string()),
        ("IZ", (iy + 1).to_string()),
        ("C0", num(prog.c0)),
        ("MODE", prog.mode0.to_string()),
    ];
    defs.extend(tolerances(prog));
    defs.extend(reverse::defines(prog));
    for (name, value) in defs {
        out.push_str(&format!("#define {name} {value}\n"));
    }
}

fn tables(prog: &Program, out: &mut String) {
    let mut in0 = prog.x0.clone();
    in0.extend_from_slice(&prog.out0[..prog.nout_active()]);
    in0.push(prog.y0);
    if prog.has(Param::Z) {
        in0.push(prog.z0);
    }
    out.push_str(&format!("static const double IN0[NIN] = {};\n", list(&in0)));
    let dirs: Vec<String> = prog.dirs.iter().map(|d| format!("    {}", list(d))).collect();
    out.push_str(&format!("static const double DIR[NDIR][NIN] = {{\n{}\n}};\n", dirs.join(",\n")));
    let mut names = vec!["\"ret\"".to_string()];
    names.extend((0..prog.nx).map(|i| format!("\"x[{i}]\"")));
    names.extend((0..prog.nout_active()).map(|i| format!("\"out[{i}]\"")));
    out.push_str(&format!("static const char *const RNAME[NRES] = {{{}}};\n", names.join(", ")));
    if prog.has(Param::W) {
        out.push_str(&format!("static const double W0[{}] = {};\n", prog.nw, list(&prog.w0)));
    }
}

/// Append `main` and its helpers to `out`.
pub fn emit_main(prog: &Program, out: &mut String) {
    out.push_str("/* ---- test harness ---- */\n");
    out.push_str(GUARD);
    defines(prog, out);
    out.push_str(&reverse::dot_tolerance(prog));
    out.push_str(DECLS);
    out.push_str(&reverse::decls(prog));
    tables(prog, out);
    reverse::tables(prog, out);
    out.push_str(COMMON);
    out.push_str(&PRIMAL.replace("DIRECT_ARGS", &direct_args(prog)));
    out.push_str(&TANGENTS.replace("ARGS1", &marker_args(prog, 1)).replace("ARGS4", &marker_args(prog, 4)));
    out.push_str(&reverse::gradient(prog));
    out.push_str(CHECKS);
    out.push_str(FORWARD_CHECKS);
    out.push_str(reverse::CHECKS);
    out.push_str(MAIN);
}

const GUARD: &str = "#if defined(PROGEN_FORWARD_ONLY) && defined(PROGEN_REVERSE_ONLY)
#error \"PROGEN_FORWARD_ONLY and PROGEN_REVERSE_ONLY exclude each other\"
#endif
";

const DECLS: &str = r#"
#ifndef PROGEN_STANDIN
extern int enzyme_dup, enzyme_const, enzyme_width, enzyme_out;
double __enzyme_fwddiff(void *, ...);
struct D4 {
    double d0, d1, d2, d3;
};
struct D4 __enzyme_fwddiff_w4(void *, ...);
#endif

"#;

const COMMON: &str = r#"static int failures = 0;
static int checks = 0;
static int unstable = 0;
static int mark[3] = {0, 0, 0};
/* Directions along which some output was fd-unstable or failed: a kink or jump lies close to
   the test point along them, so the stand-in's tangent there need not be a derivative. */
#if defined(PROGEN_STANDIN) || !defined(PROGEN_REVERSE_ONLY)
static int dir_unstable[NDIR];
#endif

/* One mode's line: its checks, fd-unstable outputs and failures since the previous line. */
static void summary(const char *mode) {
    int c = checks - mark[0], u = unstable - mark[1], f = failures - mark[2];
    printf("PROGEN %s %s checks=%d fd-unstable=%d failures=%d\n", mode, f ? "FAIL" : "OK", c, u, f);
    mark[0] = checks;
    mark[1] = unstable;
    mark[2] = failures;
}

static void fail(const char *what, const char *tag, int k, const char *name, double got, double want) {
    printf("CHECK-FAIL %s %s=%d %s got=%.17g want=%.17g\n", what, tag, k, name, got, want);
    failures++;
}

static void setup(const double *in, double *x, double *out) {
    for (int i = 0; i < NX; i++)
        x[i] = in[i];
    for (int i = 0; i < NO; i++)
        out[i] = in[NX + i];
}

static void collect(double r, const double *x, const double *out, double *res) {
    res[0] = r;
    for (int i = 0; i < NX; i++)
        res[1 + i] = x[i];
    for (int i = 0; i < NO; i++)
        res[1 + NX + i] = out[i];
}

"#;

const PRIMAL: &str = r#"static void call_primal(const double *in, double *res) {
    double x[NX], out[NO + 1];
    setup(in, x, out);
    double r = f(DIRECT_ARGS);
    collect(r, x, out, res);
}

"#;

const TANGENTS: &str = r#"#ifdef PROGEN_STANDIN
static void call_tangent(const double *in, const double *v, double *res, double *tan) {
    static const double c8[4] = {4.0 / 5.0, -1.0 / 5.0, 4.0 / 105.0, -1.0 / 280.0};
    double p[NIN], rp[NRES], rm[NRES];
    call_primal(in, res);
    res[0] = 0.0;
    for (int j = 0; j < NRES; j++)
        tan[j] = 0.0;
    for (int k = 1; k <= 4; k++) {
        for (int i = 0; i < NIN; i++)
            p[i] = in[i] + k * SH * v[i];
        call_primal(p, rp);
        for (int i = 0; i < NIN; i++)
            p[i] = in[i] - k * SH * v[i];
        call_primal(p, rm);
        for (int j = 0; j < NRES; j++)
            tan[j] += c8[k - 1] * (rp[j] - rm[j]) / SH;
    }
}

#ifndef PROGEN_REVERSE_ONLY
static void call_tangent4(const double *in, const double (*v)[NIN], double *res, double (*tan)[NRES]) {
    for (int l = 0; l < 4; l++)
        call_tangent(in, v[l], res, tan[l]);
}
#endif
#elif !defined(PROGEN_REVERSE_ONLY)
static void call_tangent(const double *in, const double *v, double *res, double *tan) {
    double x[NX], out[NO + 1], dx[NX], dout[NO + 1];
    setup(in, x, out);
    setup(v, dx, dout);
    double t = __enzyme_fwddiff((void *)f, ARGS1);
    collect(0.0, x, out, res);
    collect(t, dx, dout, tan);
}

static void call_tangent4(const double *in, const double (*v)[NIN], double *res, double (*tan)[NRES]) {
    double x[NX], out[NO + 1], dx[4][NX], dout[4][NO + 1];
    setup(in, x, out);
    for (int l = 0; l < 4; l++)
        setup(v[l], dx[l], dout[l]);
    struct D4 t = __enzyme_fwddiff_w4((void *)f, enzyme_width, 4, ARGS4);
    double lanes[4] = {t.d0, t.d1, t.d2, t.d3};
    collect(0.0, x, out, res);
    for (int l = 0; l < 4; l++)
        collect(lanes[l], dx[l], dout[l], tan[l]);
}
#endif

"#;

const CHECKS: &str = r#"/* Fourth-order central difference of every output along v, step h. */
static void fd(const double *v, double h, double *d, double *scale) {
    static const double off[4] = {-2.0, -1.0, 1.0, 2.0};
    double p[NIN], r[4][NRES];
    for (int s = 0; s < 4; s++) {
        for (int i = 0; i < NIN; i++)
            p[i] = IN0[i] + off[s] * h * v[i];
        call_primal(p, r[s]);
        for (int j = 0; j < NRES; j++)
            scale[j] = fmax(scale[j], fabs(r[s][j]));
    }
    for (int j = 0; j < NRES; j++)
        d[j] = (r[0][j] - 8.0 * r[1][j] + 8.0 * r[2][j] - r[3][j]) / (12.0 * h);
}

static double tolerance(double want, double scale, double h) {
    return RTOL * (1.0 + fabs(want)) + NOISE * scale / h;
}

/* The outputs compared: every output on its own (wt == NULL), or the one weighted sum
   sum_j wt[j] * output[j], whose rounding scale is sum_j |wt[j]| * scale[j]. */
static int project(const double *wt, const double *d1, const double *d2, const double *scale,
                   double *p1, double *p2, double *ps) {
    if (wt == NULL) {
        for (int j = 0; j < NRES; j++) {
            p1[j] = d1[j];
            p2[j] = d2[j];
            ps[j] = scale[j];
        }
        return NRES;
    }
    p1[0] = p2[0] = ps[0] = 0.0;
    for (int j = 0; j < NRES; j++) {
        p1[0] += wt[j] * d1[j];
        p2[0] += wt[j] * d2[j];
        ps[0] += fabs(wt[j]) * scale[j];
    }
    return 1;
}

/* Compare derivatives along v (got[j] for output j, or got[0] for the weighted sum when wt is
   given) with the finite difference at each step where fd(h) and fd(h/2) agree, from the
   largest step down; a derivative passes if it matches at one of them. A kink or branch close
   to the test point can make two large steps agree on a wrong slope; a smaller step then gives
   the true one, while a wrong derivative matches at no step. Outputs where no step agrees are
   counted as fd-unstable. */
static void check_fd(const char *what, const char *tag, int k, const char *name, const double *v,
                     const double *wt, const double *got) {
    double d1[NRES], d2[NRES], scale[NRES], p1[NRES], p2[NRES], ps[NRES], first[NRES];
    int agreed[NRES], matched[NRES], nout = NRES;
    for (int j = 0; j < NRES; j++) {
        agreed[j] = 0;
        matched[j] = 0;
        scale[j] = 1.0;
    }
    for (int level = 0; level < 3; level++) {
        double h = ldexp(H0, -3 * level);
        fd(v, h, d1, scale);
        fd(v, h / 2.0, d2, scale);
        nout = project(wt, d1, d2, scale, p1, p2, ps);
        for (int j = 0; j < nout; j++) {
            double tol = tolerance(p2[j], ps[j], h / 2.0);
            if (matched[j] || !(fabs(p1[j] - p2[j]) <= tol))
                continue;
            if (!agreed[j])
                first[j] = p2[j];
            agreed[j] = 1;
            if (fabs(got[j] - p2[j]) <= tol)
                matched[j] = 1;
        }
    }
    for (int j = 0; j < nout; j++) {
        const char *out_name = wt == NULL ? RNAME[j] : name;
        if (!agreed[j]) {
            unstable++;
            printf("NOTE fd-unstable %s %s=%d %s\n", what, tag, k, out_name);
            continue;
        }
        checks++;
        if (!matched[j])
            fail(what, tag, k, out_name, got[j], first[j]);
    }
}

static void check_same(const char *what, const char *tag, int k, int from, const double *got,
                       const double *want, double tol) {
    for (int j = from; j < NRES; j++) {
        checks++;
        if (!(fabs(got[j] - want[j]) <= tol * (1.0 + fabs(want[j]))))
            fail(what, tag, k, RNAME[j], got[j], want[j]);
    }
}

"#;

const FORWARD_CHECKS: &str = r#"#ifndef PROGEN_REVERSE_ONLY
/* Forward mode: the tangent of every output along each direction against finite differences,
   the marker calls' primal side effects, and width 4 against width 1. */
static void forward_checks(const double *res0, double (*tans)[NRES]) {
    double res[NRES], res4[NRES], tan4[4][NRES];
    for (int d = 0; d < NDIR; d++) {
        int before = unstable + failures;
        call_tangent(IN0, DIR[d], res, tans[d]);
        check_same("primal", "dir", d, 1, res, res0, PTOL);
        check_fd("tangent", "dir", d, "", DIR[d], NULL, tans[d]);
        dir_unstable[d] = unstable + failures > before;
    }
    call_tangent4(IN0, DIR, res4, tan4);
    check_same("width4-primal", "dir", 0, 1, res4, res0, PTOL);
    for (int l = 0; l < 4; l++)
        check_same("width4", "dir", l, 0, tan4[l], tans[l], WTOL);
}
#endif

"#;

const MAIN: &str = r#"int main(void) {
    double res0[NRES];
    /* Line by line, so that a run that dies still shows which mode's part it finished. */
    setvbuf(stdout, NULL, _IOLBF, BUFSIZ);
    call_primal(IN0, res0);
    for (int j = 0; j < NRES; j++) {
        if (!isfinite(res0[j]))
            fail("primal-not-finite", "dir", -1, RNAME[j], res0[j], 0.0);
    }
    printf("PROGEN primal f=%.17g\n", res0[0]);
#ifdef PROGEN_REVERSE_ONLY
    printf("NOTE reverse-dot skipped: built without forward mode\n");
    reverse_checks(res0, NULL);
    summary("reverse");
#else
    static double tans[NDIR][NRES];
    forward_checks(res0, tans);
    summary("forward");
#ifndef PROGEN_FORWARD_ONLY
    reverse_checks(res0, tans);
    summary("reverse");
#endif
#endif
    printf("%d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
"#;
