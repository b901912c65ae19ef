//! A query's result as numbers: one row per agent, statuses, reasons and agents as the store's
//! interned ids.
//!
//! The live engine fills a [`KpiTable`] without allocating per agent (a dashboard asks for one
//! every second); [`KpiTable::to_response`] names it as an [`AgentsResponse`], and the wasm
//! boundary hands it to JS as one array of numbers plus the names JS has not seen yet.

use crate::episode::{Blocks, ContactSums, EpisodeStats, Open};
use crate::ids::NO_REASON;
use crate::include::Include;
use crate::kpi::{AdherencePct, AdherenceState, AgentKpis, AgentsResponse, BlocksRef, Rates};
use crate::kpi::{ScheduleKpis, ScheduleSums};
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
    /// Conformance and shrinkage sums (issue 15); only for scheduled, non-bypassed agents of a
    /// query that includes `conformance` or `shrinkage`.
    pub schedule_sums: Option<Box<ScheduleSums>>,
    status_end: usize,
    reason_end: usize,
}

/// A row's blocks besides its episodes (issue 14): its contacts and its state at `now`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RowBlocks {
    /// The contacts completed in the window (rule 4).
    pub contacts: ContactSums,
    /// The state at `now` (rule 5: `current`); `None` for an agent without an event at
    /// `ts <= now`.
    pub open: Option<Open>,
    episode_end: usize,
    reason_episode_end: usize,
}

/// A scheduled agent's adherence (and schedule sums), as [`crate::adherence::schedule_kpis`]
/// returns it.
pub type Adherence = ScheduleKpis;

/// A row with its own slices of the table's status and reason columns.
#[derive(Clone, Copy, Debug)]
pub struct RowView<'a> {
    /// The row.
    pub row: &'a TableRow,
    /// `(status id, ms)` above 0, by status id (the output order: see [`AgentKpis::status_ms`]).
    pub status_ms: &'a [(u32, u64)],
    /// `(status id, reason id, ms)` above 0, by status then reason id.
    pub reason_ms: &'a [(u32, u32, u64)],
    /// `(status id, stats)` of the status episodes overlapping the window, by status id (issue
    /// 14, rule 3); empty without blocks.
    pub episodes: &'a [(u32, EpisodeStats)],
    /// `(status id, reason id, stats)` of the reason episodes with a reason overlapping the
    /// window, by status then reason id; empty without blocks.
    pub reason_episodes: &'a [(u32, u32, EpisodeStats)],
    /// The row's contacts and state at `now`, when the query included blocks.
    pub blocks: Option<&'a RowBlocks>,
}

impl RowView<'_> {
    /// The row's blocks in ids (all zeros and no state at `now` for a row without them).
    pub fn blocks_ref(&self) -> BlocksRef<'_> {
        let b = self.blocks.copied().unwrap_or_default();
        BlocksRef {
            episodes: self.episodes,
            reason_episodes: self.reason_episodes,
            contacts: b.contacts,
            open: b.open,
        }
    }
}

/// The result of one query: rows in output order.
#[derive(Clone, Debug, Default)]
pub struct KpiTable {
    rows: Vec<TableRow>,
    status_ms: Vec<(u32, u64)>,
    reason_ms: Vec<(u32, u32, u64)>,
    episodes: Vec<(u32, EpisodeStats)>,
    reason_episodes: Vec<(u32, u32, EpisodeStats)>,
    blocks: Vec<RowBlocks>,
    names: Vec<String>,
}

impl KpiTable {
    /// An empty table.
    pub const fn new() -> Self {
        KpiTable {
            rows: Vec::new(),
            status_ms: Vec::new(),
            reason_ms: Vec::new(),
            episodes: Vec::new(),
            reason_episodes: Vec::new(),
            blocks: Vec::new(),
            names: Vec::new(),
        }
    }

    /// Empties the table, allocations kept.
    pub fn clear(&mut self) {
        self.rows.clear();
        self.status_ms.clear();
        self.reason_ms.clear();
        self.episodes.clear();
        self.reason_episodes.clear();
        self.blocks.clear();
        self.names.clear();
    }

    /// Adds the row of store agent `agent` from its window sums (and adherence, if scheduled).
    pub fn push_sums(&mut self, agent: u32, sums: &mut StatusSums, adherence: Option<Adherence>) {
        self.status_ms.extend(sums.statuses());
        self.reason_ms.extend_from_slice(sums.reasons());
        let rates = Rates::of(sums.statuses());
        self.push_row(RowAgent::Id(agent), rates, adherence);
    }

    /// Gives the row just added its blocks: `blocks` (`None`: an agent without an event at
    /// `ts <= now`, whose blocks are empty).
    pub fn set_blocks(&mut self, blocks: Option<&Blocks>) {
        if let Some(b) = blocks {
            self.episodes.extend_from_slice(&b.episodes);
            self.reason_episodes.extend_from_slice(&b.reason_episodes);
        }
        let contacts = blocks.map(|b| b.contacts).unwrap_or_default();
        self.push_blocks(contacts, blocks.and_then(|b| b.open));
    }

    /// Gives the row just added the blocks whose episodes were just added to the columns. In a
    /// table with blocks every row has them, so row `i`'s are the `i`-th (kept out of the rows,
    /// so that rows without blocks stay as small as before).
    fn push_blocks(&mut self, contacts: ContactSums, open: Option<Open>) {
        self.blocks.push(RowBlocks {
            contacts,
            open,
            episode_end: self.episodes.len(),
            reason_episode_end: self.reason_episodes.len(),
        });
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

    /// [`KpiTable::push_shifted`] for a table with blocks, `now` the new window's end: the row's
    /// blocks too, where only the open episodes grow, to `now` (the caller makes sure the agent's
    /// last event is before the earlier window's end, so that nothing else changes). Returns
    /// false, adding nothing, also when `prev` has no blocks or its open episodes have no entry
    /// (they did not overlap the earlier window).
    pub fn push_shifted_blocks(
        &mut self,
        agent: u32,
        prev: RowView<'_>,
        id: (u32, u32),
        delta: u64,
        now: u64,
    ) -> bool {
        let Some(&RowBlocks {
            open: Some(o),
            contacts,
            ..
        }) = prev.blocks
        else {
            return false;
        };
        // The open episodes' entries (present when they overlapped the earlier window).
        let at = prev.episodes.iter().position(|e| e.0 == o.status);
        let reason_at = match o.reason {
            NO_REASON => None,
            r => match prev
                .reason_episodes
                .iter()
                .position(|e| (e.0, e.1) == (o.status, r))
            {
                None => return false,
                found => found,
            },
        };
        let Some(at) = at else {
            return false;
        };
        if !self.push_shifted(agent, prev, id, delta) {
            return false;
        }
        let from = self.episodes.len();
        self.episodes.extend_from_slice(prev.episodes);
        if let Some(e) = self.episodes.get_mut(from + at) {
            e.1.overlap(now.saturating_sub(o.since));
        }
        let from = self.reason_episodes.len();
        self.reason_episodes.extend_from_slice(prev.reason_episodes);
        if let Some(e) = reason_at.and_then(|k| self.reason_episodes.get_mut(from + k)) {
            e.2.overlap(now.saturating_sub(o.reason_since));
        }
        self.push_blocks(contacts, Some(o));
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
    #[inline]
    fn view(&self, i: usize) -> Option<RowView<'_>> {
        let row = self.rows.get(i)?;
        let previous = i.checked_sub(1).and_then(|p| self.rows.get(p));
        let from = previous.map_or((0, 0), |p| (p.status_end, p.reason_end));
        let (episodes, reason_episodes, blocks) = match self.blocks.is_empty() {
            true => (&[][..], &[][..], None),
            false => self.blocks_view(i)?,
        };
        Some(RowView {
            row,
            status_ms: self.status_ms.get(from.0..row.status_end)?,
            reason_ms: self.reason_ms.get(from.1..row.reason_end)?,
            episodes,
            reason_episodes,
            blocks,
        })
    }

    /// The episodes and blocks of row `k` of a table with blocks.
    #[allow(clippy::type_complexity)]
    fn blocks_view(
        &self,
        k: usize,
    ) -> Option<(
        &[(u32, EpisodeStats)],
        &[(u32, u32, EpisodeStats)],
        Option<&RowBlocks>,
    )> {
        let b = self.blocks.get(k)?;
        let before = k.checked_sub(1).and_then(|p| self.blocks.get(p));
        let from = before.map_or((0, 0), |p| (p.episode_end, p.reason_episode_end));
        Some((
            self.episodes.get(from.0..b.episode_end)?,
            self.reason_episodes.get(from.1..b.reason_episode_end)?,
            Some(b),
        ))
    }

    /// Adds an empty row for a scheduled agent the store has no events of.
    pub fn push_named(&mut self, user_id: &str, adherence: Adherence) {
        self.names.push(user_id.to_string());
        let at = RowAgent::Named(self.names.len() - 1);
        self.push_row(at, Rates::default(), Some(adherence));
    }

    fn push_row(&mut self, agent: RowAgent, rates: Rates, adherence: Option<Adherence>) {
        let (adherence_pct, adherence, schedule_sums) = match adherence {
            Some(k) => (Some(k.pct), k.state, k.sums.map(Box::new)),
            None => (None, None, None),
        };
        self.rows.push(TableRow {
            agent,
            rates,
            adherence_pct,
            adherence,
            schedule_sums,
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
            + self.episodes.capacity() * std::mem::size_of::<(u32, EpisodeStats)>()
            + self.reason_episodes.capacity() * std::mem::size_of::<(u32, u32, EpisodeStats)>()
            + self.blocks.capacity() * std::mem::size_of::<RowBlocks>()
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

    /// The `user_id` of a row's agent (names from `store`, the store the rows' ids come from).
    pub fn user_id<'a>(&'a self, store: &'a EventStore, agent: RowAgent) -> &'a str {
        match agent {
            RowAgent::Id(id) => store.agents().name(id),
            RowAgent::Named(k) => self.names.get(k).map_or("", String::as_str),
        }
    }

    /// The table with names from `store` (the store the rows' ids come from), without blocks.
    pub fn to_response(&self, store: &EventStore) -> AgentsResponse {
        self.to_response_with(store, Include::default(), 0)
    }

    /// The table with names from `store`, with the row blocks `include` asks for (of a window
    /// ending at `now`; the rows must carry blocks, see [`KpiTable::set_blocks`]). `team` is the
    /// caller's ([`crate::roll_up_table`]).
    pub fn to_response_with(
        &self,
        store: &EventStore,
        include: Include,
        now: u64,
    ) -> AgentsResponse {
        let agents = self
            .rows()
            .map(|v| {
                let user_id = self.user_id(store, v.row.agent);
                let mut a = AgentKpis::named(store, user_id, v.status_ms, v.reason_ms);
                a.adherence_pct = v.row.adherence_pct;
                a.adherence = v.row.adherence;
                if include.schedule() && a.adherence_pct.is_some() {
                    let sums = v.row.schedule_sums.as_deref();
                    a.set_schedule_blocks(store, include, sums);
                }
                if include.rows() {
                    let blocks = v.blocks.map(|_| v.blocks_ref());
                    a.set_blocks(store, include, blocks, now);
                }
                a
            })
            .collect();
        AgentsResponse {
            agents,
            ..AgentsResponse::default()
        }
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
        t.push_named(
            "c",
            ScheduleKpis {
                pct: AdherencePct::NoShift,
                state: None,
                sums: None,
            },
        );
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
