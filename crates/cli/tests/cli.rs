//! End-to-end tests of the `catalase` binary: formats in and out, stdin/stdout, exit codes,
//! and that a failed run leaves the output file untouched.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const SQUARE: &str = "define double @square(double %x) {\nentry:\n  %y = fmul double %x, %x\n  ret double %y\n}\n";

/// The binary, with every generated function verified (as in every test run).
fn catalase() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_catalase"));
    cmd.env("CATALASE_OPTIONS", "verify");
    cmd
}

/// A fresh scratch folder for one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("catalase-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run_with_stdin(cmd: &mut Command, input: &[u8]) -> Output {
    let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // A command that fails before reading its input (a usage error) may close the pipe first.
    match child.stdin.take().unwrap().write_all(input) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        r => r.unwrap(),
    }
    child.wait_with_output().unwrap()
}

fn stderr_of(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// What `catalase opt --verify --print=tape` prints for `module` (it must succeed): the tape
/// reports of every generated function, each found with [`tape_report`].
fn tape_reports(module: &str) -> String {
    let out = run_with_stdin(
        catalase().env_remove("CATALASE_OPTIONS").args(["opt", "-", "-S", "--verify", "--print=tape", "-o", "/dev/null"]),
        module.as_bytes(),
    );
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    err
}

/// The tape report of the gradient of `f` among `reports`.
fn tape_report<'a>(reports: &'a str, f: &str) -> &'a str {
    reports.split("; catalase tape: ").find(|r| r.contains(&format!("(of `{f}`)"))).unwrap_or_else(|| panic!("a report for {f}"))
}

#[test]
fn version_and_help() {
    let out = catalase().arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("catalase "));
    let out = catalase().args(["opt", "--help"]).output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("--loose-types") && help.contains("Exit codes"), "{help}");
}

#[test]
fn text_file_to_text_file() {
    let dir = scratch("text");
    let input = dir.join("in.ll");
    let output = dir.join("out.ll");
    std::fs::write(&input, SQUARE).unwrap();
    let out = catalase().arg("opt").arg(&input).arg("-o").arg(&output).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = std::fs::read_to_string(&output).unwrap();
    assert!(text.contains("define double @square"), "{text}");
    // Nothing but the output is left in the folder (no temporary files).
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
}

#[test]
fn bitcode_unless_dash_s() {
    let dir = scratch("formats");
    let input = dir.join("in.ll");
    std::fs::write(&input, SQUARE).unwrap();
    let bc = dir.join("out.bc");
    let out = catalase().arg("opt").arg(&input).arg("-o").arg(&bc).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(std::fs::read(&bc).unwrap().starts_with(b"BC\xC0\xDE"));
    let forced_text = dir.join("out.txt");
    let out = catalase().arg("opt").arg(&input).arg("-S").arg("-o").arg(&forced_text).output().unwrap();
    assert!(out.status.success());
    assert!(std::fs::read_to_string(&forced_text).unwrap().contains("@square"));
    // Bitcode in, text out.
    let out = catalase().arg("opt").arg(&bc).args(["-S", "-o", "-"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("fmul double %x, %x"));
}

#[test]
fn stdin_to_stdout() {
    let out = run_with_stdin(catalase().args(["opt", "-", "-o", "-", "-S"]), SQUARE.as_bytes());
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ModuleID = '<stdin>'") && text.contains("@square"), "{text}");
    let out = run_with_stdin(catalase().args(["opt", "-", "-o", "-"]), SQUARE.as_bytes());
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"BC\xC0\xDE"), "bitcode on a pipe");
}

#[test]
fn malformed_input_exits_2_and_leaves_output_alone() {
    let dir = scratch("malformed");
    let input = dir.join("bad.ll");
    let output = dir.join("out.ll");
    std::fs::write(&input, "define i32 @f() {\n  ret i64 0\n}\n").unwrap();
    // No output file is created.
    let out = catalase().arg("opt").arg(&input).arg("-o").arg(&output).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("bad.ll:2:7: error: cannot read LLVM IR"), "{err}");
    assert!(err.contains("value doesn't match function result type"), "{err}");
    assert!(!output.exists());
    // An existing output file is not modified.
    std::fs::write(&output, "precious").unwrap();
    let out = catalase().arg("opt").arg(&input).arg("-o").arg(&output).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "precious");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2, "no temporary file left behind");
}

#[test]
fn invalid_module_exits_2() {
    let broken = "define i32 @f(i32 %a) {\nentry:\n  br label %next\nnext:\n  %z = add i32 %y, 1\n  %y = add i32 %a, 1\n  ret i32 %z\n}\n";
    let out = run_with_stdin(catalase().args(["opt", "-", "-S"]), broken.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("Instruction does not dominate all uses"), "{}", stderr_of(&out));
}

#[test]
fn io_and_usage_errors_exit_2() {
    let out = catalase().args(["opt", "/nonexistent/in.ll", "-o", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("cannot read `/nonexistent/in.ll`"), "{}", stderr_of(&out));
    let out = run_with_stdin(catalase().args(["opt", "-", "-o", "/nonexistent/out.ll"]), SQUARE.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("cannot write `/nonexistent/out.ll`"), "{}", stderr_of(&out));
    let out = catalase().args(["opt", "--no-such-flag", "x.ll"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = run_with_stdin(catalase().args(["opt", "-", "-S"]).env("CATALASE_OPTIONS", "bogus"), SQUARE.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("unknown Catalase option `bogus`"), "{}", stderr_of(&out));
}

#[test]
fn output_may_replace_input() {
    let dir = scratch("inplace");
    let path = dir.join("m.ll");
    std::fs::write(&path, SQUARE).unwrap();
    let out = catalase().arg("opt").arg(&path).arg("-o").arg(&path).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(std::fs::read_to_string(&path).unwrap().contains("@square"));
}

#[test]
fn postopt_runs() {
    let out = run_with_stdin(catalase().args(["opt", "-", "-S", "--postopt"]), SQUARE.as_bytes());
    assert!(out.status.success(), "{}", stderr_of(&out));
    // default<O2> infers attributes for the function.
    assert!(String::from_utf8_lossy(&out.stdout).contains("memory(none)"), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn device_output_is_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let dir = scratch("device");
    let input = dir.join("in.ll");
    std::fs::write(&input, SQUARE).unwrap();
    let out = catalase().arg("opt").arg(&input).args(["-S", "-o", "/dev/null"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // Writing must not replace the device node with a regular file.
    let kind = std::fs::metadata("/dev/null").unwrap().file_type();
    assert!(kind.is_char_device(), "/dev/null is no longer a character device");
}

#[test]
fn verify_flag_checks_generated_functions() {
    let module = "declare double @__enzyme_fwddiff(ptr, ...)\n\
        define double @square(double %x) {\n  %y = fmul double %x, %x\n  ret double %y\n}\n\
        define double @dsquare(double %x) {\n  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, double %x, double 1.0)\n  ret double %r\n}\n";
    let out = run_with_stdin(catalase().env_remove("CATALASE_OPTIONS").args(["opt", "-", "-S", "--verify"]), module.as_bytes());
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("@__catalase_fwd_square"));
    let help = catalase().args(["opt", "--help"]).output().unwrap();
    assert!(String::from_utf8_lossy(&help.stdout).contains("--verify"));
}

/// A user rule for `sq` whose derivative (100·dx) differs from the body's (2x·dx), so the
/// program's output shows which one was applied.
const RULED: &str = r#"#include <stdio.h>
double __enzyme_fwddiff(void *, ...);
typedef struct { double primal, tangent; } dual;
NOINLINE static double sq(double x) { return x * x; }
static dual dsq(double x, double dx) { dual r = {x * x, 100.0 * dx}; return r; }
void *__enzyme_register_derivative_sq[] = {(void *)sq, (void *)dsq};
static double f(double x) { return sq(x) + 1.0; }
int main(void) { printf("%g\n", __enzyme_fwddiff((void *)f, 3.0, 1.0)); return 0; }
"#;

/// `sq` with a rule (derivative 100·dx), called directly and through a table that also holds
/// `cube`: -O2 inlines the direct call, the table call stays indirect.
const RULED_TABLE: &str = r#"#include <stdio.h>
double __enzyme_fwddiff(void *, ...);
typedef struct { double primal, tangent; } dual;
NOINLINE static double sq(double x) { return x * x; }
static dual dsq(double x, double dx) { dual r = {x * x, 100.0 * dx}; return r; }
void *__enzyme_register_derivative_sq[] = {(void *)sq, (void *)dsq};
static double cube(double x) { return x * x * x; }
static double (*const table[2])(double) = {sq, cube};
__attribute__((noinline)) static double f(double x, int i) { return table[i](x) + sq(x); }
int main(int argc, char **argv) { (void)argv; printf("%g\n", __enzyme_fwddiff((void *)f, 3.0, 1.0, argc - 1)); return 0; }
"#;

/// clang-22 `level` → catalase opt → clang-22: (catalase's stderr, the program's output).
fn ruled_program(test: &str, level: &str, noinline: bool) -> (String, String) {
    ruled_program_of(test, RULED, level, noinline)
}

/// [`ruled_program`] of the C program `source`.
fn ruled_program_of(test: &str, source: &str, level: &str, noinline: bool) -> (String, String) {
    let dir = scratch(test);
    let src = dir.join("ruled.c");
    let macro_def = if noinline { "-DNOINLINE=__attribute__((noinline))" } else { "-DNOINLINE=" };
    std::fs::write(&src, source).unwrap();
    let (ll, out_ll, exe) = (dir.join("in.ll"), dir.join("out.ll"), dir.join("a.out"));
    let cc = Command::new("clang-22").args([level, macro_def, "-S", "-emit-llvm", "-o"]).arg(&ll).arg(&src).output();
    let cc = cc.expect("clang-22 runs");
    assert!(cc.status.success(), "{}", stderr_of(&cc));
    let out = catalase().arg("opt").arg(&ll).arg("-o").arg(&out_ll).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let link = Command::new("clang-22").arg(&out_ll).arg("-o").arg(&exe).arg("-lm").output().unwrap();
    assert!(link.status.success(), "{}", stderr_of(&link));
    let run = Command::new(&exe).output().unwrap();
    (stderr_of(&out), String::from_utf8_lossy(&run.stdout).trim().to_string())
}

#[test]
fn rule_of_an_inlined_function_warns() {
    // -O2 inlines `sq` into `f`: the rule cannot apply; the derivative is the body's, 2·3.
    let (warnings, value) = ruled_program("rule_inlined", "-O2", false);
    assert!(warnings.contains("warning: the derivative rule `dsq` registered for `sq` is not applied"), "{warnings}");
    assert!(warnings.contains("[catalase::unused-rule]"), "{warnings}");
    assert!(warnings.contains("__attribute__((noinline))") && warnings.contains("plugin"), "{warnings}");
    assert_eq!(value, "6");
    // Still called: the rule applies (100), and nothing is said.
    for (level, noinline) in [("-O2", true), ("-O0", false)] {
        let (warnings, value) = ruled_program(&format!("rule_called{level}"), level, noinline);
        assert!(!warnings.contains("unused-rule"), "{level}: {warnings}");
        assert_eq!(value, "100", "{level}");
    }
}

#[test]
fn rule_of_a_partly_inlined_function_warns_and_serves_indirect_calls() {
    // -O2 inlines the direct call (its derivative is the body's, 2·3) but not the table's
    // indirect call, which the rule serves (100): a warning says the rule may not apply at
    // every call.
    let (warnings, value) = ruled_program_of("rule_partly_inlined", RULED_TABLE, "-O2", false);
    assert!(warnings.contains("the derivative rule `dsq` registered for `sq` may not be applied at every call"), "{warnings}");
    assert!(warnings.contains("__attribute__((noinline))") && warnings.contains("plugin"), "{warnings}");
    assert_eq!(value, "106");
    // Kept out of line: the rule serves both calls, and nothing is said.
    let (warnings, value) = ruled_program_of("rule_table_noinline", RULED_TABLE, "-O2", true);
    assert!(!warnings.contains("unused-rule"), "{warnings}");
    assert_eq!(value, "200");
}

/// An `__enzyme_inactivefn` function and an `__enzyme_function_like` one that -O2 inlines.
const MARKED: &str = r#"#include <stdio.h>
#include <math.h>
double __enzyme_fwddiff(void *, ...);
NOINLINE static double frozen(double x) { return 2.0 * x; }
void *__enzyme_inactivefn[] = {(void *)frozen};
NOINLINE static double my_log1p(double x) { return floor(log1p(x) * 1e9) * 1e-9; }
void *__enzyme_function_like[2] = {(void *)my_log1p, (void *)"log1p"};
static double f(double x) { return frozen(x) * x + my_log1p(x); }
int main(void) { printf("%g\n", __enzyme_fwddiff((void *)f, 3.0, 1.0)); return 0; }
"#;

#[test]
fn inlined_inactive_and_function_like_functions_warn() {
    // -O2 inlines both: the derivative is the bodies' (2·3·2 + 0), and each registration is named.
    let (warnings, value) = ruled_program_of("marked_inlined", MARKED, "-O2", false);
    assert!(warnings.contains("the inactivity marking (__enzyme_inactivefn) registered for `frozen` is not applied"), "{warnings}");
    assert!(warnings.contains("the mapping to `log1p` (__enzyme_function_like) registered for `my_log1p` is not applied"), "{warnings}");
    assert_eq!(value, "12");
    // Kept out of line (noinline, or -O0): both apply (2·3 + 1/4), and nothing is said.
    for (level, noinline) in [("-O2", true), ("-O0", false)] {
        let (warnings, value) = ruled_program_of(&format!("marked_called{level}"), MARKED, level, noinline);
        assert!(!warnings.contains("unused-rule"), "{level}: {warnings}");
        assert_eq!(value, "6.25", "{level}");
    }
}

#[test]
fn print_tape_reports_what_is_cached_and_its_size() {
    // sumsq(x, n) = Σ x[i]·x[i]: per iteration the reverse sweep needs x[i], the shadow address
    // and the edge taken into the loop header; the in-place update of ABI's example caches
    // nothing (everything it reads is in the entry block).
    let module = "declare void @__enzyme_autodiff(ptr, ...)\n\
        define double @sumsq(ptr %x, i64 %n) {\nentry:\n  br label %loop\n\
        loop:\n  %i = phi i64 [0, %entry], [%i1, %loop]\n  %s = phi double [0.0, %entry], [%s1, %loop]\n\
          %p = getelementptr double, ptr %x, i64 %i\n  %v = load double, ptr %p\n  %sq = fmul double %v, %v\n\
          %s1 = fadd double %s, %sq\n  %i1 = add i64 %i, 1\n  %c = icmp slt i64 %i1, %n\n  br i1 %c, label %loop, label %exit\n\
        exit:\n  ret double %s1\n}\n\
        define void @inplace(ptr %x) {\n  %p1 = getelementptr double, ptr %x, i64 1\n  %a = load double, ptr %x\n\
          %b = load double, ptr %p1\n  %bb = fmul double %b, %b\n  %s = fadd double %a, %bb\n  store double %s, ptr %x\n\
          %nb = fneg double %b\n  store double %nb, ptr %p1\n  ret void\n}\n\
        define double @scaled(ptr %x, i64 %n, double %a) {\nentry:\n  %pos = icmp sgt i64 %n, 0\n  br i1 %pos, label %pre, label %exit\n\
        pre:\n  %c = call double @exp(double %a)\n  br label %loop\n\
        loop:\n  %i = phi i64 [0, %pre], [%i1, %loop]\n  %s = phi double [0.0, %pre], [%s1, %loop]\n\
          %p = getelementptr double, ptr %x, i64 %i\n  %v = load double, ptr %p\n  %t = fmul double %v, %c\n\
          %s1 = fadd double %s, %t\n  %i1 = add i64 %i, 1\n  %more = icmp slt i64 %i1, %n\n  br i1 %more, label %loop, label %exit\n\
        exit:\n  %r = phi double [0.0, %entry], [%s1, %loop]\n  ret double %r\n}\n\
        declare double @exp(double)\n\
        define void @g(ptr %x, ptr %dx, i64 %n, double %a) {\n\
          call void (ptr, ...) @__enzyme_autodiff(ptr @sumsq, ptr %x, ptr %dx, i64 %n)\n\
          call void (ptr, ...) @__enzyme_autodiff(ptr @inplace, ptr %x, ptr %dx)\n\
          call double (ptr, ...) @__enzyme_autodiff(ptr @scaled, ptr %x, ptr %dx, i64 %n, double %a)\n  ret void\n}\n";
    let err = tape_reports(module);
    let sumsq = tape_report(&err, "sumsq");
    // The loop is replayed by counting its iterations, and the count is computed again from
    // the trip count (n is an argument); the counter i comes back from the count; the address,
    // its shadow and x[i] (memory nothing overwrites) are made again in the reverse sweep: the
    // tape holds nothing.
    assert!(sumsq.contains("the iterations of the loop at block1: made from the loop's trip count"), "{sumsq}");
    assert!(sumsq.contains("v2: i64: an induction variable, made from its loop's iteration count"), "{sumsq}");
    assert!(sumsq.contains("loaded again") && sumsq.contains("shadow of v7: made again"), "{sumsq}");
    assert!(sumsq.contains("size: 0 bytes"), "{sumsq}");
    let inplace = tape_report(&err, "inplace");
    assert!(inplace.contains("size: 0 bytes"), "{inplace}");
    // exp(a) is made once, outside the loop that reads it: it stays in a stack slot; the loop's
    // count comes from its trip count: the tape holds nothing.
    let scaled = tape_report(&err, "scaled");
    assert!(scaled.contains(": f64: kept in a stack slot"), "{scaled}");
    assert!(scaled.contains("size: 0 bytes"), "{scaled}");
    let bad = run_with_stdin(catalase().env_remove("CATALASE_OPTIONS").args(["opt", "-", "--print=nonsense"]), module.as_bytes());
    assert_eq!(bad.status.code(), Some(2), "{}", stderr_of(&bad));
}

#[test]
fn strided_groups_keep_nothing_per_group() {
    // An FFT's shape: stages of width h (doubling), groups starting at s += 2h (a step computed
    // before the group loop), and in each group one of two inner loops of h iterations, chosen
    // by a condition on h alone, both going on to the latch. The reverse makes s again from the
    // group loop's iteration number and tells the latch's edge from the condition (made again
    // from h, kept once per stage), so per group the tape holds nothing: only the inner loops'
    // values (f64) and what each stage keeps once where its group loop is left.
    let module = "declare void @__enzyme_autodiff(ptr, ...)\n\
        define void @groups(ptr %x, ptr %w, i64 %n) {\nentry:\n  br label %stage\n\
        stage:\n  %h = phi i64 [1, %entry], [%h2, %next]\n  %g = shl i64 %h, 1\n  %fast = icmp ugt i64 %h, 4\n  br label %group\n\
        group:\n  %s = phi i64 [0, %stage], [%s1, %latch]\n  br i1 %fast, label %a, label %b\n\
        a:\n  %k = phi i64 [0, %group], [%k1, %a]\n  %i = add i64 %s, %k\n  %p = getelementptr double, ptr %x, i64 %i\n\
          %v = load double, ptr %p\n  %q = getelementptr double, ptr %w, i64 %k\n  %c = load double, ptr %q\n\
          %vc = fmul double %v, %c\n  %sq = fmul double %vc, %v\n  store double %sq, ptr %p\n\
          %k1 = add i64 %k, 1\n  %ea = icmp eq i64 %k1, %h\n  br i1 %ea, label %a.exit, label %a\n\
        a.exit:\n  br label %latch\n\
        b:\n  %j = phi i64 [0, %group], [%j1, %b]\n  %ib = add i64 %s, %j\n  %pb = getelementptr double, ptr %x, i64 %ib\n\
          %u = load double, ptr %pb\n  %uu = fmul double %u, %u\n  %t = fmul double %uu, 0.5\n  store double %t, ptr %pb\n\
          %j1 = add i64 %j, 1\n  %eb = icmp eq i64 %j1, %h\n  br i1 %eb, label %b.exit, label %b\n\
        b.exit:\n  br label %latch\n\
        latch:\n  %s1 = add i64 %s, %g\n  %more = icmp ult i64 %s1, %n\n  br i1 %more, label %group, label %next\n\
        next:\n  %h2 = shl i64 %h, 1\n  %go = icmp ult i64 %h2, %n\n  br i1 %go, label %stage, label %exit\n\
        exit:\n  ret void\n}\n\
        define void @g(ptr %x, ptr %dx, ptr %w, i64 %n) {\n\
          call void (ptr, ...) @__enzyme_autodiff(ptr @groups, ptr %x, ptr %dx, metadata !\"enzyme_const\", ptr %w, i64 %n)\n\
          ret void\n}\n";
    let err = tape_reports(module);
    let report = tape_report(&err, "groups");
    let cached: Vec<&str> = report.lines().filter(|l| l.contains(" cache ")).collect();
    assert!(cached.iter().all(|l| l.contains(": f64, read by") || l.contains("once per exit")), "{report}");
    assert!(report.contains("the number of the edge that entered block9 (from the branches on"), "{report}");
    assert_eq!(report.matches("i64: an induction variable, made from its loop's iteration count").count(), 3, "{report}");
    // The stage loop has no count, so the gradient's start cannot size the tape; each stage
    // plans its groups' room where it starts: the group loop steps by 2h to n, and the inner
    // loop each group enters is told by the condition made in the stage.
    assert!(report.contains("room planned once per iteration of the loop at block1, for its blocks and the loops in it (3 terms)"), "{report}");
}

#[test]
fn parts_called_in_counted_loops_are_planned_where_the_gradient_starts() {
    // outer(x) calls inner ten times; inner's augmented part is straight-line code that keeps
    // exp of the larger operand: the same bytes on every call, so the gradient's start
    // makes room for them too.
    let module = "declare void @__enzyme_autodiff(ptr, ...)\n\
        define internal double @inner(double %a, double %b) noinline {\nentry:\n  %c = fcmp ogt double %a, %b\n\
          %m = select i1 %c, double %a, double %b\n  %e = call double @exp(double %m)\n  ret double %e\n}\n\
        declare double @exp(double)\n\
        define double @outer(ptr %x) {\nentry:\n  br label %loop\n\
        loop:\n  %i = phi i64 [0, %entry], [%i1, %loop]\n  %s = phi double [0.0, %entry], [%s1, %loop]\n\
          %p = getelementptr double, ptr %x, i64 %i\n  %v = load double, ptr %p\n  %r = call double @inner(double %v, double %s)\n\
          %s1 = fadd double %s, %r\n  %i1 = add i64 %i, 1\n  %c = icmp slt i64 %i1, 10\n  br i1 %c, label %loop, label %exit\n\
        exit:\n  ret double %s1\n}\n\
        define void @g(ptr %x, ptr %dx) {\n\
          call void (ptr, ...) @__enzyme_autodiff(ptr @outer, ptr %x, ptr %dx)\n  ret void\n}\n";
    let err = tape_reports(module);
    let report = tape_report(&err, "outer");
    assert!(report.contains("room made where it starts also for what `__catalase_aug_inner_"), "{report}");
    let part = err.split("; catalase tape: ").find(|r| r.starts_with("__catalase_aug_inner_")).expect("a report for inner's part");
    assert!(part.contains("size: 8 bytes"), "{part}");
}

#[test]
fn a_negation_is_made_from_the_value_kept_anyway() {
    // `neg = -s` is read by the reverse before `s` is (the product r·neg comes first), and `s`
    // is a sum of two loads that are overwritten: keeping `s` (8 bytes) beats keeping both
    // loads, and then `neg` and `m` are made again from what is kept, not kept beside it.
    let module = "declare void @__enzyme_autodiff(ptr, ...)\n\
        define void @f(ptr %x, ptr %y, ptr %z, i64 %n) {\nentry:\n  br label %loop\n\
        loop:\n  %i = phi i64 [0, %entry], [%i1, %loop]\n\
          %px = getelementptr double, ptr %x, i64 %i\n  %p = load double, ptr %px\n\
          %py = getelementptr double, ptr %y, i64 %i\n  %q = load double, ptr %py\n\
          %pz = getelementptr double, ptr %z, i64 %i\n  %r = load double, ptr %pz\n\
          %s = fadd double %p, %q\n  %neg = fneg double %s\n  %m = fmul double %r, %neg\n  %t = fmul double %m, %s\n\
          store double %t, ptr %px\n  store double %t, ptr %py\n  store double %t, ptr %pz\n\
          %i1 = add i64 %i, 1\n  %go = icmp ult i64 %i1, %n\n  br i1 %go, label %loop, label %exit\n\
        exit:\n  ret void\n}\n\
        define void @g(ptr %x, ptr %dx, ptr %y, ptr %dy, ptr %z, ptr %dz, i64 %n) {\n\
          call void (ptr, ...) @__enzyme_autodiff(ptr @f, ptr %x, ptr %dx, ptr %y, ptr %dy, ptr %z, ptr %dz, i64 %n)\n\
          ret void\n}\n";
    let err = tape_reports(module);
    let report = tape_report(&err, "f");
    let cached: Vec<&str> = report.lines().filter(|l| l.contains(" cache ") && l.contains(": f64")).collect();
    assert_eq!(cached.len(), 2, "{report}");
    assert!(cached.iter().all(|l| !l.contains("fneg")), "{report}");
}

#[test]
fn values_the_same_each_outer_iteration_go_to_a_table() {
    // mix(x, q, n) = Σ_i Σ_{k<8} exp(q[k])·x[i]: exp(q[k]) depends on k alone, so it is kept in
    // a stack table by the inner loop's count, not per (i, k) on the tape. In decayed, q is
    // written after the nest: the reverse sweep cannot load q[k] again, and exp(q[k]) stays on
    // the tape per iteration.
    let body = |name: &str, after: &str| {
        format!(
            "define double @{name}(ptr %x, ptr %q, i64 %n) {{\nentry:\n  br label %outer\n\
            outer:\n  %i = phi i64 [0, %entry], [%i1, %latch]\n  %s = phi double [0.0, %entry], [%s2, %latch]\n\
              %px = getelementptr double, ptr %x, i64 %i\n  %xi = load double, ptr %px\n  br label %inner\n\
            inner:\n  %k = phi i64 [0, %outer], [%k1, %inner]\n  %t = phi double [%s, %outer], [%t1, %inner]\n\
              %pq = getelementptr double, ptr %q, i64 %k\n  %qk = load double, ptr %pq\n  %e = call double @exp(double %qk)\n\
              %m = fmul double %e, %xi\n  %t1 = fadd double %t, %m\n  %k1 = add i64 %k, 1\n  %c = icmp slt i64 %k1, 8\n\
              br i1 %c, label %inner, label %latch\n\
            latch:\n  %s2 = phi double [%t1, %inner]\n  %i1 = add i64 %i, 1\n  %more = icmp slt i64 %i1, %n\n\
              br i1 %more, label %outer, label %exit\n\
            exit:\n  %r = phi double [%s2, %latch]\n{after}  ret double %r\n}}\n"
        )
    };
    let module = format!(
        "declare void @__enzyme_autodiff(ptr, ...)\ndeclare double @exp(double)\n{}{}\
        define void @g(ptr %x, ptr %dx, ptr %q, ptr %dq, i64 %n) {{\n\
          call double (ptr, ...) @__enzyme_autodiff(ptr @mix, ptr %x, ptr %dx, ptr %q, ptr %dq, i64 %n)\n\
          call double (ptr, ...) @__enzyme_autodiff(ptr @decayed, ptr %x, ptr %dx, ptr %q, ptr %dq, i64 %n)\n\
          ret void\n}}\n",
        body("mix", ""),
        body("decayed", "  store double 0.5, ptr %q\n"),
    );
    let err = tape_reports(&module);
    let report = |f: &str| tape_report(&err, f).to_string();
    let mix = report("mix");
    assert!(mix.contains("(8)): kept in a stack table"), "{mix}");
    let keeps_exp = |r: &str| r.lines().any(|l| l.contains("cache") && l.contains("@exp"));
    assert!(!keeps_exp(&mix), "{mix}");
    let decayed = report("decayed");
    assert!(keeps_exp(&decayed), "{decayed}");
    assert!(!decayed.contains("stack table"), "{decayed}");
}

#[test]
fn a_local_array_filled_from_inputs_is_written_again_not_kept() {
    // centred(x, m, n) = Σ_i Σ_{k<2} exp(c[k]²) with c = x[2i..2i+2] - m, a stack array filled
    // in the outer loop's header and read by the inner loop: the reverse of the outer latch
    // fills c again from x and m (nothing overwrites them), so the inner loop loads c[k] again
    // instead of keeping it per (i, k). In scaled, c holds exp(x - m): filling it again would
    // mean keeping the exps, so its loads stay on the tape.
    let body = |name: &str, fill: &str| {
        format!(
            "define double @{name}(ptr %x, ptr %m, i64 %n) {{\nentry:\n  %c = alloca [2 x double], align 16\n\
              %c1 = getelementptr inbounds i8, ptr %c, i64 8\n  br label %outer\n\
            outer:\n  %i = phi i64 [0, %entry], [%i1, %latch]\n  %s = phi double [0.0, %entry], [%s2, %latch]\n\
              %j = shl i64 %i, 1\n  %px = getelementptr double, ptr %x, i64 %j\n  %px1 = getelementptr double, ptr %px, i64 1\n\
              %a = load double, ptr %px\n  %b = load double, ptr %px1\n  %ma = load double, ptr %m\n\
              %pm1 = getelementptr double, ptr %m, i64 1\n  %mb = load double, ptr %pm1\n\
              %da = fsub double %a, %ma\n  %db = fsub double %b, %mb\n{fill}\
              store double %fa, ptr %c\n  store double %fb, ptr %c1\n  br label %inner\n\
            inner:\n  %k = phi i64 [0, %outer], [%k1, %inner]\n  %t = phi double [%s, %outer], [%t1, %inner]\n\
              %pc = getelementptr double, ptr %c, i64 %k\n  %ck = load double, ptr %pc\n  %sq = fmul double %ck, %ck\n\
              %e = call double @exp(double %sq)\n  %t1 = fadd double %t, %e\n  %k1 = add i64 %k, 1\n\
              %more = icmp slt i64 %k1, 2\n  br i1 %more, label %inner, label %latch\n\
            latch:\n  %s2 = phi double [%t1, %inner]\n  %i1 = add i64 %i, 1\n  %go = icmp slt i64 %i1, %n\n\
              br i1 %go, label %outer, label %exit\n\
            exit:\n  ret double %s2\n}}\n"
        )
    };
    let module = format!(
        "declare void @__enzyme_autodiff(ptr, ...)\ndeclare double @exp(double)\n{}{}\
        define void @g(ptr %x, ptr %dx, ptr %m, ptr %dm, i64 %n) {{\n\
          call double (ptr, ...) @__enzyme_autodiff(ptr @centred, ptr %x, ptr %dx, ptr %m, ptr %dm, i64 %n)\n\
          call double (ptr, ...) @__enzyme_autodiff(ptr @scaled, ptr %x, ptr %dx, ptr %m, ptr %dm, i64 %n)\n\
          ret void\n}}\n",
        body("centred", "  %fa = fadd double %da, 0.0\n  %fb = fadd double %db, 0.0\n"),
        body("scaled", "  %fa = call double @exp(double %da)\n  %fb = call double @exp(double %db)\n"),
    );
    let err = tape_reports(&module);
    let keeps_load = |r: &str| r.lines().any(|l| l.contains("cache") && l.contains("= load"));
    let centred = tape_report(&err, "centred");
    assert!(centred.contains("loaded again from a local array the reverse sweep writes again"), "{centred}");
    assert!(!keeps_load(centred), "{centred}");
    let scaled = tape_report(&err, "scaled");
    assert!(keeps_load(scaled), "{scaled}");
    assert!(!scaled.contains("writes again"), "{scaled}");
}

#[test]
fn a_long_running_sum_of_kept_values_is_made_again() {
    // rows(v, n) = Σ_r log(Σ_{i<20} exp(v[20r + i])), the inner sum unrolled: the exps are kept
    // (costly to make again) and the 19 partial sums are a chain of adds of them, made again in
    // the reverse sweep for `log`'s adjoint rather than kept beside them.
    let mut body = String::from(
        "define double @rows(ptr %v, i64 %n) {\nentry:\n  br label %loop\n\
         loop:\n  %r = phi i64 [0, %entry], [%r1, %loop]\n  %acc = phi double [0.0, %entry], [%acc1, %loop]\n\
           %base = mul i64 %r, 20\n  %row = getelementptr double, ptr %v, i64 %base\n  %s0 = fadd double 0.0, 0.0\n",
    );
    for i in 0..20 {
        body += &format!(
            "  %p{i} = getelementptr double, ptr %row, i64 {i}\n  %v{i} = load double, ptr %p{i}\n\
               %e{i} = call double @exp(double %v{i})\n  %s{} = fadd double %s{i}, %e{i}\n",
            i + 1
        );
    }
    body += "  %l = call double @log(double %s20)\n  %acc1 = fadd double %acc, %l\n  %r1 = add i64 %r, 1\n\
               %more = icmp slt i64 %r1, %n\n  br i1 %more, label %loop, label %exit\n\
             exit:\n  ret double %acc1\n}\n";
    let module = format!(
        "declare void @__enzyme_autodiff(ptr, ...)\ndeclare double @exp(double)\ndeclare double @log(double)\n{body}\
        define void @g(ptr %v, ptr %dv, i64 %n) {{\n\
          call double (ptr, ...) @__enzyme_autodiff(ptr @rows, ptr %v, ptr %dv, i64 %n)\n  ret void\n}}\n"
    );
    let err = tape_reports(&module);
    let report = tape_report(&err, "rows");
    let cached: Vec<&str> = report.lines().filter(|l| l.contains(" cache ")).collect();
    assert_eq!(cached.len(), 20, "{report}");
    assert!(cached.iter().all(|l| l.contains("@exp")), "{report}");
}

#[test]
fn counted_loops_check_the_tape_once_per_entry() {
    // prod(x, n) = Π x[i]: each iteration keeps the running product on the tape. The loop is
    // counted, so its preheader makes room for all its records (`ensure`) and each iteration
    // stores its record without a check (`bump`). In nest, the inner loop's chunk sits inside
    // the outer loop's: the inner ensure asks for the outer loop's room again (its last operand,
    // not 0), and both loops' records go without a check. In walk, the loop ends on data: every
    // record is checked (`reserve`); nested in a counted loop (nestwalk), its checked records take
    // the outer loop's chunk with them.
    let prod = "define double @prod(ptr %x, i64 %n) {\nentry:\n  br label %loop\n\
        loop:\n  %i = phi i64 [0, %entry], [%i1, %loop]\n  %s = phi double [1.0, %entry], [%s1, %loop]\n\
          %p = getelementptr double, ptr %x, i64 %i\n  %v = load double, ptr %p\n  %s1 = fmul double %s, %v\n\
          %i1 = add i64 %i, 1\n  %c = icmp slt i64 %i1, %n\n  br i1 %c, label %loop, label %exit\n\
        exit:\n  ret double %s1\n}\n";
    let nest = "define double @nest(ptr %x, i64 %n) {\nentry:\n  br label %outer\n\
        outer:\n  %j = phi i64 [0, %entry], [%j1, %latch]\n  %t = phi double [1.0, %entry], [%t1, %latch]\n\
          %q = getelementptr double, ptr %x, i64 %j\n  %w = load double, ptr %q\n  %t0 = fmul double %t, %w\n  br label %inner\n\
        inner:\n  %i = phi i64 [0, %outer], [%i1, %inner]\n  %s = phi double [%t0, %outer], [%s1, %inner]\n\
          %p = getelementptr double, ptr %x, i64 %i\n  %v = load double, ptr %p\n  %s1 = fmul double %s, %v\n\
          %i1 = add i64 %i, 1\n  %c = icmp slt i64 %i1, %n\n  br i1 %c, label %inner, label %latch\n\
        latch:\n  %t1 = fmul double %s1, %t0\n  %j1 = add i64 %j, 1\n  %d = icmp slt i64 %j1, %n\n  br i1 %d, label %outer, label %exit\n\
        exit:\n  ret double %t1\n}\n";
    let walk = "define double @walk(ptr %x) {\nentry:\n  br label %loop\n\
        loop:\n  %i = phi i64 [0, %entry], [%i1, %loop]\n  %s = phi double [1.0, %entry], [%s1, %loop]\n\
          %p = getelementptr double, ptr %x, i64 %i\n  %v = load double, ptr %p\n  %s1 = fmul double %s, %v\n\
          %i1 = add i64 %i, 1\n  %c = fcmp ogt double %v, 0.0\n  br i1 %c, label %loop, label %exit\n\
        exit:\n  ret double %s1\n}\n";
    let nestwalk = "define double @nestwalk(ptr %x, i64 %n) {\nentry:\n  br label %outer\n\
        outer:\n  %j = phi i64 [0, %entry], [%j1, %latch]\n  %t = phi double [1.0, %entry], [%t1, %latch]\n\
          %q = getelementptr double, ptr %x, i64 %j\n  %w = load double, ptr %q\n  %t0 = fmul double %t, %w\n  br label %inner\n\
        inner:\n  %i = phi i64 [0, %outer], [%i1, %inner]\n  %s = phi double [%t0, %outer], [%s1, %inner]\n\
          %p = getelementptr double, ptr %x, i64 %i\n  %v = load double, ptr %p\n  %s1 = fmul double %s, %v\n\
          %i1 = add i64 %i, 1\n  %c = fcmp ogt double %v, 0.0\n  br i1 %c, label %inner, label %latch\n\
        latch:\n  %t1 = fmul double %s1, %t0\n  %j1 = add i64 %j, 1\n  %d = icmp slt i64 %j1, %n\n  br i1 %d, label %outer, label %exit\n\
        exit:\n  ret double %t1\n}\n";
    let module = format!(
        "declare void @__enzyme_autodiff(ptr, ...)\n{prod}{nest}{walk}{nestwalk}\
        define void @g(ptr %x, ptr %dx, i64 %n) {{\n\
          call void (ptr, ...) @__enzyme_autodiff(ptr @prod, ptr %x, ptr %dx, i64 %n)\n\
          call void (ptr, ...) @__enzyme_autodiff(ptr @nest, ptr %x, ptr %dx, i64 %n)\n\
          call void (ptr, ...) @__enzyme_autodiff(ptr @walk, ptr %x, ptr %dx)\n\
          call void (ptr, ...) @__enzyme_autodiff(ptr @nestwalk, ptr %x, ptr %dx, i64 %n)\n  ret void\n}}\n"
    );
    let out = run_with_stdin(catalase().env_remove("CATALASE_OPTIONS").args(["opt", "-", "-S", "--verify"]), module.as_bytes());
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    let ir = String::from_utf8_lossy(&out.stdout).to_string();
    let body = |name: &str| -> String {
        let head = format!("@__catalase_rev_{name}_");
        let start = ir.match_indices("\ndefine ").map(|(k, _)| k + 1).find(|&k| ir[k..].lines().next().is_some_and(|l| l.contains(&head)));
        let start = start.expect(name);
        let end = ir[start..].find("\n}\n").map(|o| start + o).expect("the end of the function");
        ir[start..end].to_string()
    };
    let calls = |f: &str, helper: &str| f.matches(&format!("@__catalase_tape_{helper}(")).count();
    let (p, n, w, nw) = (body("prod"), body("nest"), body("walk"), body("nestwalk"));
    assert_eq!((calls(&p, "ensure"), calls(&p, "bump"), calls(&p, "reserve")), (1, 1, 0), "{p}");
    assert_eq!(calls(&n, "ensure"), 2, "{n}");
    assert!(calls(&n, "bump") >= 2, "{n}");
    let ensures: Vec<&str> = n.lines().filter(|l| l.contains("@__catalase_tape_ensure(")).collect();
    let extra = |l: &str| l.trim_end().trim_end_matches(')').rsplit(", ").next().unwrap_or_default().to_string();
    assert_eq!(ensures.iter().filter(|l| extra(l) == "i64 0").count(), 1, "only the outer ensure asks for no extra room: {n}");
    // The inner ensure asks for the outer loop's room left, (runs − k)·24 − 8 + 0 (k = %j − 0:
    // the outer iterations before the current one; 8: the bytes of the current one's record
    // that the block `outer` has pushed already, the latch's 16 come after the inner loop), not
    // for all of it again: a tape made exactly the records' size is not grown by the last
    // iteration.
    let def = |v: &str| n.lines().find(|l| l.trim_start().starts_with(&format!("{v} = "))).unwrap_or_default().trim().to_string();
    let inner = ensures.iter().find(|l| extra(l) != "i64 0").expect("the inner ensure");
    let total = def(extra(inner).trim_start_matches("i64 "));
    assert!(total.contains(" = add i64 "), "{total}\n{n}");
    let rest = def(total.split(" = add i64 ").nth(1).and_then(|x| x.split(", ").next()).unwrap_or_default());
    assert!(rest.contains(" = sub i64 ") && rest.ends_with(", 8"), "the bytes pushed already: {rest}\n{n}");
    let own = def(rest.split(" = sub i64 ").nth(1).and_then(|x| x.split(", ").next()).unwrap_or_default());
    assert!(own.contains(" = mul i64 ") && own.ends_with(", 24"), "{own}\n{n}");
    let left = def(own.split(" = mul i64 ").nth(1).and_then(|x| x.split(", ").next()).unwrap_or_default());
    assert!(left.contains(" = sub i64 "), "the runs left: {left}\n{n}");
    assert_eq!((calls(&w, "ensure"), calls(&w, "bump")), (0, 0), "{w}");
    assert!(calls(&w, "reserve") >= 1, "{w}");
    assert_eq!((calls(&nw, "ensure"), calls(&nw, "bump")), (0, 0), "{nw}");
    assert!(calls(&nw, "reserve") >= 2, "the outer loop's record is checked too: {nw}");
}

#[test]
fn conditions_of_one_record_share_a_word() {
    // clamp(x, n) = Σ min(max(x[i], -1), 1) over x, which each iteration then overwrites: the
    // reverse sweep reads the two select conditions, not x[i], so the record holds two i1
    // values: one 8-byte word between them, 8 bytes per iteration, not 16.
    let module = "declare void @__enzyme_autodiff(ptr, ...)\n\
        define double @clamp(ptr %x, i64 %n) {\nentry:\n  br label %loop\n\
        loop:\n  %i = phi i64 [0, %entry], [%i1, %loop]\n  %s = phi double [0.0, %entry], [%s1, %loop]\n\
          %p = getelementptr double, ptr %x, i64 %i\n  %v = load double, ptr %p\n\
          %hi = fcmp ogt double %v, 1.0\n  %a = select i1 %hi, double 1.0, double %v\n\
          %lo = fcmp olt double %a, -1.0\n  %b = select i1 %lo, double -1.0, double %a\n\
          %s1 = fadd double %s, %b\n  store double 0.0, ptr %p\n\
          %i1 = add i64 %i, 1\n  %c = icmp slt i64 %i1, %n\n  br i1 %c, label %loop, label %exit\n\
        exit:\n  ret double %s1\n}\n\
        define void @g(ptr %x, ptr %dx, i64 %n) {\n\
          call void (ptr, ...) @__enzyme_autodiff(ptr @clamp, ptr %x, ptr %dx, i64 %n)\n  ret void\n}\n";
    let err = tape_reports(module);
    let report = tape_report(&err, "clamp");
    let cached: Vec<&str> = report.lines().filter(|l| l.contains(" cache ")).collect();
    assert_eq!(cached.len(), 2, "{report}");
    assert!(cached.iter().all(|l| l.contains(": i1, read by")), "{report}");
    assert!(cached[1].contains("0 B") && cached[1].contains("(a bit of the word above)"), "{report}");
    assert!(report.contains("size: 8·n(block1) bytes"), "{report}");
}

/// `fwd(x, dx, y, dy)` of `cbrt(x) + y`, without and with the `enzyme_strong_zero` marker.
const CBRT_FWD: &str = "@enzyme_strong_zero = external global i32
declare double @cbrt(double)
declare double @__enzyme_fwddiff(ptr, ...)
define double @f(double %x, double %y) {
entry:
  %c = call double @cbrt(double %x)
  %s = fadd double %c, %y
  ret double %s
}
define double @plain(double %x, double %y) {
entry:
  %d = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 0.0, double %y, double 1.0)
  ret double %d
}
define double @marked(double %x, double %y) {
entry:
  %d = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, ptr @enzyme_strong_zero, double %x, double 0.0, double %y, double 1.0)
  ret double %d
}
";

#[test]
fn strong_zero_marker_and_option_guard_every_term() {
    // The marker asks for its own derivative (`_sz`), whose tangent of cbrt tests the zero tangent.
    let out = run_with_stdin(catalase().args(["opt", "-", "-S"]), CBRT_FWD.as_bytes());
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let body = |name: &str| {
        let at = text.find(&format!("define internal double @{name}(")).unwrap_or_else(|| panic!("{name} in\n{text}"));
        text[at..].split("\n}\n").next().unwrap().to_string()
    };
    assert!(text.contains("define internal double @__catalase_fwd_f_dd_sz("), "{text}");
    assert!(text.contains("define internal double @__catalase_fwd_f_dd("), "{text}");
    assert!(body("__catalase_fwd_f_dd_sz").contains("fcmp oeq"), "{}", body("__catalase_fwd_f_dd_sz"));
    assert!(!body("__catalase_fwd_f_dd").contains("fcmp oeq"), "{}", body("__catalase_fwd_f_dd"));
    // The option (and the flag) marks every call.
    for cmd in [catalase().env("CATALASE_OPTIONS", "verify strong-zero").args(["opt", "-", "-S"]), catalase().args(["opt", "-", "-S", "--strong-zero"])] {
        let out = run_with_stdin(cmd, CBRT_FWD.as_bytes());
        assert!(out.status.success(), "{}", stderr_of(&out));
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(text.contains("@__catalase_fwd_f_dd_sz(") && !text.contains("@__catalase_fwd_f_dd("), "{text}");
    }
}

const CATCHING: &str = r#"
#include <cmath>
#include <cstdio>
#include <stdexcept>
extern "C" double __enzyme_autodiff(void *, ...);
__attribute__((noinline)) double checked(double x) {
  if (x < 0) throw std::domain_error("negative");
  return std::sqrt(x);
}
struct Guard {
  double *p;
  ~Guard() { *p += 1.0; }
};
__attribute__((noinline)) double caught(double x) {
  try {
    return checked(x);
  } catch (const std::domain_error &) {
    return 0.0;
  }
}
__attribute__((noinline)) double cleaned(double x) {
  double n = 0;
  Guard g{&n};
  return checked(x) * 2.0;
}
__attribute__((noinline)) double terminating(double x) noexcept { return checked(x) * 3.0; }
int main() {
  std::printf("%g %g %g\n", __enzyme_autodiff((void *)caught, 4.0), __enzyme_autodiff((void *)cleaned, 4.0),
              __enzyme_autodiff((void *)terminating, 4.0));
}
"#;

#[test]
fn reverse_mode_over_a_try_catch_warns() {
    // A catching landing pad is not followed by reverse mode: a throw during the gradient would
    // reach std::terminate. A cleanup-only landing pad (a destructor) is not reported. Nothing
    // throws here, so both gradients are right.
    let dir = scratch("try_catch");
    let src = dir.join("catching.cpp");
    std::fs::write(&src, CATCHING).unwrap();
    let (ll, out_ll, exe) = (dir.join("in.ll"), dir.join("out.ll"), dir.join("a.out"));
    let cc = Command::new("clang++-22").args(["-O2", "-S", "-emit-llvm", "-o"]).arg(&ll).arg(&src).output().unwrap();
    assert!(cc.status.success(), "{}", stderr_of(&cc));
    let out = catalase().arg("opt").arg(&ll).arg("-o").arg(&out_ll).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let warnings = stderr_of(&out);
    assert!(warnings.contains("warning: `_Z6caughtd` catches exceptions thrown by this call"), "{warnings}");
    assert!(warnings.contains("std::terminate"), "{warnings}");
    assert!(!warnings.contains("`_Z7cleanedd` catches"), "{warnings}");
    // A noexcept function's handler calls std::terminate: the gradient ends the same way.
    assert!(!warnings.contains("`_Z11terminatingd` catches"), "{warnings}");
    assert_eq!(warnings.matches("catches exceptions").count(), 1, "{warnings}");
    let link = Command::new("clang++-22").arg(&out_ll).arg("-o").arg(&exe).output().unwrap();
    assert!(link.status.success(), "{}", stderr_of(&link));
    let run = Command::new(&exe).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&run.stdout).trim(), "0.25 0.5 0.75");
}

#[test]
fn forward_width_into_a_scalar_warns_of_dropped_lanes() {
    // ABI §4.2 rule 6: `double` keeps lane 0 of a width-3 tangent, as Enzyme does; Catalase says
    // which lanes are lost and the struct to declare. A width-1 call and a struct return say nothing.
    let dir = scratch("dropped_lanes");
    let src = dir.join("lanes.c");
    std::fs::write(
        &src,
        r#"
extern int enzyme_width;
double __enzyme_fwddiff(void *, ...);
typedef struct { double d[3]; } v3;
v3 __enzyme_fwddiff3(void *, ...) __asm__("__enzyme_fwddiff");
double f(double x, double y) { return x * x * y; }
double lane0(void) { return __enzyme_fwddiff((void *)f, enzyme_width, 3, 1.5, 1.0, 0.0, 0.0, 2.0, 0.0, 1.0, 0.0); }
double width1(void) { return __enzyme_fwddiff((void *)f, 1.5, 1.0, 2.0, 0.0); }
double all(void) { v3 r = __enzyme_fwddiff3((void *)f, enzyme_width, 3, 1.5, 1.0, 0.0, 0.0, 2.0, 0.0, 1.0, 0.0); return r.d[1]; }
"#,
    )
    .unwrap();
    let (ll, out_ll) = (dir.join("in.ll"), dir.join("out.ll"));
    let cc = Command::new("clang-22").args(["-O1", "-S", "-emit-llvm", "-o"]).arg(&ll).arg(&src).output().unwrap();
    assert!(cc.status.success(), "{}", stderr_of(&cc));
    let out = catalase().arg("opt").arg(&ll).arg("-o").arg(&out_ll).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let warnings = stderr_of(&out);
    assert!(warnings.contains("holds only the tangent of lane 0; the tangents of lanes 1..2 are dropped"), "{warnings}");
    assert!(warnings.contains("struct { double d[3]; }"), "{warnings}");
    assert_eq!(warnings.matches("warning:").count(), 1, "{warnings}");
}
