//! The hash of the adapters' maps keyed by text of the log itself.

use std::hash::{BuildHasherDefault, Hasher};

/// A fast unkeyed hash (the multiply-rotate of rustc's `FxHasher`) for the maps keyed by text of
/// the log itself (member names, queue names, call ids): per line, SipHash cost more than the
/// rest of reading the line. Not resistant to crafted collisions, which would only slow the
/// reading of one's own log.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct FxHasher(u64);

pub(super) type FastHash = BuildHasherDefault<FxHasher>;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let mut w = [0u8; 8];
        let tail = chunks.remainder();
        if let Some(dst) = w.get_mut(..tail.len()) {
            dst.copy_from_slice(tail);
        }
        self.add(u64::from_le_bytes(w) ^ ((tail.len() as u64) << 56));
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
