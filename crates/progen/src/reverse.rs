//! The reverse-mode part of a generated program's `main`: the `__enzyme_autodiff` call (pointer
//! arguments `enzyme_dup` with their shadows seeded by an output weight vector, `double y` and
//! `float z` active by value with their gradients returned, ints and `c`, `w` constant), and its
//! checks: every component of the gradient against central finite differences of the weighted
//! output sum, the marker call's primal side effects, and the dot-product test
//! `<w, J·v> = <Jᵀ·w, v>` against the forward-mode tangents of the same program; then the cross
//! checks, one C function each (`check_split`: `__enzyme_augmentfwd` + `__enzyme_reverse` on the
//! same inputs give the same primal results and gradients as `__enzyme_autodiff`; `check_width4`:
//! one `enzyme_width, 4` call whose four lanes carry four weight rows gives each row's width-1
//! gradient). Everything here
//! sits under `#ifndef PROGEN_FORWARD_ONLY`. Tolerances are documented in docs/FUZZING.md.

use crate::ast::{Param, Program};
use crate::harness::list;

/// Relative tolerance of the dot-product test: with Catalase, and with the finite-difference
/// stand-in (whose tangents and gradients are each off by its own truncation and rounding).
fn dot_tolerances(prog: &Program) -> (f64, f64) {
    if prog.uses_float {
        (1e-4, 1e-2)
    } else {
        (1e-10, 1e-6)
    }
}

/// `#define`s of the reverse part: the number of weight rows, and the relative tolerance of the
/// cross checks (two routes to the same gradient: the same arithmetic up to evaluation order).
pub fn defines(prog: &Program) -> Vec<(&'static str, String)> {
    let stol = if prog.uses_float { 1e-6 } else { 1e-12 };
    vec![("NWT", prog.weights.len().to_string()), ("STOL", format!("{stol:e}"))]
}

/// `DTOL`, which depends on whether the stand-in replaces the marker calls.
pub fn dot_tolerance(prog: &Program) -> String {
    let (ad, standin) = dot_tolerances(prog);
    format!("#ifdef PROGEN_STANDIN\n#define DTOL {standin:e}\n#else\n#define DTOL {ad:e}\n#endif\n")
}

/// The active scalars in parameter order, with their C type, gradient field and input index.
fn active_scalars(prog: &Program) -> Vec<(&'static str, &'static str, &'static str)> {
    prog.params
        .iter()
        .filter_map(|p| match p {
            Param::Y => Some(("double", "dy", "IY")),
            Param::Z => Some(("float", "dz", "IZ")),
            _ => None,
        })
        .collect()
}

/// The declaration of the marker function, its return type, its name, and the statements that
/// move the returned gradients of the active scalars into `grad`. At width 1, one `double`
/// gradient comes back as a `double` (element 0 of the `{double}` result, ABI §4.2 rule 6); two
/// come back in a struct laid out like the result, in parameter order (rule 2). At width 4 each
/// gradient is `[4 x T]`, declared as an array field of `struct GR4` (lane `l` into `grad[l]`).
fn gradient_return(prog: &Program, width: usize) -> (String, String, String, String) {
    let scalars = active_scalars(prog);
    if width > 1 {
        let fields: Vec<String> =
            scalars.iter().map(|(ty, field, _)| format!("    {ty} {field}[{width}];\n")).collect();
        let decl = format!("struct GR4 {{\n{}}};\nstruct GR4 __enzyme_autodiff_gr4(void *, ...);\n", fields.concat());
        let moves: Vec<String> = scalars
            .iter()
            .map(|(_, field, index)| format!("    for (int l = 0; l < 4; l++)\n        grad[l][{index}] = g.{field}[l];\n"))
            .collect();
        return (decl, "struct GR4".into(), "__enzyme_autodiff_gr4".into(), moves.concat());
    }
    if let [(ty, _, index)] = scalars.as_slice() {
        let decl = format!("{ty} __enzyme_autodiff(void *, ...);\n");
        return (decl, ty.to_string(), "__enzyme_autodiff".into(), format!("    grad[{index}] = g;\n"));
    }
    let fields: Vec<String> = scalars.iter().map(|(ty, field, _)| format!("    {ty} {field};\n")).collect();
    let decl = format!("struct GR {{\n{}}};\nstruct GR __enzyme_autodiff_gr(void *, ...);\n", fields.concat());
    let moves: Vec<String> = scalars.iter().map(|(_, field, index)| format!("    grad[{index}] = g.{field};\n")).collect();
    (decl, "struct GR".into(), "__enzyme_autodiff_gr".into(), moves.concat())
}

/// Arguments of the `__enzyme_autodiff` call after the function; at width 4, `enzyme_width, 4` and
/// the lanes' shadows `dx[l]`, `dout[l]`.
fn marker_args(prog: &Program, width: usize) -> String {
    let shadows = |base: &str| -> String {
        if width == 1 {
            return base.to_string();
        }
        (0..width).map(|l| format!("{base}[{l}]")).collect::<Vec<_>>().join(", ")
    };
    let mut parts = Vec::new();
    if width > 1 {
        parts.push(format!("enzyme_width, {width}"));
    }
    for (k, p) in prog.params.iter().enumerate() {
        let explicit = prog.explicit_marker.get(k).copied().unwrap_or(false);
        let (marker, text) = match p {
            Param::X => ("enzyme_dup", format!("x, {}", shadows("dx"))),
            Param::Out => ("enzyme_dup", format!("out, {}", shadows("dout"))),
            Param::Y => ("enzyme_out", "in[IY]".to_string()),
            Param::Z => ("enzyme_out", "(float)in[IZ]".to_string()),
            Param::N => ("enzyme_const", "NX".to_string()),
            Param::Mode => ("enzyme_const", "MODE".to_string()),
            Param::C => ("enzyme_const", "C0".to_string()),
            Param::W => ("enzyme_const", "W0".to_string()),
        };
        if explicit || matches!(p, Param::C | Param::W) {
            parts.push(format!("{marker}, {text}"));
        } else {
            parts.push(text);
        }
    }
    parts.join(", ")
}

/// Declarations of the marker functions (and the gradients' result struct): `__enzyme_autodiff`,
/// and split mode's, whose reverse call returns the same gradients (`__enzyme_reverse` or
/// `__enzyme_reverse_gr`), and the width-4 call's.
pub fn decls(prog: &Program) -> String {
    let (decl, ty, ..) = gradient_return(prog, 1);
    let (decl4, ..) = gradient_return(prog, 4);
    let reverse = split_reverse_name(prog);
    let split = format!("struct AUG {{\n    void *tape;\n    double primal;\n}};\nstruct AUG __enzyme_augmentfwd(void *, ...);\n{ty} {reverse}(void *, ...);\n");
    format!("#if !defined(PROGEN_STANDIN) && !defined(PROGEN_FORWARD_ONLY)\n{decl}{split}{decl4}#endif\n\n")
}

/// The name split mode's reverse call is declared under: like the `__enzyme_autodiff` name.
fn split_reverse_name(prog: &Program) -> String {
    gradient_return(prog, 1).2.replace("__enzyme_autodiff", "__enzyme_reverse")
}

/// The weight rows and the input names.
pub fn tables(prog: &Program, out: &mut String) {
    let rows: Vec<String> = prog.weights.iter().map(|w| format!("    {}", list(w))).collect();
    out.push_str("#ifndef PROGEN_FORWARD_ONLY\n");
    out.push_str(&format!("static const double WT[NWT][NRES] = {{\n{}\n}};\n", rows.join(",\n")));
    let mut names: Vec<String> = (0..prog.nx).map(|i| format!("\"x[{i}]\"")).collect();
    names.extend((0..prog.nout_active()).map(|i| format!("\"out[{i}]\"")));
    names.push("\"y\"".into());
    if prog.has(Param::Z) {
        names.push("\"z\"".into());
    }
    out.push_str(&format!("static const char *const INAME[NIN] = {{{}}};\n#endif\n\n", names.join(", ")));
}

/// `call_gradient`: the marker call, or its stand-in; `call_gradient_split`: split mode's two
/// calls on the same inputs (the default tape, the return seeded with 1.0 as a differential
/// return); `call_gradient4`: one `enzyme_width, 4` call, lane `l` seeded with weight row `l`.
pub fn gradient(prog: &Program) -> String {
    let (_, ty, name, moves) = gradient_return(prog, 1);
    let (_, ty4, name4, moves4) = gradient_return(prog, 4);
    let width4 = WIDTH4_GRADIENT
        .replace("GTYPE4", &ty4)
        .replace("AUTODIFF4", &name4)
        .replace("ARGS4", &marker_args(prog, 4))
        .replace("    GMOVES4\n", &moves4);
    [GRADIENT, SPLIT_GRADIENT]
        .concat()
        .replace("GTYPE", &ty)
        .replace("AUTODIFF", &name)
        .replace("REVERSE", &split_reverse_name(prog))
        .replace("ARGSR", &marker_args(prog, 1))
        .replace("    GMOVES\n", &moves)
        + &width4
}

const GRADIENT: &str = r#"#ifndef PROGEN_FORWARD_ONLY
#ifdef PROGEN_STANDIN
/* Stand-in: component i of the gradient is the weighted sum of the stand-in tangents along
   input i. */
static void call_gradient(const double *in, const double *wt, double *res, double *grad) {
    double e[NIN], tan[NRES];
    for (int i = 0; i < NIN; i++)
        e[i] = 0.0;
    for (int i = 0; i < NIN; i++) {
        e[i] = 1.0;
        call_tangent(in, e, res, tan);
        e[i] = 0.0;
        grad[i] = 0.0;
        for (int j = 0; j < NRES; j++)
            grad[i] += wt[j] * tan[j];
    }
}
#else
/* The gradient with respect to x and out, from their shadows; the scalars' are moved in after. */
static void shadow_gradient(const double *dx, const double *dout, double *grad) {
    for (int i = 0; i < NIN; i++)
        grad[i] = 0.0;
    for (int i = 0; i < NX; i++)
        grad[i] = dx[i];
    for (int i = 0; i < NO; i++)
        grad[NX + i] = dout[i];
}

/* Jᵀ·wt: the return's seed is 1.0 (wt[0] is 1); the shadows of x and out start as the weights
   of their final values and end as the gradient with respect to their initial values. */
static void call_gradient(const double *in, const double *wt, double *res, double *grad) {
    double x[NX], out[NO + 1], dx[NX], dout[NO + 1];
    setup(in, x, out);
    setup(wt + 1, dx, dout);
    GTYPE g = AUTODIFF((void *)f, ARGSR);
    collect(0.0, x, out, res);
    shadow_gradient(dx, dout, grad);
    GMOVES
}
#endif
#endif

"#;

const SPLIT_GRADIENT: &str = r#"#if !defined(PROGEN_FORWARD_ONLY) && !defined(PROGEN_STANDIN)
/* Jᵀ·wt through split mode: __enzyme_augmentfwd runs f and returns the tape and the primal, the
   primal results are collected before __enzyme_reverse (which takes the same arguments, the
   return's seed 1.0 and the tape) accumulates into the same shadows. */
static void call_gradient_split(const double *in, const double *wt, double *res, double *grad) {
    double x[NX], out[NO + 1], dx[NX], dout[NO + 1];
    setup(in, x, out);
    setup(wt + 1, dx, dout);
    struct AUG a = __enzyme_augmentfwd((void *)f, ARGSR);
    collect(a.primal, x, out, res);
    GTYPE g = REVERSE((void *)f, ARGSR, 1.0, a.tape);
    shadow_gradient(dx, dout, grad);
    GMOVES
}
#endif

"#;

const WIDTH4_GRADIENT: &str = r#"#if !defined(PROGEN_FORWARD_ONLY) && !defined(PROGEN_STANDIN)
/* Jᵀ·wt[l] for four weight rows in one batched pass: lane l's shadows of x and out start as the
   weights wt[l] of their final values; the return's seed is 1.0 in every lane (wt[l][0] is 1);
   the gradients of the active scalars come back as four lanes each. */
static void call_gradient4(const double *in, const double (*wt)[NRES], double *res, double (*grad)[NIN]) {
    double x[NX], out[NO + 1], dx[4][NX], dout[4][NO + 1];
    setup(in, x, out);
    for (int l = 0; l < 4; l++)
        setup(wt[l] + 1, dx[l], dout[l]);
    GTYPE4 g = AUTODIFF4((void *)f, ARGS4);
    collect(0.0, x, out, res);
    for (int l = 0; l < 4; l++)
        shadow_gradient(dx[l], dout[l], grad[l]);
    GMOVES4
}
#endif

"#;

/// Reverse-mode checks, the dot-product test and the cross checks (C text).
pub const CHECKS: &str = r#"#ifndef PROGEN_FORWARD_ONLY
#ifndef PROGEN_STANDIN
/* Cross check: two routes to Jᵀ·w run the same arithmetic, possibly in another order after
   optimization, so they agree to STOL relative to (1 + |value|); `want` is __enzyme_autodiff's.
   The primal results from index `from` on are compared with the primal call's. */
static void check_cross(const char *what, int k, int from, const double *res, const double *res0,
                        const double *got, const double *want) {
    check_same(what, "w", k, from, res, res0, PTOL);
    for (int i = 0; i < NIN; i++) {
        checks++;
        if (!(fabs(got[i] - want[i]) <= STOL * (1.0 + fabs(want[i]))))
            fail(what, "w", k, INAME[i], got[i], want[i]);
    }
}

/* Split mode (__enzyme_augmentfwd, then __enzyme_reverse) against __enzyme_autodiff: the same
   primal results and gradient. */
static void check_split(int k, const double *res0, const double *grad) {
    double res[NRES], sgrad[NIN];
    call_gradient_split(IN0, WT[k], res, sgrad);
    check_cross("split", k, 0, res, res0, sgrad, grad);
}

/* Width 4 against four width-1 passes: lane l carries weight row l mod NWT beyond the rows (the
   last row with its output weights scaled by LS[l - NWT], the return's seed staying 1.0), so the
   four lanes differ; each lane's gradient is the width-1 gradient of its row, to STOL, and the
   call's side effects on x and out are the primal's (its return value is not returned). */
static void check_width4(const double *res0) {
    static const double LS[4] = {-0.5, 2.0, 0.25, 4.0};
    double wt4[4][NRES], res[NRES], grad4[4][NIN], grad[NIN];
    for (int l = 0; l < 4; l++) {
        int row = l < NWT ? l : NWT - 1;
        double scale = l < NWT ? 1.0 : LS[l - NWT];
        wt4[l][0] = 1.0;
        for (int j = 1; j < NRES; j++)
            wt4[l][j] = scale * WT[row][j];
    }
    call_gradient4(IN0, (const double (*)[NRES])wt4, res, grad4);
    for (int l = 0; l < 4; l++) {
        double res1[NRES];
        call_gradient(IN0, wt4[l], res1, grad);
        check_cross("reverse-width4", l, 1, res, res0, grad4[l], grad);
    }
}
#else
/* The stand-in has no split mode or batched gradient to compare. */
static void check_split(int k, const double *res0, const double *grad) {
    (void)k, (void)res0, (void)grad;
}

static void check_width4(const double *res0) {
    (void)res0;
}
#endif

/* <w, J·v> from the forward tangent against <Jᵀ·w, v> from the gradient; both are exact up to
   rounding, so the tolerance is relative to the size of the terms summed. */
static void check_dot(int k, int d, const double *grad, const double *tan, int grad_unstable) {
    double lhs = 0.0, rhs = 0.0, mag = 0.0;
#ifdef PROGEN_STANDIN
    if (dir_unstable[d] || grad_unstable) {
        printf("NOTE reverse-dot skipped w=%d dir=%d: the stand-in crosses a kink\n", k, d);
        return;
    }
#else
    (void)grad_unstable;
#endif
    for (int j = 0; j < NRES; j++) {
        lhs += WT[k][j] * tan[j];
        mag += fabs(WT[k][j] * tan[j]);
    }
    for (int i = 0; i < NIN; i++) {
        rhs += grad[i] * DIR[d][i];
        mag += fabs(grad[i] * DIR[d][i]);
    }
    checks++;
    if (!(fabs(lhs - rhs) <= DTOL * (1.0 + mag))) {
        printf("CHECK-FAIL reverse-dot w=%d dir=%d <w,Jv>=%.17g <Jtw,v>=%.17g\n", k, d, lhs, rhs);
        failures++;
    }
}

/* Reverse mode, for each weight row: every gradient component against finite differences of the
   weighted output sum along that input, the marker call's primal side effects, the
   dot-product test against each forward direction (tans == NULL: skipped), and the cross
   checks. The stand-in skips the dot-product test where its own derivatives were fd-unstable
   or wrong. */
static void reverse_checks(const double *res0, double (*tans)[NRES]) {
    double res[NRES], grad[NIN], e[NIN];
    for (int i = 0; i < NIN; i++)
        e[i] = 0.0;
    for (int k = 0; k < NWT; k++) {
        int before = unstable + failures;
        call_gradient(IN0, WT[k], res, grad);
        check_same("reverse-primal", "w", k, 1, res, res0, PTOL);
        for (int i = 0; i < NIN; i++) {
            e[i] = 1.0;
            check_fd("reverse-gradient", "w", k, INAME[i], e, WT[k], &grad[i]);
            e[i] = 0.0;
        }
        for (int d = 0; tans != NULL && d < NDIR; d++)
            check_dot(k, d, grad, tans[d], unstable + failures > before);
        check_split(k, res0, grad);
    }
    check_width4(res0);
}
#endif

"#;
