//! The `progen` command: prints the random C program named by a seed, size knobs and optional
//! reduction edits, or (with `--list-sites`) the edits that could still be applied to it.

use std::process::ExitCode;

use catalase_progen::{program_text, Config, Edits};

const USAGE: &str = "usage: progen --seed N [--size small|medium|large] [--stmts K] [--depth D]
              [--max-len L] [--dirs K] [--edits d3,c17,l2] [--list-sites]
Prints a random differentiable C program (the function under test `f`, helpers, and a `main`
that checks __enzyme_fwddiff and __enzyme_autodiff against finite differences and each other). --list-sites prints the reduction
edits still applicable (d<id> delete statement, c<id> expression to 0.5, l<id> loop runs once).";

struct Args {
    seed: u64,
    cfg: Config,
    edits: Edits,
    list_sites: bool,
    origin: String,
}

fn number(flag: &str, value: Option<&String>) -> Result<u64, String> {
    let value = value.ok_or_else(|| format!("{flag} needs a value"))?;
    value.parse().map_err(|_| format!("{flag}: `{value}` is not a non-negative integer"))
}

fn parse(argv: &[String]) -> Result<Args, String> {
    let mut seed = None;
    let mut cfg = Config::for_size("medium")?;
    let mut edits = Edits::default();
    let mut list_sites = false;
    let mut origin = Vec::new();
    let mut overrides = Vec::new();
    let mut i = 0;
    while i < argv.len() {
        let flag = argv[i].as_str();
        let value = argv.get(i + 1);
        match flag {
            "--seed" => seed = Some(number(flag, value)?),
            "--size" => cfg = Config::for_size(value.ok_or("--size needs a value")?)?,
            "--stmts" | "--depth" | "--max-len" | "--dirs" => overrides.push((flag, number(flag, value)? as usize)),
            "--edits" => edits = Edits::parse(value.ok_or("--edits needs a value")?)?,
            "--list-sites" => {
                list_sites = true;
                i += 1;
                continue;
            }
            "-h" | "--help" => return Err(String::new()),
            _ => return Err(format!("unknown argument `{flag}`")),
        }
        if flag != "--edits" {
            origin.push(format!("{flag} {}", value.map(String::as_str).unwrap_or("")));
        }
        i += 2;
    }
    for (flag, v) in overrides {
        match flag {
            "--stmts" => cfg.stmts = v.max(1),
            "--depth" => cfg.depth = v,
            "--max-len" => cfg.max_len = v.max(2),
            _ => cfg.dirs = v.max(1),
        }
    }
    let seed = seed.ok_or("--seed is required")?;
    Ok(Args { seed, cfg, edits, list_sites, origin: origin.join(" ") })
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse(&argv) {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("progen: {msg}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(if msg.is_empty() { 0 } else { 2 });
        }
    };
    let (text, sites) = program_text(args.seed, &args.cfg, &args.edits, &args.origin);
    if args.list_sites {
        for s in sites {
            println!("{s}");
        }
    } else {
        print!("{text}");
    }
    ExitCode::SUCCESS
}
