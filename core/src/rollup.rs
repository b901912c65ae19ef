//! The `team` and `groups` roll-ups (issue 14, rule 6): rows summed, the percentages computed
//! from the sums with the rows' exact rounding (never an average of percentages).

use crate::episode::ContactSums;
use crate::include::{Groups, Include};
use crate::kpi::{percent_half_up, AdherencePct, AdherenceState, AgentKpis, Entries, GroupTeam};
use crate::kpi::{Contacts, Rates, ScheduleSums, Team};
use crate::store::EventStore;
use crate::table::KpiTable;

/// Sums of rows, by status id.
#[derive(Clone, Debug, Default)]
pub struct Rollup {
    agents: u64,
    /// Milliseconds per status id (dense: the index is the id).
    status_ms: Vec<u64>,
    contacts: ContactSums,
    /// Σ adherent and Σ on-shift over scheduled, non-bypassed rows.
    adherent: u64,
    on_shift: u64,
    /// Conformance and shrinkage summed over scheduled, non-bypassed rows (issue 15, rule 5).
    schedule: ScheduleSums,
}

impl Rollup {
    /// Adds one row: its `(status id, ms)` entries, contacts, adherence state and schedule sums
    /// (issue 15).
    pub fn add(
        &mut self,
        status_ms: impl IntoIterator<Item = (u32, u64)>,
        contacts: Option<&ContactSums>,
        adherence: Option<&AdherenceState>,
        schedule: Option<&ScheduleSums>,
    ) {
        if let Some(s) = schedule {
            self.schedule.add(s);
        }
        self.agents += 1;
        for (s, ms) in status_ms {
            let i = s as usize;
            if i >= self.status_ms.len() {
                self.status_ms.resize(i + 1, 0);
            }
            if let Some(slot) = self.status_ms.get_mut(i) {
                *slot = slot.saturating_add(ms);
            }
        }
        if let Some(c) = contacts {
            self.contacts.add_sums(c);
        }
        if let Some(a) = adherence {
            self.adherent = self.adherent.saturating_add(a.adherent);
            self.on_shift = self.on_shift.saturating_add(a.on_shift);
        }
    }

    /// The roll-up with names from `store`: `contacts` when asked for, `adherencePct` when the
    /// query has schedules, and with schedules `conformance` and `shrinkage` when asked for
    /// (issue 15, rule 5).
    pub fn team(&self, store: &EventStore, include: Include, schedules: bool) -> Team {
        let contacts = include.contacts;
        let mut sched = self.schedule.clone();
        sched.sort();
        let entries = (0u32..).zip(self.status_ms.iter().copied());
        let entries: Vec<(u32, u64)> = entries.filter(|&(_, ms)| ms > 0).collect();
        let rates = Rates::of(entries.iter().copied());
        let statuses = store.statuses();
        let named = entries
            .iter()
            .map(|&(s, ms)| (statuses.name(s).to_string(), ms));
        let adherence_pct = schedules.then(|| match self.on_shift {
            0 => AdherencePct::NoShift,
            on_shift => AdherencePct::Pct(percent_half_up(self.adherent, on_shift)),
        });
        Team {
            agents: self.agents,
            status_ms: Entries(named.collect()),
            logged_in_ms: rates.logged_in_ms,
            occupancy_pct: rates.occupancy_pct,
            utilization_pct: rates.utilization_pct,
            contacts: contacts.then(|| Contacts::from(self.contacts)),
            adherence_pct,
            conformance_pct: (schedules && include.conformance).then(|| sched.conformance_pct()),
            conformance: (schedules && include.conformance).then(|| sched.conformance()),
            shrinkage_pct: (schedules && include.shrinkage).then(|| sched.shrinkage_pct()),
            shrinkage: (schedules && include.shrinkage).then(|| sched.shrinkage(store)),
            schedule_sums: (schedules && include.schedule()).then_some(sched),
        }
    }
}

/// The team and the groups being summed: one [`Rollup`] for every row, one per group.
struct Rollups<'g> {
    team: Rollup,
    groups: Option<(&'g Groups, Vec<(&'g str, Rollup)>)>,
}

impl<'g> Rollups<'g> {
    fn new(groups: Option<&'g Groups>) -> Self {
        Rollups {
            team: Rollup::default(),
            groups: groups.map(|g| (g, Vec::new())),
        }
    }

    fn add(
        &mut self,
        user_id: &str,
        status_ms: impl IntoIterator<Item = (u32, u64)> + Clone,
        contacts: Option<&ContactSums>,
        adherence: Option<&AdherenceState>,
        schedule: Option<&ScheduleSums>,
    ) {
        self.team
            .add(status_ms.clone(), contacts, adherence, schedule);
        let Some((groups, sums)) = &mut self.groups else {
            return;
        };
        let Some(group) = groups.get(user_id) else {
            return;
        };
        // Groups in order of first appearance among the rows (few groups: a search is enough).
        match sums.iter_mut().find(|(g, _)| *g == group) {
            Some((_, r)) => r.add(status_ms, contacts, adherence, schedule),
            None => {
                let mut r = Rollup::default();
                r.add(status_ms, contacts, adherence, schedule);
                sums.push((group, r));
            }
        }
    }

    fn finish(
        self,
        store: &EventStore,
        include: Include,
        schedules: bool,
    ) -> (Team, Option<Vec<GroupTeam>>) {
        let team = self.team.team(store, include, schedules);
        let groups = self.groups.map(|(_, sums)| {
            sums.into_iter()
                .map(|(group, r)| GroupTeam {
                    group: group.to_string(),
                    team: r.team(store, include, schedules),
                })
                .collect()
        });
        (team, groups)
    }
}

/// `team` and `groups` (when `groups` is given) of a query's table, with names from `store`:
/// `contacts` summed when `include` has them, `adherencePct` when the query has `schedules`.
pub fn roll_up_table(
    table: &KpiTable,
    store: &EventStore,
    include: Include,
    groups: Option<&Groups>,
    schedules: bool,
) -> (Team, Option<Vec<GroupTeam>>) {
    let mut sums = Rollups::new(groups);
    for v in table.rows() {
        let user_id = table.user_id(store, v.row.agent);
        let contacts = v.blocks.map(|b| &b.contacts);
        let status_ms = v.status_ms.iter().copied();
        let schedule = v.row.schedule_sums.as_deref();
        sums.add(
            user_id,
            status_ms,
            contacts,
            v.row.adherence.as_ref(),
            schedule,
        );
    }
    sums.finish(store, include, schedules)
}

/// `team` and `groups` of named rows, statuses looked up by name in `store` (every row's
/// statuses were interned there): the one-shot calls' and the interval reports' roll-up.
pub fn roll_up_rows<'a>(
    rows: impl IntoIterator<Item = &'a AgentKpis>,
    store: &EventStore,
    include: Include,
    groups: Option<&Groups>,
    schedules: bool,
) -> (Team, Option<Vec<GroupTeam>>) {
    let mut sums = Rollups::new(groups);
    let mut ids: Vec<(u32, u64)> = Vec::new();
    for a in rows {
        ids.clear();
        let statuses = a.status_ms.0.iter();
        let found = statuses.filter_map(|(name, ms)| Some((store.statuses().lookup(name)?, *ms)));
        ids.extend(found);
        let contacts = a.contacts.map(|c| ContactSums {
            handled: c.handled,
            handle_ms: c.handle_ms,
            talk_ms: c.talk_ms,
            acw_ms: c.acw_ms,
            with_acw: c.with_acw,
        });
        sums.add(
            &a.user_id,
            ids.iter().copied(),
            contacts.as_ref(),
            a.adherence.as_ref(),
            a.schedule_sums.as_ref(),
        );
    }
    sums.finish(store, include, schedules)
}
