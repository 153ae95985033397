//! Options of a Catalase run: one spelling shared by the CLI flags, the `opt` pass parameters
//! (`-passes='catalase<loose-types>'`) and the `CATALASE_OPTIONS` environment variable.

/// Options that change how Catalase differentiates.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Guess float for same-sized values whose type cannot be deduced (may give wrong derivatives).
    pub loose_types: bool,
    /// Run LLVM's optimizer (`default<O2>`) over the module after differentiation (CLI only).
    pub postopt: bool,
    /// Treat calls to bodiless functions without rules as inactive.
    pub emptyfn_inactive: bool,
    /// Print the Catalase IR of each function before and after differentiation to stderr.
    pub print: bool,
    /// `print=tape`: print, for each generated reverse-mode function, what its tape caches and
    /// what it recomputes, and the tape's size as a formula.
    pub print_tape: bool,
    /// Run the Catalase IR verifier on every generated function; a broken one is an internal
    /// error. Always on in debug builds; tests, CI and the corpus harness set it.
    pub verify: bool,
    /// `split-autodiff` (a test switch): each `__enzyme_autodiff` is made of split mode's two
    /// parts (augmented forward, then reverse, sharing a stack tape), so that every
    /// reverse-mode test also tests split mode.
    pub split_autodiff: bool,
    /// `strong-zero` (Enzyme's `enzyme-strong-zero`): every marker call as if it passed
    /// `enzyme_strong_zero`.
    pub strong_zero: bool,
    /// `runtime-activity` (Enzyme's `enzyme-runtime-activity`): every marker call as if it
    /// passed `enzyme_runtime_activity`.
    pub runtime_activity: bool,
}

impl Options {
    /// Parse a space- or comma-separated word list (`"loose-types postopt"`).
    /// Unknown words are errors that name the word.
    pub fn parse_words(words: &str) -> Result<Options, String> {
        let mut opts = Options::default();
        for word in words.split(|c: char| c == ',' || c == ';' || c.is_whitespace()) {
            let word = word.trim().trim_start_matches('-');
            match word {
                "" => {}
                "loose-types" | "enzyme-loose-types" => opts.loose_types = true,
                "postopt" | "enzyme-postopt" => opts.postopt = true,
                "emptyfn-inactive" | "enzyme-emptyfn-inactive" => opts.emptyfn_inactive = true,
                "print" | "enzyme-print" | "print=ir" => opts.print = true,
                "print=tape" | "print-tape" => opts.print_tape = true,
                "verify" => opts.verify = true,
                "split-autodiff" => opts.split_autodiff = true,
                "strong-zero" | "enzyme-strong-zero" => opts.strong_zero = true,
                // Catalase's stand-in checks are always on (`catalase_ad::standin`).
                "runtime-activity" | "enzyme-runtime-activity" => opts.runtime_activity = true,
                other => {
                    return Err(format!(
                        "unknown Catalase option `{other}` (known: loose-types, postopt, emptyfn-inactive, print, print=tape, verify, split-autodiff, strong-zero, runtime-activity)"
                    ))
                }
            }
        }
        Ok(opts)
    }

    /// Options from the environment variable `CATALASE_OPTIONS`, if set.
    pub fn from_env() -> Result<Options, String> {
        match std::env::var("CATALASE_OPTIONS") {
            Ok(words) => Options::parse_words(&words),
            Err(_) => Ok(Options::default()),
        }
    }
}
