//! The `.cir` text format: parsing, the inverse of [`crate::printer`]. Fixtures, bug reports
//! and tests are text; `print(parse(text)) == text` for every text the printer writes, and
//! value numbers survive (`v7` in the text is `Value(7)` in the function).
//!
//! Grammar (line-oriented; `;` starts a comment that runs to the end of the line; blank lines
//! between items and lines are ignored):
//! ```text
//! module   := item*
//! item     := "global" sym ":" type ["constant"] ["inactive"] NL
//!           | "declare" header NL
//!           | "func" header "{" NL const* (block inst*)* "}" NL
//! header   := sym "(" [type ("," type)*] ["," "..."] ")" ["->" type] ["linkage" WORD] [attrs]
//! const    := vN "=" "const" type constant NL
//! constant := DECIMAL | 0xHEX (float bits) | null | undef | poison | zeroinitializer
//!           | sym | "[" [constant ("," constant)*] "]"
//! block    := blockN "(" [vN ":" type ("," vN ":" type)*] ")" ":" NL
//! inst     := [vN ":" type "="] OPCODE flag* operands [loop] ["!dbg" STRING ":" line ":" col] NL
//! loop     := "!loop(" hint ("," hint)* ")"              hint := STRING ["i" BITS DECIMAL]
//! attrs    := "attrs{" group (" " group)* "}"      group := ("fn" | "ret" | pN) "(" attr* ")"
//! attr     := name ["=" DECIMAL | "=" STRING | "(" type ")"]
//! sym      := "@" ([A-Za-z0-9_.$]+ | STRING)       STRING := '"' (char | \" | \\ | \n)* '"'
//! ```
//! `flag` is a [`Flag`] name or `fast`. Operands per opcode, as the printer writes them:
//! binary/`extractelement`/`ptradd` `a, b`; `icmp`/`fcmp` `cond a, b`; unary, casts, `resume`
//! `a`; `select`/`insertelement` `a, b, c`; `shufflevector a, b, [mask]`;
//! `extractvalue a, [i]`; `insertvalue a, b, [i]`; `alloca T, n, align N`;
//! `load p align N [volatile] [ordering]`; `store x, p align N [volatile] [ordering]`;
//! `call callee(args) : fn(sig) -> T [attrs]` (callee `@name` or a value); `invoke` = call +
//! `to blockN(args) unwind blockM(args)`; `fence ordering`; `atomicrmw op p, x ordering`;
//! `cmpxchg p, e, n success failure`; `landingpad [cleanup] [values]`; `br blockN(args)`;
//! `condbr c, bc, bc`; `switch x, bc, [N: bc, ...]`; `ret [x]`; `unreachable`.
//!
//! Values may be used before their definition line. Value numbers the text never defines
//! (holes left by removed instructions) become parameters of one extra block outside the
//! layout, so numbering lines up. Errors carry a 1-based line and column; no input panics.

use std::fmt;
use std::str::FromStr;

use crate::constant::Const;
use crate::diag::SourceLoc;
use crate::entities::{Block, Value};
use crate::function::{Function, Global, InstNode, Linkage, LoopHint, Module, ValueData, ValueDef};
use crate::inst::{Attr, AttrList, AttrValue, BlockCall, Callee, InstData, MemFlags, Signature};
use crate::opcodes::{BinaryOp, CastOp, Flag, Flags, FloatCC, IntCC, Ordering, RmwOp, UnaryOp};
use crate::types::Type;

mod cursor;
use cursor::{is_attr_char, is_ident_char};

/// A syntax error, with the 1-based line and column (in characters) where it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.col, self.message)
    }
}

impl std::error::Error for ParseError {}

type PResult<T> = Result<T, ParseError>;

/// Nesting limit for types and constants (keeps garbage input from overflowing the stack).
const MAX_DEPTH: u32 = 128;
/// Largest value or block number accepted (keeps `v4000000000` from allocating the world).
const MAX_INDEX: u32 = 1 << 20;
/// Largest parameter index in `pN(...)` attribute groups.
const MAX_PARAM_ATTR: usize = 1 << 16;

/// Parse a module: globals, declarations and function definitions.
pub fn parse_module(text: &str) -> Result<Module, ParseError> {
    let mut p = Parser::new(text);
    let mut m = Module::default();
    loop {
        p.skip_blank();
        if p.peek().is_none() {
            return Ok(m);
        }
        let at = p.pos;
        match p.ident() {
            "global" => m.add_global(p.global()?),
            "declare" => {
                m.add_function(p.declaration()?);
            }
            "func" => {
                m.add_function(p.definition()?);
            }
            _ => return Err(p.err_at(at, "expected `global`, `declare` or `func`".to_string())),
        }
    }
}

/// Parse exactly one function (`func` or `declare`), with optional comments around it.
pub fn parse_function(text: &str) -> Result<Function, ParseError> {
    let mut p = Parser::new(text);
    p.skip_blank();
    let at = p.pos;
    let f = match p.ident() {
        "declare" => p.declaration()?,
        "func" => p.definition()?,
        _ => return Err(p.err_at(at, "expected `declare` or `func`".to_string())),
    };
    p.skip_blank();
    if p.peek().is_some() {
        return Err(p.err("unexpected text after the function".to_string()));
    }
    Ok(f)
}

/// A cursor over the text plus the state of the function body being read.
struct Parser<'a> {
    src: &'a str,
    pos: usize,
    depth: u32,
    func: Function,
    /// Definitions by value number.
    values: Vec<Option<ValueData>>,
    /// Every value use with its position, checked once the body is read.
    uses: Vec<(u32, usize)>,
    /// Whether each block number has had its header.
    block_defined: Vec<bool>,
}

impl<'a> Parser<'a> {
    fn ty(&mut self) -> PResult<Type> {
        self.enter()?;
        let t = self.ty_inner();
        self.depth -= 1;
        t
    }
    fn ty_inner(&mut self) -> PResult<Type> {
        if self.eat("<{") {
            let fields = self.type_list("}")?;
            self.expect(">")?;
            return Ok(Type::Struct { fields, packed: true });
        }
        if self.eat("{") {
            return Ok(Type::Struct { fields: self.type_list("}")?, packed: false });
        }
        if self.eat("<") {
            let n = self.number("a vector length", false)?;
            self.expect_keyword("x")?;
            let elem = self.ty()?;
            self.expect(">")?;
            return Ok(Type::vector(n, elem));
        }
        if self.eat("[") {
            let n = self.number("an array length", false)?;
            self.expect_keyword("x")?;
            let elem = self.ty()?;
            self.expect("]")?;
            return Ok(Type::array(n, elem));
        }
        let at = self.pos;
        let word = self.ident();
        match word {
            "void" => Ok(Type::Void),
            "f16" => Ok(Type::Half),
            "bf16" => Ok(Type::BFloat),
            "f32" => Ok(Type::F32),
            "f64" => Ok(Type::F64),
            "ptr" if self.eat_keyword("addrspace") => {
                self.expect("(")?;
                let a = self.number("an address space", false)?;
                self.expect(")")?;
                Ok(Type::Ptr(a))
            }
            "ptr" => Ok(Type::PTR),
            "opaque" if self.peek() == Some('(') => self.opaque_type(),
            w if Self::is_numbered(w, "i") => match w[1..].parse() {
                Ok(bits) => Ok(Type::Int(bits)),
                Err(_) => Err(self.err_at(at, format!("integer width `{w}` is out of range"))),
            },
            _ => {
                self.pos = at;
                Err(self.err(format!("expected a type, found {}", self.describe())))
            }
        }
    }
    /// Items separated by commas up to `close` (the opening bracket already read).
    fn list<T>(&mut self, close: &str, mut item: impl FnMut(&mut Self) -> PResult<T>) -> PResult<Vec<T>> {
        let mut out = Vec::new();
        if self.eat(close) {
            return Ok(out);
        }
        loop {
            out.push(item(self)?);
            if self.eat(close) {
                return Ok(out);
            }
            self.expect(",")?;
        }
    }
    fn type_list(&mut self, close: &str) -> PResult<Vec<Type>> {
        self.list(close, Self::ty)
    }
    /// `opaque(...)` with balanced parentheses; the cursor is on the `(`.
    fn opaque_type(&mut self) -> PResult<Type> {
        let start = self.pos;
        self.bump();
        let body = self.pos;
        let (mut depth, mut in_string) = (1u32, false);
        while let Some(c) = self.peek() {
            self.bump();
            match c {
                '\n' => break,
                '\\' if in_string => self.bump(),
                '"' => in_string = !in_string,
                '(' if !in_string => depth += 1,
                ')' if !in_string => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(Type::Opaque(self.src[body..self.pos - 1].to_string()));
                    }
                }
                _ => {}
            }
        }
        Err(self.err_at(start, "unterminated `opaque(` type".to_string()))
    }
    fn constant(&mut self) -> PResult<Const> {
        self.enter()?;
        let c = self.constant_inner();
        self.depth -= 1;
        c
    }
    fn constant_inner(&mut self) -> PResult<Const> {
        self.skip_spaces();
        let at = self.pos;
        match self.peek() {
            Some('[') => {
                self.bump();
                Ok(Const::Aggregate(self.list("]", Self::constant)?))
            }
            Some('@') => Ok(Const::Global(self.symbol()?)),
            _ if self.rest().starts_with("0x") || self.rest().starts_with("0X") => {
                self.pos += 2;
                let hex = self.take_while(|c| c.is_ascii_hexdigit());
                u128::from_str_radix(hex, 16)
                    .map(Const::Float)
                    .map_err(|_| self.err_at(at, "expected float bits (up to 32 hex digits) after `0x`".to_string()))
            }
            Some(c) if c.is_ascii_digit() => Ok(Const::Int(self.number("an integer constant", false)?)),
            _ => match self.ident() {
                "null" => Ok(Const::Null),
                "undef" => Ok(Const::Undef),
                "poison" => Ok(Const::Poison),
                "zeroinitializer" => Ok(Const::Zero),
                _ => {
                    self.pos = at;
                    Err(self.err(format!("expected a constant, found {}", self.describe())))
                }
            },
        }
    }

    // ----- attributes -----

    /// `attrs{...}` if present.
    fn attrs(&mut self) -> PResult<AttrList> {
        let mut list = AttrList::default();
        if !self.eat("attrs{") {
            return Ok(list);
        }
        while !self.eat("}") {
            let at = self.pos;
            let label = self.ident();
            let group = match label {
                "fn" => &mut list.func,
                "ret" => &mut list.ret,
                l if Self::is_numbered(l, "p") => match l[1..].parse::<usize>() {
                    Ok(i) if i < MAX_PARAM_ATTR => {
                        if list.params.len() <= i {
                            list.params.resize(i + 1, Vec::new());
                        }
                        &mut list.params[i]
                    }
                    _ => return Err(self.err_at(at, format!("parameter index `{l}` is too large"))),
                },
                _ => {
                    self.pos = at;
                    return Err(self.err(format!("expected `fn`, `ret`, `pN` or `}}`, found {}", self.describe())));
                }
            };
            let mut attrs = Vec::new();
            self.expect("(")?;
            while !self.eat(")") {
                attrs.push(self.attr()?);
            }
            group.extend(attrs);
        }
        Ok(list)
    }
    fn attr(&mut self) -> PResult<Attr> {
        self.skip_spaces();
        let name = if self.peek() == Some('"') {
            self.string()?
        } else {
            let n = self.take_while(is_attr_char);
            if n.is_empty() {
                return Err(self.err(format!("expected an attribute, found {}", self.describe())));
            }
            n.to_string()
        };
        let value = match self.peek() {
            Some('=') if self.rest().starts_with("=\"") => {
                self.bump();
                AttrValue::Str(self.string()?)
            }
            Some('=') => {
                self.bump();
                AttrValue::Int(self.number("an attribute value", false)?)
            }
            Some('(') => {
                self.bump();
                let t = self.ty()?;
                self.expect(")")?;
                AttrValue::Type(t)
            }
            _ => AttrValue::None,
        };
        Ok(Attr { name, value })
    }

    // ----- items -----

    fn global(&mut self) -> PResult<Global> {
        let name = self.symbol()?;
        self.expect(":")?;
        let ty = self.ty()?;
        let constant = self.eat_keyword("constant");
        let inactive = self.eat_keyword("inactive");
        self.end_line()?;
        Ok(Global { name, ty, constant, inactive })
    }
    /// `@name(params) -> ret linkage L attrs{...}`.
    fn header(&mut self) -> PResult<Function> {
        let name = self.symbol()?;
        let (params, variadic) = self.sig_params()?;
        let ret = if self.eat("->") { self.ty()? } else { Type::Void };
        let linkage = if self.eat_keyword("linkage") {
            self.named(linkage_from_name, "a linkage (internal, private, weak_odr, linkonce_odr, other)")?
        } else {
            Linkage::External
        };
        let attrs = self.attrs()?;
        let sig = Signature { params, ret, variadic };
        Ok(Function { name, sig, attrs, linkage, ..Function::default() })
    }
    fn sig_params(&mut self) -> PResult<(Vec<Type>, bool)> {
        self.expect("(")?;
        let mut params = Vec::new();
        if self.eat(")") {
            return Ok((params, false));
        }
        loop {
            if self.eat("...") {
                self.expect(")")?;
                return Ok((params, true));
            }
            params.push(self.ty()?);
            if self.eat(")") {
                return Ok((params, false));
            }
            self.expect(",")?;
        }
    }
    fn declaration(&mut self) -> PResult<Function> {
        let f = self.header()?;
        self.end_line()?;
        Ok(f)
    }
    fn definition(&mut self) -> PResult<Function> {
        self.func = self.header()?;
        self.values.clear();
        self.uses.clear();
        self.block_defined.clear();
        self.expect("{")?;
        self.end_line()?;
        self.body()?;
        self.end_line()?;
        self.finish_values()?;
        Ok(std::mem::take(&mut self.func))
    }
    /// Lines up to the closing `}` (consumed).
    fn body(&mut self) -> PResult<()> {
        let mut current: Option<Block> = None;
        loop {
            self.skip_blank();
            let at = self.pos;
            match self.peek() {
                None => return Err(self.err("unexpected end of input: missing `}`".to_string())),
                Some('}') => {
                    self.bump();
                    return Ok(());
                }
                _ => {}
            }
            let word = self.peek_ident();
            if Self::is_numbered(word, "block") {
                current = Some(self.block_header()?);
            } else if Self::is_numbered(word, "v") && self.after_value_is('=') {
                self.const_line()?;
            } else {
                let Some(block) = current else {
                    return Err(self.err_at(at, "instruction before the first block".to_string()));
                };
                self.inst_line(block)?;
            }
        }
    }
    /// Whether the character after the value name at the cursor (and spaces) is `c`.
    fn after_value_is(&self, c: char) -> bool {
        let rest = self.rest();
        let n = rest.find(|c: char| !is_ident_char(c)).unwrap_or(rest.len());
        rest[n..].trim_start_matches([' ', '\t']).starts_with(c)
    }

    // ----- values and blocks -----

    fn define(&mut self, n: u32, data: ValueData, at: usize) -> PResult<Value> {
        let i = n as usize;
        if self.values.len() <= i {
            self.values.resize(i + 1, None);
        }
        if self.values[i].is_some() {
            return Err(self.err_at(at, format!("v{n} is defined twice")));
        }
        self.values[i] = Some(data);
        Ok(Value(n))
    }
    fn use_value(&mut self) -> PResult<Value> {
        self.skip_spaces();
        let at = self.pos;
        let n = self.numbered("v", "a value (`v3`)")?;
        self.uses.push((n, at));
        Ok(Value(n))
    }
    fn value_list(&mut self, close: &str) -> PResult<Vec<Value>> {
        self.list(close, Self::use_value)
    }
    fn block_ref(&mut self) -> PResult<Block> {
        let n = self.numbered("block", "a block (`block2`)")?;
        while self.func.dfg.blocks.len() <= n as usize {
            self.func.dfg.make_block();
            self.block_defined.push(false);
        }
        Ok(Block(n))
    }
    fn block_call(&mut self) -> PResult<BlockCall> {
        let block = self.block_ref()?;
        self.expect("(")?;
        let args = self.value_list(")")?;
        Ok(BlockCall { block, args })
    }
    fn block_header(&mut self) -> PResult<Block> {
        self.skip_spaces();
        let at = self.pos;
        let b = self.block_ref()?;
        if self.block_defined[b.0 as usize] {
            return Err(self.err_at(at, format!("{b} is defined twice")));
        }
        self.block_defined[b.0 as usize] = true;
        self.expect("(")?;
        let mut index = 0;
        let params = self.list(")", |p| {
            p.skip_spaces();
            let at = p.pos;
            let n = p.numbered("v", "a block parameter (`v3`)")?;
            p.expect(":")?;
            let ty = p.ty()?;
            index += 1;
            p.define(n, ValueData { ty, def: ValueDef::Param(b, index - 1) }, at)
        })?;
        self.expect(":")?;
        self.end_line()?;
        self.func.dfg.blocks[b].params = params;
        self.func.layout.append_block(b);
        Ok(b)
    }
    fn const_line(&mut self) -> PResult<()> {
        self.skip_spaces();
        let at = self.pos;
        let n = self.numbered("v", "a value")?;
        self.expect("=")?;
        self.expect_keyword("const")?;
        let ty = self.ty()?;
        let c = self.constant()?;
        self.end_line()?;
        self.define(n, ValueData { ty, def: ValueDef::Const(c) }, at)?;
        Ok(())
    }
    /// Check every use has a definition, then lay the values out by number.
    fn finish_values(&mut self) -> PResult<()> {
        for &(n, at) in &self.uses {
            if self.values.get(n as usize).is_none_or(Option::is_none) {
                return Err(self.err_at(at, format!("v{n} is used but never defined")));
            }
        }
        let mut hole_block = None;
        for slot in std::mem::take(&mut self.values) {
            let data = match slot {
                Some(d) => d,
                None => {
                    let hb = *hole_block.get_or_insert_with(|| self.func.dfg.make_block());
                    let k = self.func.dfg.blocks[hb].params.len() as u32;
                    ValueData { ty: Type::Void, def: ValueDef::Param(hb, k) }
                }
            };
            let hole = match data.def {
                ValueDef::Param(b, _) if Some(b) == hole_block => Some(b),
                _ => None,
            };
            let v = self.func.dfg.values.push(data);
            if let Some(hb) = hole {
                self.func.dfg.blocks[hb].params.push(v);
            }
        }
        Ok(())
    }

    // ----- instructions -----

    fn inst_line(&mut self, block: Block) -> PResult<()> {
        self.skip_spaces();
        let at = self.pos;
        let result = if Self::is_numbered(self.peek_ident(), "v") {
            let n = self.numbered("v", "a value")?;
            self.expect(":")?;
            let ty = self.ty()?;
            self.expect("=")?;
            Some((n, ty))
        } else {
            None
        };
        self.skip_spaces();
        let op_at = self.pos;
        let opcode = self.ident();
        if opcode.is_empty() {
            return Err(self.err(format!("expected an instruction, found {}", self.describe())));
        }
        let flags = self.flags();
        let data = self.operands(opcode, op_at)?;
        let loop_hints = self.loop_hints()?;
        let loc = self.location()?;
        self.end_line()?;
        let inst = self.func.dfg.insts.push(InstNode { data, flags, result: None, loc, loop_hints });
        if let Some((n, ty)) = result {
            let v = self.define(n, ValueData { ty, def: ValueDef::Result(inst) }, at)?;
            self.func.dfg.insts[inst].result = Some(v);
        }
        self.func.layout.append_inst(inst, block);
        Ok(())
    }
    fn flags(&mut self) -> Flags {
        let mut flags = Flags::NONE;
        loop {
            let word = self.peek_ident();
            if word == "fast" {
                let fast = [Flag::Nnan, Flag::Ninf, Flag::Nsz, Flag::Arcp, Flag::Contract, Flag::Afn, Flag::Reassoc];
                flags = fast.iter().fold(flags, |fl, f| fl.with(*f));
            } else if let Some(f) = Flag::from_name(word) {
                flags = flags.with(f);
            } else {
                return flags;
            }
            self.pos += word.len();
        }
    }
    fn loop_hints(&mut self) -> PResult<Vec<LoopHint>> {
        if !self.eat("!loop") {
            return Ok(Vec::new());
        }
        self.expect("(")?;
        self.list(")", |p| {
            let name = p.string()?;
            p.skip_spaces();
            if !Self::is_numbered(p.peek_ident(), "i") {
                return Ok(LoopHint { name, value: None });
            }
            let Type::Int(bits) = p.ty()? else { unreachable!("`i` and digits is an integer type") };
            let value = p.number("an integer", true)?;
            Ok(LoopHint { name, value: Some((bits, value)) })
        })
    }
    fn location(&mut self) -> PResult<Option<SourceLoc>> {
        if !self.eat("!dbg") {
            return Ok(None);
        }
        let file = self.string()?;
        self.expect(":")?;
        let line = self.number("a line number", false)?;
        self.expect(":")?;
        let col = self.number("a column number", false)?;
        Ok(Some(SourceLoc { file, line, col }))
    }
    fn two(&mut self) -> PResult<[Value; 2]> {
        let a = self.use_value()?;
        self.expect(",")?;
        Ok([a, self.use_value()?])
    }
    fn three(&mut self) -> PResult<[Value; 3]> {
        let [a, b] = self.two()?;
        self.expect(",")?;
        Ok([a, b, self.use_value()?])
    }
    fn index_list<T: FromStr>(&mut self, signed: bool) -> PResult<Vec<T>> {
        self.expect("[")?;
        self.list("]", |p| p.number("an index", signed))
    }
    fn mem_flags(&mut self) -> PResult<MemFlags> {
        self.expect_keyword("align")?;
        let align = self.number("an alignment", false)?;
        let volatile = self.eat_keyword("volatile");
        let ordering = Ordering::from_name(self.peek_ident()).unwrap_or(Ordering::NotAtomic);
        if ordering != Ordering::NotAtomic || self.peek_ident() == "notatomic" {
            self.ident();
        }
        Ok(MemFlags { align, volatile, ordering })
    }
    fn operands(&mut self, opcode: &str, at: usize) -> PResult<InstData> {
        if let Some(op) = BinaryOp::from_name(opcode) {
            return Ok(InstData::Binary { op, args: self.two()? });
        }
        if let Some(op) = UnaryOp::from_name(opcode) {
            return Ok(InstData::Unary { op, arg: self.use_value()? });
        }
        if let Some(op) = CastOp::from_name(opcode) {
            return Ok(InstData::Cast { op, arg: self.use_value()? });
        }
        Ok(match opcode {
            "icmp" => {
                let cond = self.named(IntCC::from_name, "an integer condition (eq, slt, ...)")?;
                InstData::Icmp { cond, args: self.two()? }
            }
            "fcmp" => {
                let cond = self.named(FloatCC::from_name, "a float condition (oeq, ult, ...)")?;
                InstData::Fcmp { cond, args: self.two()? }
            }
            "select" => InstData::Select { args: self.three()? },
            "extractelement" => InstData::ExtractElement { args: self.two()? },
            "insertelement" => InstData::InsertElement { args: self.three()? },
            "shufflevector" => {
                let args = self.two()?;
                self.expect(",")?;
                InstData::Shuffle { args, mask: self.index_list(true)? }
            }
            "extractvalue" => {
                let arg = self.use_value()?;
                self.expect(",")?;
                InstData::ExtractValue { arg, indices: self.index_list(false)? }
            }
            "insertvalue" => {
                let args = self.two()?;
                self.expect(",")?;
                InstData::InsertValue { args, indices: self.index_list(false)? }
            }
            "alloca" => {
                let ty = self.ty()?;
                self.expect(",")?;
                let count = self.use_value()?;
                self.expect(",")?;
                self.expect_keyword("align")?;
                InstData::Alloca { ty, count, align: self.number("an alignment", false)? }
            }
            "load" => {
                let ptr = self.use_value()?;
                InstData::Load { ptr, mem: self.mem_flags()? }
            }
            "store" => {
                let args = self.two()?;
                InstData::Store { args, mem: self.mem_flags()? }
            }
            "ptradd" => InstData::PtrAdd { args: self.two()? },
            _ => return self.other_operands(opcode, at),
        })
    }
    fn other_operands(&mut self, opcode: &str, at: usize) -> PResult<InstData> {
        let ordering = |p: &mut Self| p.named(Ordering::from_name, "an atomic ordering (monotonic, seq_cst, ...)");
        Ok(match opcode {
            "call" => {
                let (callee, args, sig, attrs) = self.call_parts()?;
                InstData::Call { callee, args, sig, attrs }
            }
            "invoke" => {
                let (callee, args, sig, attrs) = self.call_parts()?;
                self.expect_keyword("to")?;
                let normal = self.block_call()?;
                self.expect_keyword("unwind")?;
                let unwind = self.block_call()?;
                InstData::Invoke { callee, args, sig, attrs, normal, unwind }
            }
            "fence" => InstData::Fence { ordering: ordering(self)? },
            "atomicrmw" => {
                let op = self.named(RmwOp::from_name, "an atomicrmw operation (xchg, add, ...)")?;
                let args = self.two()?;
                InstData::AtomicRmw { op, args, ordering: ordering(self)? }
            }
            "cmpxchg" => {
                let args = self.three()?;
                let success = ordering(self)?;
                InstData::CmpXchg { args, success, failure: ordering(self)? }
            }
            "landingpad" => {
                let cleanup = self.eat_keyword("cleanup");
                self.expect("[")?;
                InstData::LandingPad { cleanup, clauses: self.value_list("]")? }
            }
            "br" => InstData::Br { dest: self.block_call()? },
            "condbr" => {
                let cond = self.use_value()?;
                self.expect(",")?;
                let then_dest = self.block_call()?;
                self.expect(",")?;
                InstData::CondBr { cond, then_dest, else_dest: self.block_call()? }
            }
            "switch" => self.switch()?,
            "ret" => {
                let arg = if Self::is_numbered(self.peek_ident(), "v") { Some(self.use_value()?) } else { None };
                InstData::Ret { arg }
            }
            "unreachable" => InstData::Unreachable,
            "resume" => InstData::Resume { arg: self.use_value()? },
            _ => return Err(self.err_at(at, format!("unknown instruction `{opcode}`"))),
        })
    }
    fn switch(&mut self) -> PResult<InstData> {
        let arg = self.use_value()?;
        self.expect(",")?;
        let default = self.block_call()?;
        self.expect(",")?;
        self.expect("[")?;
        let cases = self.list("]", |p| {
            let val = p.number("a case value", false)?;
            p.expect(":")?;
            Ok((val, p.block_call()?))
        })?;
        Ok(InstData::Switch { arg, default, cases })
    }
    fn call_parts(&mut self) -> PResult<(Callee, Vec<Value>, Signature, AttrList)> {
        self.skip_spaces();
        let callee =
            if self.peek() == Some('@') { Callee::Direct(self.symbol()?) } else { Callee::Indirect(self.use_value()?) };
        self.expect("(")?;
        let args = self.value_list(")")?;
        self.expect(":")?;
        self.expect_keyword("fn")?;
        let (params, variadic) = self.sig_params()?;
        self.expect("->")?;
        let ret = self.ty()?;
        let attrs = self.attrs()?;
        Ok((callee, args, Signature { params, ret, variadic }, attrs))
    }
}

fn linkage_from_name(s: &str) -> Option<Linkage> {
    Some(match s {
        "external" => Linkage::External,
        "internal" => Linkage::Internal,
        "private" => Linkage::Private,
        "weak_odr" => Linkage::WeakOdr,
        "linkonce_odr" => Linkage::LinkOnceOdr,
        "other" => Linkage::Other,
        _ => return None,
    })
}
