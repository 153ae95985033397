//! Reduction edits: `d<id>` deletes statement `id`, `c<id>` replaces expression `id` by the
//! constant 0.5, `l<id>` makes loop `id` run once. A program is its seed plus a list of edits,
//! written `d12,c40,l7`; the reducer in `scripts/fuzz` grows that list greedily.

use std::collections::BTreeSet;

/// A set of edits to apply while printing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Edits {
    pub deleted: BTreeSet<u32>,
    pub consted: BTreeSet<u32>,
    pub shrunk: BTreeSet<u32>,
}

impl Edits {
    /// Parse `d12,c40,l7` (empty string: no edits).
    pub fn parse(text: &str) -> Result<Edits, String> {
        let mut edits = Edits::default();
        for item in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (kind, num) = item.split_at(1);
            let id: u32 = num.parse().map_err(|_| format!("bad edit `{item}`: expected d<N>, c<N> or l<N>"))?;
            let set = match kind {
                "d" => &mut edits.deleted,
                "c" => &mut edits.consted,
                "l" => &mut edits.shrunk,
                _ => return Err(format!("bad edit `{item}`: expected d<N>, c<N> or l<N>")),
            };
            set.insert(id);
        }
        Ok(edits)
    }

    /// The edits as `d..,c..,l..` text, in a fixed order.
    pub fn text(&self) -> String {
        let parts: Vec<String> = self
            .deleted
            .iter()
            .map(|k| format!("d{k}"))
            .chain(self.consted.iter().map(|k| format!("c{k}")))
            .chain(self.shrunk.iter().map(|k| format!("l{k}")))
            .collect();
        parts.join(",")
    }

    pub fn is_empty(&self) -> bool {
        self.deleted.is_empty() && self.consted.is_empty() && self.shrunk.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Edits;

    #[test]
    fn parse_and_print() {
        let e = Edits::parse("d3, c17,l2,d1").unwrap();
        assert_eq!(e.text(), "d1,d3,c17,l2");
        assert!(Edits::parse("x3").is_err());
        assert!(Edits::parse("dd").is_err());
        assert!(Edits::parse("").unwrap().is_empty());
    }
}
