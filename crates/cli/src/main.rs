//! `catalase`, the command-line front end: `catalase opt in.ll -o out.ll` reads an LLVM module,
//! replaces every `__enzyme_*` marker call with a call to a synthesized derivative, verifies the
//! result and writes it out.
//!
//! Exit codes: 0 success; 1 differentiation errors, or a module that fails verification after
//! Catalase ran (a Catalase bug); 2 usage errors, unreadable or malformed input, I/O errors.

mod files;

use std::process::ExitCode;

use catalase_llvm::diag::{DiagKind, Diagnostic};
use catalase_llvm::driver::process_owned;
use catalase_llvm::guard;
use catalase_llvm::module_io::{read_module, OwnedContext, OwnedModule};
use catalase_llvm::options::Options;
use catalase_llvm::passes::postopt_owned;
use clap::{Args, Parser, Subcommand};

#[derive(Parser)]
#[command(name = "catalase", version, about = "Automatic differentiation of LLVM IR (Enzyme-compatible markers)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Differentiate the marker calls (`__enzyme_fwddiff`, ...) of an LLVM module.
    #[command(after_help = OPT_NOTES)]
    Opt(OptArgs),
    /// Internal: read bitcode from stdin in a child process (LLVM's bitcode reader can crash on
    /// corrupt input; the parent turns that into an error).
    #[command(name = "__probe-bitcode", hide = true)]
    ProbeBitcode,
}

const OPT_NOTES: &str = "\
Input may be text IR (.ll) or bitcode (.bc); the format is detected from the content.
Output is text IR with -S or when OUTPUT ends in .ll, bitcode otherwise.
OUTPUT may be the same file as INPUT: the output is written to a temporary file next to it
and renamed into place only on success, so on any error no file is changed.
The environment variable CATALASE_OPTIONS (e.g. \"loose-types,print\") adds options.
Exit codes: 0 success, 1 differentiation or verification errors, 2 usage, I/O or malformed input.";

#[derive(Args)]
struct OptArgs {
    /// Input module (.ll or .bc); `-` reads stdin.
    input: String,
    /// Output file; `-` writes stdout.
    #[arg(short = 'o', long = "output", value_name = "OUTPUT", default_value = "-")]
    output: String,
    /// Write text IR instead of bitcode.
    #[arg(short = 'S')]
    text: bool,
    /// Guess float for same-sized values whose type cannot be deduced (may give wrong derivatives).
    #[arg(long)]
    loose_types: bool,
    /// Run LLVM's optimizer (default<O2>) over the module after differentiation.
    #[arg(long)]
    postopt: bool,
    /// Treat calls to bodiless functions without derivative rules as inactive.
    #[arg(long)]
    emptyfn_inactive: bool,
    /// Print to stderr: `--print` (or `--print=ir`) the Catalase IR of each function before and
    /// after differentiation; `--print=tape` what each reverse-mode function caches on its tape.
    #[arg(long, num_args = 0..=1, default_missing_value = "ir", value_name = "WHAT")]
    print: Option<String>,
    /// Run the Catalase IR verifier on every generated function (a failure is an internal error).
    #[arg(long)]
    verify: bool,
    /// Every marker call as if it passed `enzyme_strong_zero`: a zero tangent or adjoint
    /// contributes exactly zero, even through an infinite partial.
    #[arg(long)]
    strong_zero: bool,
}

/// Why a run stopped, deciding the exit code.
enum Failure {
    /// Usage, I/O or malformed input: exit 2.
    Input(Diagnostic),
    /// Differentiation or verification errors: exit 1.
    Errors(Vec<Diagnostic>),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let args = match cli.command {
        Command::Opt(args) => args,
        Command::ProbeBitcode => return probe_bitcode_child(),
    };
    match run_opt(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(diag)) => {
            eprintln!("{diag}");
            ExitCode::from(2)
        }
        Err(Failure::Errors(diags)) => {
            for diag in &diags {
                eprintln!("{diag}");
            }
            ExitCode::from(1)
        }
    }
}

fn run_opt(args: &OptArgs) -> Result<(), Failure> {
    let options = options_of(args).map_err(|message| Failure::Input(input_error(message)))?;
    let text_output = args.text || args.output.ends_with(".ll");
    if !text_output && files::is_terminal_stdout(&args.output) {
        return Err(Failure::Input(input_error(
            "refusing to write bitcode to a terminal; pass -S for text or -o FILE".to_string(),
        )));
    }
    let name = files::display_name(&args.input);
    let bytes = files::read_input(&args.input)
        .map_err(|err| Failure::Input(input_error(format!("cannot read `{name}`: {err}"))))?;
    if catalase_llvm::module_io::is_bitcode(&bytes) {
        probe_bitcode(&bytes, name).map_err(Failure::Input)?;
    }
    let ctx = OwnedContext::new();
    let module = read_module(&ctx, &bytes, name).map_err(Failure::Input)?;
    module.verify().map_err(|report| Failure::Input(verifier_error(input_error, &format!("the input module `{name}` is invalid"), &report)))?;

    differentiate(&module, &options)?;
    if options.postopt {
        let optimized = guard::catch_panic("post-optimization", || postopt_owned(&module))
            .map_err(|diag| Failure::Errors(vec![diag]))?;
        optimized.map_err(|message| Failure::Errors(vec![internal(message)]))?;
    }

    let out = if text_output { module.print_to_string().into_bytes() } else { module.write_bitcode_to_bytes() };
    files::write_output(&args.output, &out).map_err(|err| {
        let shown = files::display_name(&args.output).replace("<stdin>", "<stdout>");
        Failure::Input(input_error(format!("cannot write `{shown}`: {err}")))
    })
}

/// Run the driver over `module`, print its warnings, and check that the result verifies.
fn differentiate(module: &OwnedModule<'_>, options: &Options) -> Result<(), Failure> {
    let result = guard::catch_panic("differentiation", || process_owned(module, options))
        .map_err(|diag| Failure::Errors(vec![diag]))?;
    let outcome = result.map_err(|diags| Failure::Errors(sorted_errors(diags)))?;
    for warning in &outcome.warnings {
        eprintln!("{warning}");
    }
    module.verify()
        .map_err(|report| Failure::Errors(vec![verifier_error(internal, "the module produced by Catalase fails LLVM's verifier", &report)]))
}

/// Warnings first, then errors, each group in the driver's order.
fn sorted_errors(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.sort_by_key(|diag| diag.is_error());
    diags
}

/// The command-line flags plus `CATALASE_OPTIONS`, spelled as one word list.
fn options_of(args: &OptArgs) -> Result<Options, String> {
    let mut words: Vec<String> = Vec::new();
    for (on, word) in [
        (args.loose_types, "loose-types"),
        (args.postopt, "postopt"),
        (args.emptyfn_inactive, "emptyfn-inactive"),
        (args.print.as_deref() == Some("ir"), "print"),
        (args.print.as_deref() == Some("tape"), "print=tape"),
        (args.verify, "verify"),
        (args.strong_zero, "strong-zero"),
    ] {
        if on {
            words.push(word.to_string());
        }
    }
    if let Some(other) = args.print.as_deref().filter(|w| *w != "ir" && *w != "tape") {
        words.push(format!("print={other}"));
    }
    if let Ok(env_words) = std::env::var("CATALASE_OPTIONS") {
        words.push(env_words);
    }
    Options::parse_words(&words.join(" ")).map_err(|message| format!("{message} (from CATALASE_OPTIONS)"))
}

fn input_error(message: String) -> Diagnostic {
    Diagnostic::error(DiagKind::MalformedInput, message)
}

fn internal(message: String) -> Diagnostic {
    Diagnostic::error(DiagKind::Internal, format!("internal error: {message}"))
        .with_help("this is a Catalase bug; please report it with the input module")
}

/// A diagnostic for a verifier report: its first line joins `what` in the message, the lines
/// after it (the instructions involved) become the printed instruction.
fn verifier_error(make: fn(String) -> Diagnostic, what: &str, report: &str) -> Diagnostic {
    let mut lines = report.lines().filter(|line| !line.trim().is_empty());
    let first = lines.next().unwrap_or("the module is broken").trim();
    let rest: Vec<&str> = lines.map(str::trim).collect();
    let diag = make(format!("{what}: {first}"));
    if rest.is_empty() {
        diag
    } else {
        diag.at_inst(rest.join("\n      "))
    }
}

/// Read the bitcode once in a child process first: some corrupt bitcode makes LLVM's reader
/// abort or crash the process, which must become an error message, not a crash.
fn probe_bitcode(bytes: &[u8], name: &str) -> Result<(), Diagnostic> {
    use std::io::Write;
    use std::process::{Command as Process, Stdio};
    let Ok(exe) = std::env::current_exe() else { return Ok(()) };
    let Ok(mut child) = Process::new(exe)
        .arg("__probe-bitcode")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    else {
        return Ok(());
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(bytes);
    }
    match child.wait() {
        // 0: read fine; 2: a clean error, which the real read reports with its message.
        Ok(status) if matches!(status.code(), Some(0 | 2)) => Ok(()),
        Ok(_) => Err(input_error(format!(
            "cannot read `{name}`: the bitcode is malformed (LLVM's bitcode reader crashed on it)"
        ))),
        Err(_) => Ok(()),
    }
}

/// The child side of [`probe_bitcode`].
fn probe_bitcode_child() -> ExitCode {
    use std::io::Read;
    let mut bytes = Vec::new();
    if std::io::stdin().read_to_end(&mut bytes).is_err() {
        return ExitCode::from(2);
    }
    let ctx = OwnedContext::new();
    let ok = read_module(&ctx, &bytes, "<probe>").is_ok();
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}
