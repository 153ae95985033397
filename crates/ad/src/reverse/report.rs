//! `--print=tape`: for each generated reverse-mode function, what its forward sweep caches on
//! the tape (per block, with the instruction that needs it), what the reverse sweep recomputes
//! instead and why, and the tape's size in bytes as a formula in the number of times each block
//! runs (the trip counts of its loops where loop analysis knows them).

use std::collections::BTreeMap;
use std::fmt::Write;

use catalase_analysis::loops::LoopInfo;
use catalase_ir::{Block, Function};

use super::tape::Recompute;

/// What one generated function puts on the tape.
#[derive(Default)]
pub struct TapeLog {
    /// (source block, description, bytes), in push order.
    pub cached: Vec<(Block, String, u64)>,
    /// (value, why), each value once.
    pub recomputed: Vec<(String, Recompute)>,
    seen: std::collections::HashSet<String>,
    /// Other lines of the report (the tape's room planned in loops).
    notes: Vec<String>,
}

impl TapeLog {
    pub fn cache(&mut self, block: Block, what: String, bytes: u64) {
        self.cached.push((block, what, bytes));
    }

    pub fn recompute(&mut self, what: String, why: Recompute) {
        if self.seen.insert(what.clone()) {
            self.recomputed.push((what, why));
        }
    }

    pub fn note(&mut self, line: String) {
        self.notes.push(line);
    }

    /// The report for generated function `name` of source function `src`.
    pub fn render(&self, name: &str, src: &Function, info: Option<&LoopInfo>) -> String {
        let mut out = format!("; catalase tape: {name} (of `{}`)\n", src.name);
        let runs = block_runs(src, info);
        let mut per_block: BTreeMap<u32, (Block, u64)> = BTreeMap::new();
        for (b, what, bytes) in &self.cached {
            // A condition after the first in a shared word adds no bytes (`tape::record_layout`).
            let shared = if *bytes == 0 { " (a bit of the word above)" } else { "" };
            let _ = writeln!(out, ";   cache {bytes:>3} B in {b}: {what}{shared}");
            let e = per_block.entry(b.as_u32()).or_insert((*b, 0));
            e.1 += bytes;
        }
        for (what, why) in &self.recomputed {
            let why = match why {
                Recompute::Constant => "a constant",
                Recompute::Argument => "an argument, never reassigned",
                Recompute::EntryBlock => "defined in the entry block, which dominates the reverse sweep",
                Recompute::Remade => "made again from values the reverse block has",
                Recompute::Reloaded => "loaded again: nothing overwrites that memory after the load",
                Recompute::Restored => "loaded again from a local array the reverse sweep writes again where the iteration that wrote it ends",
                Recompute::Counted => "an induction variable, made from its loop's iteration count",
                Recompute::TripCount => "made from the loop's trip count, whose operands the reverse block has",
                Recompute::ToldEdge => "the argument on the edge that entered its block (told by branches), made where the reverse enters the loop",
                Recompute::Table => "kept in a stack table indexed by those loops' iteration counts, not on the tape: the same in every run of the loops around them",
                Recompute::Frame => "kept in a stack slot, not on the tape: defined outside every loop, so once per call",
            };
            let _ = writeln!(out, ";   recompute {what}: {why}");
        }
        // Blocks that run as often as each other add up into one term.
        let mut by_runs: Vec<(String, u64)> = Vec::new();
        let mut constant = 0u64;
        for (b, bytes) in per_block.values() {
            match runs.get(b) {
                Some(r) => match by_runs.iter_mut().find(|(x, _)| x == r) {
                    Some(t) => t.1 += bytes,
                    None => by_runs.push((r.clone(), *bytes)),
                },
                None => constant += bytes,
            }
        }
        let mut terms: Vec<String> = by_runs.iter().map(|(r, bytes)| format!("{bytes}·{r}")).collect();
        if constant > 0 || terms.is_empty() {
            terms.push(constant.to_string());
        }
        let _ = writeln!(out, ";   size: {} bytes", terms.join(" + "));
        for note in &self.notes {
            let _ = writeln!(out, ";   {note}");
        }
        let loops: Vec<String> = loop_counts(info);
        if !loops.is_empty() {
            let _ = writeln!(out, ";   where {}", loops.join(", "));
        }
        out
    }
}

/// For each block inside loops: how many times it runs at most, as the product of the header
/// runs of its loops (`n(blockH)`); blocks outside loops run once and are absent.
fn block_runs(f: &Function, info: Option<&LoopInfo>) -> std::collections::HashMap<Block, String> {
    let mut out = std::collections::HashMap::new();
    let Some(info) = info else { return out };
    for b in f.layout.blocks() {
        let mut factors = Vec::new();
        let mut l = info.loop_of(b);
        while let Some(id) = l {
            let lp = info.get(id).expect("a loop");
            factors.push(format!("n({})", lp.header));
            l = lp.parent;
        }
        if !factors.is_empty() {
            factors.reverse();
            out.insert(b, factors.join("·"));
        }
    }
    out
}

/// `n(blockH) = <trip count>` for each loop (or "unknown before the loop runs").
fn loop_counts(info: Option<&LoopInfo>) -> Vec<String> {
    let Some(info) = info else { return vec![] };
    info.loops()
        .map(|(_, l)| match &l.trip_count {
            Some(t) => format!("n({}) = {}", l.header, t.header_runs),
            None => format!("n({}) = the runs of {} (not known before the loop)", l.header, l.header),
        })
        .collect()
}
