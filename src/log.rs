//! [`AgentLog`]: the event store plus the queries over it. The one-shot [`crate::agent_kpis`] is an
//! `AgentLog` used once; the live engine keeps one and appends to it.

use crate::error::InputError;
use crate::fold::{Folder, Window};
use crate::kpi::{AgentKpis, AgentsResponse};
use crate::store::{EventRef, EventStore};

/// An append-only agent-state log and the KPI queries over it.
#[derive(Clone, Debug, Default)]
pub struct AgentLog {
    store: EventStore,
}

impl AgentLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// Validates and appends one event; on error nothing is appended. Events may come in any order.
    pub fn push(&mut self, event: EventRef<'_>) -> Result<(), InputError> {
        self.store.push(event)
    }

    /// The underlying store, for fast input paths that intern strings themselves.
    pub fn store_mut(&mut self) -> &mut EventStore {
        &mut self.store
    }

    /// The underlying store.
    pub fn store(&self) -> &EventStore {
        &self.store
    }

    /// The KPIs of every agent with an event at `ts <= now`, in order of first appearance.
    pub fn kpis(&mut self, window: Window) -> AgentsResponse {
        self.store.sort();
        let mut folder = Folder::new();
        let store = &self.store;
        let agents = store
            .timelines()
            .iter()
            .zip(0u32..)
            .filter_map(|(timeline, agent)| {
                let totals = folder.fold(timeline, window)?;
                Some(AgentKpis::from_totals(store, agent, &totals))
            })
            .collect();
        AgentsResponse { agents }
    }
}
