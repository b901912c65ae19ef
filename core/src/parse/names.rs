//! A per-parse front cache for interning: the bytes of a name (user id, status or reason) → the id
//! the store's interner gave it, found with a cheap multiplicative hash and verified by comparing the
//! bytes, so that an event costs a few table probes instead of `HashMap<Box<str>, u32>` (SipHash)
//! lookups, and a name seen before needs no UTF-8 validation (its bytes were validated when first
//! interned). A miss goes to the interner, which also checks the name, and is then remembered.
//!
//! Memory: each distinct name's bytes once, plus a table of 16-byte slots at most half full; both
//! bounded by the input's size, and gone when the parse ends.

use crate::error::InputError;

const K: u64 = 0x9E37_79B9_7F4A_7C15;
const K2: u64 = 0xC2B2_AE3D_27D4_EB4F;

/// A slot: a name's length and first and last (up to) 8 bytes, where its bytes are in the arena,
/// and its id. Names of at most 16 bytes are compared by `head` and `tail` alone.
#[derive(Clone, Copy, Default)]
struct Slot {
    head: u64,
    tail: u64,
    /// The name's length plus one; 0 marks an empty slot.
    len1: u32,
    start: u32,
    id: u32,
}

/// Names → ids, for one interner during one parse.
#[derive(Default)]
pub struct NameCache {
    /// Open addressing with linear probing; a power-of-two number of slots (or none yet).
    slots: Vec<Slot>,
    /// The bytes of the names longer than 16 bytes, one after another.
    arena: Vec<u8>,
    len: usize,
}

/// 8 bytes of `b` from `at`, little-endian (0 if out of bounds).
#[inline]
fn word(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
        .map_or(0, u64::from_le_bytes)
}

/// 4 bytes of `b` from `at`, little-endian (0 if out of bounds).
#[inline]
fn word4(b: &[u8], at: usize) -> u64 {
    b.get(at..at + 4)
        .and_then(|w| <[u8; 4]>::try_from(w).ok())
        .map_or(0, |w| u64::from(u32::from_le_bytes(w)))
}

/// The first and last (up to) 8 bytes of `b`, as two words (overlapping when `b` is shorter than
/// 16 bytes). With the length they determine a name of at most 16 bytes.
#[inline]
fn ends(b: &[u8]) -> (u64, u64) {
    let n = b.len();
    if n >= 8 {
        (word(b, 0), word(b, n - 8))
    } else if n >= 4 {
        (word4(b, 0), word4(b, n - 4))
    } else {
        let byte = |i: usize| u64::from(b.get(i).copied().unwrap_or(0));
        match n {
            0 => (0, 0),
            _ => (byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16, 0),
        }
    }
}

/// A hash of a name of `n` bytes from its [`ends`] and, when longer than 16 bytes, its middle
/// words read from `name` (wrapping arithmetic only: no 128-bit multiply on wasm32).
#[inline]
fn hash(n: usize, (head, tail): (u64, u64), name: &[u8]) -> u64 {
    let mut h = (head ^ K).wrapping_mul(K2) ^ (tail ^ (n as u64)).wrapping_mul(K);
    let mut at = 8;
    while at + 8 < n {
        h = (h ^ word(name, at)).wrapping_mul(K).rotate_left(31);
        at += 8;
    }
    // Products mix only upwards: bring the high bits down, twice.
    h = (h ^ (h >> 32)).wrapping_mul(K);
    h ^ (h >> 32)
}

/// Byte equality of two long names of the same length, 8 bytes at a time (cheaper than a
/// `memcmp` call in wasm).
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut at = 0;
    while at + 8 <= a.len() {
        if word(a, at) != word(b, at) {
            return false;
        }
        at += 8;
    }
    a.get(at..) == b.get(at..)
}

impl NameCache {
    /// The id of the name whose bytes are `name`: from the cache, or on a miss from `intern` (given
    /// the name as a string, when the bytes are UTF-8), which is then remembered. `intern`'s error is
    /// returned as is; bytes that are not UTF-8 give `invalid` (callers pass only validated bytes).
    #[inline]
    pub fn id(
        &mut self,
        name: &[u8],
        intern: impl FnOnce(&str) -> Result<u32, InputError>,
        invalid: impl FnOnce() -> InputError,
    ) -> Result<u32, InputError> {
        let e = ends(name);
        let h = hash(name.len(), e, name);
        let len1 = u32::try_from(name.len()).map_or(0, |n| n.wrapping_add(1));
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = (h as usize) & mask;
        // At most half full, so a probe ends at an empty slot.
        while let Some(s) = self.slots.get(i) {
            if s.len1 == 0 {
                break;
            }
            if s.len1 == len1 && s.head == e.0 && s.tail == e.1 && self.long_same(s, name) {
                return Ok(s.id);
            }
            i = (i + 1) & mask;
        }
        let text = std::str::from_utf8(name).map_err(|_| invalid())?;
        let id = intern(text)?;
        self.insert(name, e, h, id);
        Ok(id)
    }

    /// Whether `name`, whose length and ends match `s`, is the name of `s`: always when at most 16
    /// bytes long, else by comparing the bytes.
    #[inline]
    fn long_same(&self, s: &Slot, name: &[u8]) -> bool {
        if name.len() <= 16 {
            return true;
        }
        let start = s.start as usize;
        self.arena
            .get(start..start + name.len())
            .is_some_and(|c| same(c, name))
    }

    fn insert(&mut self, name: &[u8], (head, tail): (u64, u64), h: u64, id: u32) {
        let long = name.len() > 16;
        let start = u32::try_from(if long { self.arena.len() } else { 0 });
        let len1 = u32::try_from(name.len())
            .ok()
            .and_then(|n| n.checked_add(1));
        let (Ok(start), Some(len1)) = (start, len1) else {
            return; // beyond 4 GiB of names: just not cached
        };
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        if long {
            self.arena.extend_from_slice(name);
        }
        let slot = Slot {
            head,
            tail,
            len1,
            start,
            id,
        };
        self.put(slot, h);
        self.len += 1;
    }

    /// Places `slot` (hash `h`) in the first empty slot of its probe sequence.
    fn put(&mut self, slot: Slot, h: u64) {
        let mask = self.slots.len().wrapping_sub(1);
        let mut i = (h as usize) & mask;
        while let Some(s) = self.slots.get_mut(i) {
            if s.len1 == 0 {
                *s = slot;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    fn grow(&mut self) {
        let size = (self.slots.len() * 2).max(16);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        for s in old.into_iter().filter(|s| s.len1 != 0) {
            let h = self.rehash(&s);
            self.put(s, h);
        }
    }

    /// The hash of the name in `s`.
    fn rehash(&self, s: &Slot) -> u64 {
        let n = s.len1.saturating_sub(1) as usize;
        let start = s.start as usize;
        let middle = match n {
            0..=16 => &[][..],
            _ => self.arena.get(start..start + n).unwrap_or_default(),
        };
        hash(n, (s.head, s.tail), middle)
    }

    /// Number of names cached.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.len
    }

    /// The longest probe sequence a lookup of a cached name walks (for tests).
    #[cfg(test)]
    fn longest_probe(&self) -> usize {
        let mask = self.slots.len().wrapping_sub(1);
        let mut longest = 0;
        for (i, s) in self.slots.iter().enumerate().filter(|(_, s)| s.len1 != 0) {
            let home = (self.rehash(s) as usize) & mask;
            longest = longest.max(i.wrapping_sub(home) & mask);
        }
        longest + 1
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::error::Problem;
    use crate::interner::Interner;

    fn id(cache: &mut NameCache, interner: &mut Interner, name: &[u8]) -> Result<u32, InputError> {
        cache.id(
            name,
            |s| {
                interner
                    .intern(s)
                    .ok_or_else(|| InputError::new("x", Problem::TooManyDistinct { what: "names" }))
            },
            || InputError::new("x", Problem::InvalidUtf8),
        )
    }

    #[test]
    fn gives_the_interners_ids_for_many_distinct_names() {
        let mut cache = NameCache::default();
        let mut interner = Interner::default();
        let names: Vec<String> = (0..20_000)
            .map(|i| match i % 4 {
                0 => format!("agent-{i}"),
                1 => format!("{i}"),
                2 => format!("é-{i}-😀"),
                _ => format!("a long name shared by many, then a number: {i}"),
            })
            .collect();
        for round in 0..3 {
            for n in &names {
                let got = id(&mut cache, &mut interner, n.as_bytes()).unwrap();
                assert_eq!(Some(got), interner.lookup(n), "{n} in round {round}");
            }
        }
        assert_eq!(cache.len(), names.len());
        assert_eq!(interner.len(), names.len());
        assert!(cache.longest_probe() < 40, "{}", cache.longest_probe());
    }

    #[test]
    fn typical_ids_spread_over_the_table() {
        for make in [
            |i: u32| format!("agent-{i}"),
            |i: u32| format!("{i}"),
            |i: u32| format!("00000000-0000-4000-8000-{i:012}"),
            |i: u32| format!("user{i:05}@example.com"),
        ] {
            let mut cache = NameCache::default();
            let mut interner = Interner::default();
            for i in 0..5000 {
                id(&mut cache, &mut interner, make(i).as_bytes()).unwrap();
            }
            assert!(
                cache.longest_probe() <= 24,
                "{}: {}",
                make(0),
                cache.longest_probe()
            );
        }
    }

    #[test]
    fn prefixes_lengths_and_zero_bytes_are_distinct_names() {
        let mut cache = NameCache::default();
        let mut interner = Interner::default();
        // Same zero-padded words, different lengths; prefixes of each other; embedded NULs.
        let names: [&[u8]; 9] = [
            b"a",
            b"a\0",
            b"a\0\0\0\0\0\0\0",
            b"a\0\0\0\0\0\0\0\0",
            b"",
            b"\0",
            b"abcdefgh",
            b"abcdefghi",
            b"abcdefgh\0",
        ];
        for _ in 0..2 {
            for (i, n) in names.iter().enumerate() {
                assert_eq!(id(&mut cache, &mut interner, n).unwrap(), i as u32);
            }
        }
    }

    #[test]
    fn colliding_hashes_are_told_apart_by_their_bytes() {
        // A table of 16 slots: force many names onto few home slots, then check every id.
        let mut cache = NameCache::default();
        let mut interner = Interner::default();
        let mut same_home: Vec<String> = Vec::new();
        let mut i = 0u32;
        while same_home.len() < 7 {
            let n = format!("n{i}");
            if hash(n.len(), ends(n.as_bytes()), n.as_bytes()) & 15 == 3 {
                same_home.push(n);
            }
            i += 1;
        }
        for n in &same_home {
            id(&mut cache, &mut interner, n.as_bytes()).unwrap();
        }
        assert_eq!(cache.slots.len(), 16);
        for (k, n) in same_home.iter().enumerate() {
            assert_eq!(
                id(&mut cache, &mut interner, n.as_bytes()).unwrap(),
                k as u32
            );
        }
        assert_eq!(id(&mut cache, &mut interner, b"other").unwrap(), 7);
    }

    #[test]
    fn invalid_utf8_and_interner_errors_are_passed_on_and_not_cached() {
        let mut cache = NameCache::default();
        let mut interner = Interner::default();
        let e = id(&mut cache, &mut interner, b"\xff").unwrap_err();
        assert_eq!(e.problem(), &Problem::InvalidUtf8);
        let e = cache
            .id(
                b"x",
                |_| {
                    Err(InputError::new(
                        "user_id",
                        Problem::TooManyDistinct { what: "agents" },
                    ))
                },
                || InputError::new("x", Problem::InvalidUtf8),
            )
            .unwrap_err();
        assert_eq!(e.to_string(), "user_id: too many distinct agents");
        assert_eq!(cache.len(), 0);
        assert_eq!(id(&mut cache, &mut interner, b"x").unwrap(), 0);
    }
}
