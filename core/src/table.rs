//! A query's result as numbers: one row per agent, statuses, reasons and agents as the store's
//! interned ids.
//!
//! The live engine fills a [`KpiTable`] without allocating per agent (a dashboard asks for one
//! every second); [`KpiTable::to_response`] names it as an [`AgentsResponse`], and the wasm
//! boundary hands it to JS as one array of numbers plus the names JS has not seen yet.

use crate::ids::NO_REASON;
use crate::kpi::{AdherencePct, AdherenceState, AgentKpis, AgentsResponse, Rates};
use crate::store::EventStore;
use crate::totals::StatusSums;

/// Who a row is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowAgent {
    /// An agent of the store (its interned id).
    Id(u32),
    /// A scheduled agent without events in the store: index into [`KpiTable::names`].
    Named(usize),
}

/// One agent's KPIs over the window; its statuses and reasons are in the table's columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRow {
    /// Who the row is about.
    pub agent: RowAgent,
    /// The window's milliseconds in every status but `offline`, and the percentages.
    pub rates: Rates,
    /// Schedule adherence; only for agents with a schedule.
    pub adherence_pct: Option<AdherencePct>,
    /// Real-time adherence state; only for scheduled, non-bypassed agents.
    pub adherence: Option<AdherenceState>,
    status_end: usize,
    reason_end: usize,
}

/// A scheduled agent's adherence, as [`crate::adherence::adherence`] returns it.
pub type Adherence = (AdherencePct, Option<AdherenceState>);

/// A row with its own slices of the table's status and reason columns.
#[derive(Clone, Copy, Debug)]
pub struct RowView<'a> {
    /// The row.
    pub row: &'a TableRow,
    /// `(status id, ms)` above 0, by status id (the output order: see [`AgentKpis::status_ms`]).
    pub status_ms: &'a [(u32, u64)],
    /// `(status id, reason id, ms)` above 0, by status then reason id.
    pub reason_ms: &'a [(u32, u32, u64)],
}

/// The result of one query: rows in output order.
#[derive(Clone, Debug, Default)]
pub struct KpiTable {
    rows: Vec<TableRow>,
    status_ms: Vec<(u32, u64)>,
    reason_ms: Vec<(u32, u32, u64)>,
    names: Vec<String>,
}

impl KpiTable {
    /// An empty table.
    pub const fn new() -> Self {
        KpiTable {
            rows: Vec::new(),
            status_ms: Vec::new(),
            reason_ms: Vec::new(),
            names: Vec::new(),
        }
    }

    /// Empties the table, allocations kept.
    pub fn clear(&mut self) {
        self.rows.clear();
        self.status_ms.clear();
        self.reason_ms.clear();
        self.names.clear();
    }

    /// Adds the row of store agent `agent` from its window sums (and adherence, if scheduled).
    pub fn push_sums(&mut self, agent: u32, sums: &mut StatusSums, adherence: Option<Adherence>) {
        self.status_ms.extend(sums.statuses());
        self.reason_ms.extend_from_slice(sums.reasons());
        let rates = Rates::of(sums.statuses());
        self.push_row(RowAgent::Id(agent), rates, adherence);
    }

    /// Adds store agent `agent`'s row as `prev` (its row over a window ending `delta` ms earlier)
    /// with `delta` more milliseconds in `status` and, unless it is [`NO_REASON`], in
    /// `(status, reason)`; the rates recomputed, no adherence. Returns false, adding nothing, when
    /// `prev` has no entry to add to (the status had no time yet).
    pub fn push_shifted(
        &mut self,
        agent: u32,
        prev: RowView<'_>,
        (status, reason): (u32, u32),
        delta: u64,
    ) -> bool {
        let has_status = prev.status_ms.iter().any(|&(s, _)| s == status);
        let has_reason = reason == NO_REASON
            || prev
                .reason_ms
                .iter()
                .any(|&(s, r, _)| (s, r) == (status, reason));
        if !has_status || !has_reason {
            return false;
        }
        let from = self.status_ms.len();
        self.status_ms.extend(
            prev.status_ms
                .iter()
                .map(|&(s, ms)| (s, if s == status { ms + delta } else { ms })),
        );
        self.reason_ms
            .extend(prev.reason_ms.iter().map(|&(s, r, ms)| {
                let grows = (s, r) == (status, reason);
                (s, r, if grows { ms + delta } else { ms })
            }));
        let rates = Rates::of(
            self.status_ms
                .get(from..)
                .unwrap_or_default()
                .iter()
                .copied(),
        );
        self.push_row(RowAgent::Id(agent), rates, None);
        true
    }

    /// The row of store agent `agent`, searching forward from row `*cursor` (rows of store agents
    /// are in agent order) and leaving `*cursor` there for the next, larger `agent`.
    pub fn row_of(&self, agent: u32, cursor: &mut usize) -> Option<RowView<'_>> {
        while let Some(row) = self.rows.get(*cursor) {
            match row.agent {
                RowAgent::Id(id) if id < agent => *cursor += 1,
                RowAgent::Id(id) if id == agent => return self.view(*cursor),
                _ => return None,
            }
        }
        None
    }

    /// Row `i` with its entries.
    fn view(&self, i: usize) -> Option<RowView<'_>> {
        let row = self.rows.get(i)?;
        let (status_from, reason_from) = match i.checked_sub(1).and_then(|p| self.rows.get(p)) {
            Some(p) => (p.status_end, p.reason_end),
            None => (0, 0),
        };
        Some(RowView {
            row,
            status_ms: self.status_ms.get(status_from..row.status_end)?,
            reason_ms: self.reason_ms.get(reason_from..row.reason_end)?,
        })
    }

    /// Adds an empty row for a scheduled agent the store has no events of.
    pub fn push_named(&mut self, user_id: &str, adherence: Adherence) {
        self.names.push(user_id.to_string());
        let at = RowAgent::Named(self.names.len() - 1);
        self.push_row(at, Rates::default(), Some(adherence));
    }

    fn push_row(&mut self, agent: RowAgent, rates: Rates, adherence: Option<Adherence>) {
        let (adherence_pct, adherence) = match adherence {
            Some((pct, state)) => (Some(pct), state),
            None => (None, None),
        };
        self.rows.push(TableRow {
            agent,
            rates,
            adherence_pct,
            adherence,
            status_end: self.status_ms.len(),
            reason_end: self.reason_ms.len(),
        });
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.rows.capacity() * std::mem::size_of::<TableRow>()
            + self.status_ms.capacity() * std::mem::size_of::<(u32, u64)>()
            + self.reason_ms.capacity() * std::mem::size_of::<(u32, u32, u64)>()
            + self.names.iter().map(|n| n.capacity() + 24).sum::<usize>()
    }

    /// The `user_id`s of [`RowAgent::Named`] rows.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The rows in output order, each with its statuses and reasons.
    pub fn rows(&self) -> impl Iterator<Item = RowView<'_>> + '_ {
        (0..self.rows.len()).filter_map(move |i| self.view(i))
    }

    /// The table with names from `store` (the store the rows' ids come from).
    pub fn to_response(&self, store: &EventStore) -> AgentsResponse {
        let agents = self
            .rows()
            .map(|v| {
                let user_id = match v.row.agent {
                    RowAgent::Id(id) => store.agents().name(id),
                    RowAgent::Named(k) => self.names.get(k).map_or("", String::as_str),
                };
                let mut a = AgentKpis::named(store, user_id, v.status_ms, v.reason_ms);
                a.adherence_pct = v.row.adherence_pct;
                a.adherence = v.row.adherence;
                a
            })
            .collect();
        AgentsResponse { agents }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_slice_their_own_entries() {
        let mut store = EventStore::new();
        let ready = store.intern_status("ready").unwrap();
        let incall = store.intern_status("incall").unwrap();
        let a = store.intern_agent("a").unwrap();
        let b = store.intern_agent("b").unwrap();
        let mut t = KpiTable::default();
        t.push_named("c", (AdherencePct::NoShift, None));
        t.push_row(RowAgent::Id(a), Rates::default(), None);
        t.status_ms.push((incall, 30));
        t.status_ms.push((ready, 10));
        t.push_row(RowAgent::Id(b), Rates::default(), None);
        let r = t.to_response(&store);
        let ms: Vec<(&str, Vec<(String, u64)>)> = r
            .agents
            .iter()
            .map(|x| (x.user_id.as_str(), x.status_ms.0.clone()))
            .collect();
        assert_eq!(
            ms,
            [
                ("c", vec![]),
                ("a", vec![]),
                ("b", vec![("incall".into(), 30), ("ready".into(), 10)])
            ]
        );
    }
}
