//! PLACEHOLDER on branch adapt-base: the helper who owns this module replaces this file.

use jiff::tz::TimeZone;

use super::Deriver;
use crate::error::{InputError, Problem};
use crate::store::EventRef;

/// PLACEHOLDER.
#[derive(Clone, Debug, Default)]
pub(super) struct State {}

impl State {
    pub(super) fn read(
        &mut self,
        _input: &[u8],
        _zone: Option<&TimeZone>,
        _deriver: &mut Deriver,
        _sink: &mut impl FnMut(EventRef<'_>) -> Result<(), InputError>,
    ) -> Result<usize, InputError> {
        Err(InputError::new("input", Problem::CsvNotAccepted))
    }
}
