//! Schedule adherence.
