//! What a query asks for beyond the base KPIs (issue 14): the blocks to include ([`Include`]) and
//! the agents' groups for the team roll-up ([`Groups`]). Without them every result is exactly the
//! base one.

use std::collections::HashMap;

use crate::error::{InputError, Problem};
use crate::ids::BLOCK_NAMES;

/// The extra blocks a query includes (issue 14's `options.include`); the default is none, which
/// gives exactly the base result (the `GET /v1/agents` shape).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Include {
    /// `contacts` on every row: contacts handled, handle, talk and after-call-work time, AHT
    /// (issue 14, rule 4).
    pub contacts: bool,
    /// `episodes` (and `reasonEpisodes`) on every row: status episodes started, ended, their
    /// summed and longest lengths (rule 3).
    pub episodes: bool,
    /// `current` on every row: the status in effect at `now` and since when (rule 5).
    pub current: bool,
    /// `team` (and `groups`) on the response: the rows summed (rule 6).
    pub team: bool,
    /// `conformancePct` and `conformance` on every scheduled row (issue 15, rule 1), and on
    /// `team` and `groups` (rule 5).
    pub conformance: bool,
    /// `shrinkagePct` and `shrinkage` on every scheduled row (issue 15, rule 2), and on `team`
    /// and `groups` (rule 5).
    pub shrinkage: bool,
}

impl Include {
    /// Every block.
    pub const ALL: Include = Include {
        contacts: true,
        episodes: true,
        current: true,
        team: true,
        conformance: true,
        shrinkage: true,
    };

    /// The blocks named in `names`, any of `contacts`, `episodes`, `current`, `team`,
    /// `conformance`, `shrinkage` (repeats allowed). An unknown name is a range error at `[i]`, its position (the caller prefixes its
    /// own path: `options.include[2]`).
    ///
    /// ```
    /// use agent_kpis_core::Include;
    /// let inc = Include::parse(["team", "contacts"]).unwrap();
    /// assert!(inc.team && inc.contacts && !inc.episodes);
    /// let e = Include::parse(["contacts", "aht"]).unwrap_err();
    /// assert_eq!(
    ///     e.to_string(),
    ///     r#"[1]: unknown block "aht"; expected one of: contacts, episodes, current, team, conformance, shrinkage"#
    /// );
    /// ```
    pub fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Include, InputError> {
        let mut out = Include::default();
        for (i, name) in names.into_iter().enumerate() {
            let flag = match name {
                "contacts" => &mut out.contacts,
                "episodes" => &mut out.episodes,
                "current" => &mut out.current,
                "team" => &mut out.team,
                "conformance" => &mut out.conformance,
                "shrinkage" => &mut out.shrinkage,
                _ => {
                    let problem = Problem::UnknownBlock {
                        name: name.to_string(),
                    };
                    return Err(InputError::new(format!("[{i}]"), problem));
                }
            };
            *flag = true;
        }
        Ok(out)
    }

    /// Whether any block of the rows (`contacts`, `episodes`, `current`) is included: then the
    /// engine computes the agents' episodes.
    pub fn rows(&self) -> bool {
        self.contacts || self.episodes || self.current
    }

    /// Whether a block of the schedule metrics (`conformance`, `shrinkage`: issue 15) is
    /// included: then scheduled rows carry them.
    pub fn schedule(&self) -> bool {
        self.conformance || self.shrinkage
    }

    /// Whether no block is included.
    pub fn is_empty(&self) -> bool {
        *self == Include::default()
    }

    /// The names of the included blocks, in [`BLOCK_NAMES`] order.
    pub fn names(&self) -> impl Iterator<Item = &'static str> {
        let flags = [
            self.contacts,
            self.episodes,
            self.current,
            self.team,
            self.conformance,
            self.shrinkage,
        ];
        BLOCK_NAMES
            .into_iter()
            .zip(flags)
            .filter_map(|(name, on)| on.then_some(name))
    }
}

/// The agents' groups for the team roll-up (issue 14's `options.groups`, `{ [user_id]:
/// groupName }`): each group's rows are summed like the team's, groups listed in order of first
/// appearance among the rows; an agent without a group is in the team only.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Groups {
    by_agent: HashMap<String, String>,
}

impl Groups {
    /// No agent in any group.
    pub fn new() -> Self {
        Self::default()
    }

    /// Puts agent `user_id` in group `group` (replacing its earlier group, if any).
    pub fn insert(&mut self, user_id: impl Into<String>, group: impl Into<String>) {
        self.by_agent.insert(user_id.into(), group.into());
    }

    /// The group of agent `user_id`, if it has one.
    pub fn get(&self, user_id: &str) -> Option<&str> {
        self.by_agent.get(user_id).map(String::as_str)
    }

    /// How many agents have a group.
    pub fn len(&self) -> usize {
        self.by_agent.len()
    }

    /// Whether no agent has a group.
    pub fn is_empty(&self) -> bool {
        self.by_agent.is_empty()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Groups {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut groups = Groups::new();
        for (user_id, group) in iter {
            groups.insert(user_id, group);
        }
        groups
    }
}
