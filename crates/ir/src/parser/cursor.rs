//! The lexical layer of the `.cir` parser: a cursor over the text (whitespace, comments,
//! identifiers, numbers, strings, symbols, error positions). The grammar is in `parser.rs`.

use std::str::FromStr;

use super::{ParseError, PResult, Parser, MAX_DEPTH, MAX_INDEX};
use crate::function::Function;

pub(super) fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '.'
}

pub(super) fn is_symbol_char(c: char) -> bool {
    is_ident_char(c) || c == '$'
}

pub(super) fn is_attr_char(c: char) -> bool {
    is_ident_char(c) || c == '-'
}


impl<'a> Parser<'a> {
    pub(super) fn new(src: &'a str) -> Self {
        Parser {
            src,
            pos: 0,
            depth: 0,
            func: Function::default(),
            values: Vec::new(),
            uses: Vec::new(),
            block_defined: Vec::new(),
        }
    }

    // ----- cursor -----

    pub(super) fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }
    pub(super) fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }
    pub(super) fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.pos += c.len_utf8();
        }
    }
    /// Skip spaces and a comment, stopping at the end of the line.
    pub(super) fn skip_spaces(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\r' => self.bump(),
                ';' => {
                    let n = self.rest().find('\n').unwrap_or(self.rest().len());
                    self.pos += n;
                }
                _ => break,
            }
        }
    }
    /// Skip spaces, comments and line ends.
    pub(super) fn skip_blank(&mut self) {
        loop {
            self.skip_spaces();
            if self.peek() == Some('\n') {
                self.bump();
            } else {
                break;
            }
        }
    }
    /// Consume a run of characters satisfying `ok` (no space skipping).
    pub(super) fn take_while(&mut self, ok: fn(char) -> bool) -> &'a str {
        let rest = self.rest();
        let n = rest.find(|c: char| !ok(c)).unwrap_or(rest.len());
        self.pos += n;
        &rest[..n]
    }
    /// Skip spaces, then consume an identifier (possibly empty).
    pub(super) fn ident(&mut self) -> &'a str {
        self.skip_spaces();
        self.take_while(is_ident_char)
    }
    pub(super) fn peek_ident(&mut self) -> &'a str {
        self.skip_spaces();
        let rest = self.rest();
        &rest[..rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len())]
    }
    pub(super) fn eat(&mut self, s: &str) -> bool {
        self.skip_spaces();
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }
    pub(super) fn eat_keyword(&mut self, kw: &str) -> bool {
        if self.peek_ident() == kw {
            self.pos += kw.len();
            true
        } else {
            false
        }
    }
    pub(super) fn expect(&mut self, s: &str) -> PResult<()> {
        if self.eat(s) {
            Ok(())
        } else {
            Err(self.err(format!("expected `{s}`, found {}", self.describe())))
        }
    }
    pub(super) fn expect_keyword(&mut self, kw: &str) -> PResult<()> {
        if self.eat_keyword(kw) {
            Ok(())
        } else {
            Err(self.err(format!("expected `{kw}`, found {}", self.describe())))
        }
    }
    pub(super) fn end_line(&mut self) -> PResult<()> {
        self.skip_spaces();
        match self.peek() {
            None => Ok(()),
            Some('\n') => {
                self.bump();
                Ok(())
            }
            Some(_) => Err(self.err(format!("expected end of line, found {}", self.describe()))),
        }
    }
    /// What is at the cursor, for error messages.
    pub(super) fn describe(&self) -> String {
        let rest = self.rest();
        match rest.chars().next() {
            None => "end of input".to_string(),
            Some('\n') => "end of line".to_string(),
            Some(c) if is_ident_char(c) => {
                let n = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
                format!("`{}`", &rest[..n])
            }
            Some(c) => format!("`{c}`"),
        }
    }
    pub(super) fn err(&self, message: String) -> ParseError {
        self.err_at(self.pos, message)
    }
    pub(super) fn err_at(&self, pos: usize, message: String) -> ParseError {
        let before = &self.src[..pos.min(self.src.len())];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        ParseError { line: line as u32, col: col as u32, message }
    }
    pub(super) fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("nesting too deep".to_string()));
        }
        Ok(())
    }

    // ----- tokens -----

    /// A decimal number (with a leading `-` when `signed`).
    pub(super) fn number<T: FromStr>(&mut self, what: &str, signed: bool) -> PResult<T> {
        self.skip_spaces();
        let at = self.pos;
        if signed && self.peek() == Some('-') {
            self.bump();
        }
        self.take_while(|c| c.is_ascii_digit());
        let text = &self.src[at..self.pos];
        if text.is_empty() || text == "-" {
            self.pos = at;
            return Err(self.err(format!("expected {what}, found {}", self.describe())));
        }
        text.parse().map_err(|_| self.err_at(at, format!("{what} `{text}` is out of range")))
    }
    /// A word from a table (an opcode's condition, an ordering, ...).
    pub(super) fn named<T>(&mut self, lookup: fn(&str) -> Option<T>, what: &str) -> PResult<T> {
        self.skip_spaces();
        let at = self.pos;
        let word = self.ident();
        lookup(word).ok_or_else(|| {
            self.pos = at;
            self.err(format!("expected {what}, found {}", self.describe()))
        })
    }
    pub(super) fn string(&mut self) -> PResult<String> {
        self.skip_spaces();
        if self.peek() != Some('"') {
            return Err(self.err(format!("expected a string, found {}", self.describe())));
        }
        let start = self.pos;
        self.bump();
        let mut out = String::new();
        loop {
            match self.peek() {
                None | Some('\n') => return Err(self.err_at(start, "unterminated string".to_string())),
                Some('"') => {
                    self.bump();
                    return Ok(out);
                }
                Some('\\') => {
                    self.bump();
                    match self.peek() {
                        Some('"') => out.push('"'),
                        Some('\\') => out.push('\\'),
                        Some('n') => out.push('\n'),
                        _ => return Err(self.err("unknown escape in string (use \\\", \\\\ or \\n)".to_string())),
                    }
                    self.bump();
                }
                Some(c) => {
                    out.push(c);
                    self.bump();
                }
            }
        }
    }
    /// `@name` or `@"quoted name"`.
    pub(super) fn symbol(&mut self) -> PResult<String> {
        self.expect("@")?;
        if self.peek() == Some('"') {
            return self.string();
        }
        let name = self.take_while(is_symbol_char);
        if name.is_empty() {
            return Err(self.err(format!("expected a symbol name after `@`, found {}", self.describe())));
        }
        Ok(name.to_string())
    }
    /// `prefix` followed by a number, e.g. `v3` or `block2`.
    pub(super) fn numbered(&mut self, prefix: &str, what: &str) -> PResult<u32> {
        self.skip_spaces();
        let at = self.pos;
        let word = self.ident();
        let digits = word.strip_prefix(prefix).filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
        let Some(digits) = digits else {
            self.pos = at;
            return Err(self.err(format!("expected {what}, found {}", self.describe())));
        };
        match digits.parse::<u32>() {
            Ok(n) if n <= MAX_INDEX => Ok(n),
            _ => Err(self.err_at(at, format!("`{word}` is too large (the limit is {MAX_INDEX})"))),
        }
    }
    pub(super) fn is_numbered(word: &str, prefix: &str) -> bool {
        word.strip_prefix(prefix).is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
    }

    // ----- types and constants -----

}
