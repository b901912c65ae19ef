//! [`Interner`]: the string table that gives each distinct agent, status or reason name a dense
//! `u32` id, in order of first appearance.

use std::collections::HashMap;

/// Most distinct values an [`Interner`] holds (ids are `u32`, and `u32::MAX` is reserved).
const MAX_INTERNED: usize = (u32::MAX - 1) as usize;

/// A string table: each distinct string gets a dense `u32` id, in order of first appearance.
#[derive(Clone, Debug, Default)]
pub struct Interner {
    names: Vec<Box<str>>,
    ids: HashMap<Box<str>, u32>,
}

impl Interner {
    /// The id of `name`, adding it if new. `None` when the table is full (over 4 billion names).
    pub fn intern(&mut self, name: &str) -> Option<u32> {
        if let Some(&id) = self.ids.get(name) {
            return Some(id);
        }
        if self.names.len() >= MAX_INTERNED {
            return None;
        }
        let id = u32::try_from(self.names.len()).ok()?;
        let boxed: Box<str> = name.into();
        self.names.push(boxed.clone());
        self.ids.insert(boxed, id);
        Some(id)
    }

    /// The id of `name` if it was interned.
    pub fn lookup(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    /// The string with id `id`.
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", |s| s)
    }

    /// How many distinct strings are interned.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether nothing is interned.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.names.iter().map(|s| 2 * s.len() + 40).sum()
    }
}
