//! The router's configuration and sessions: what the state file holds.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::menus::{self, MENUS};

/// Traffic and time a user or session has used; kept apart from `fields` because the
/// router computes these and no client can write them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Usage {
    /// Seconds of finished sessions (users) — live time is added when printing.
    pub uptime: u64,
    pub bytes_in: u64,
    pub bytes_out: u64,
    pub packets_in: u64,
    pub packets_out: u64,
    /// Clock second a session started (active entries only).
    pub since: Option<u64>,
}

/// One row: its internal number and the fields a client wrote (or the router set).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct Item {
    pub id: u64,
    pub fields: BTreeMap<String, String>,
    #[serde(default)]
    pub usage: Usage,
}

impl Item {
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.fields.get(key).map(String::as_str)
    }

    pub(crate) fn name(&self) -> Option<&str> {
        self.get("name")
    }
}

/// A menu's rows in `.id` order, and the next number to hand out: RouterOS does not
/// reuse the numbers of deleted rows. Rows are indexed by name, because every `add`
/// checks for a clash and `print ?name=X` on a table of 100,000 users is answered from
/// the index (ADR 0015).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(from = "StoredTable", into = "StoredTable")]
pub(crate) struct Table {
    next_id: u64,
    items: BTreeMap<u64, Item>,
    names: HashMap<String, BTreeSet<u64>>,
}

/// The stored form of a table: the name index is rebuilt on load.
#[derive(Serialize, Deserialize)]
struct StoredTable {
    next_id: u64,
    items: BTreeMap<u64, Item>,
}

impl From<StoredTable> for Table {
    fn from(stored: StoredTable) -> Table {
        let mut table = Table {
            next_id: stored.next_id,
            items: BTreeMap::new(),
            names: HashMap::new(),
        };
        for (id, item) in stored.items {
            table.put(id, item);
        }
        table
    }
}

impl From<Table> for StoredTable {
    fn from(table: Table) -> StoredTable {
        StoredTable {
            next_id: table.next_id,
            items: table.items,
        }
    }
}

impl Default for Table {
    fn default() -> Self {
        Table {
            next_id: 1,
            items: BTreeMap::new(),
            names: HashMap::new(),
        }
    }
}

impl Table {
    pub(crate) fn insert(&mut self, fields: BTreeMap<String, String>, usage: Usage) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        self.put(id, Item { id, fields, usage });
        id
    }

    /// Stores a row under a fixed number (built-in rows).
    pub(crate) fn put(&mut self, id: u64, item: Item) {
        if let Some(name) = item.name() {
            self.names.entry(name.to_owned()).or_default().insert(id);
        }
        self.items.insert(id, item);
    }

    pub(crate) fn remove(&mut self, id: u64) -> Option<Item> {
        let item = self.items.remove(&id)?;
        self.unindex(&item);
        Some(item)
    }

    /// Replaces a row's fields, keeping the name index right.
    pub(crate) fn set_fields(&mut self, id: u64, fields: BTreeMap<String, String>) {
        if let Some(mut item) = self.remove(id) {
            item.fields = fields;
            self.put(id, item);
        }
    }

    fn unindex(&mut self, item: &Item) {
        if let Some(ids) = item.name().and_then(|name| self.names.get_mut(name)) {
            ids.remove(&item.id);
            if ids.is_empty() {
                self.names.remove(item.name().unwrap_or_default());
            }
        }
    }

    /// The number the next `add` will get.
    pub(crate) fn next_id(&self) -> u64 {
        self.next_id
    }

    pub(crate) fn get(&self, id: u64) -> Option<&Item> {
        self.items.get(&id)
    }

    /// For counters and flags only: a name must change through [`Table::set_fields`].
    pub(crate) fn get_mut(&mut self, id: u64) -> Option<&mut Item> {
        self.items.get_mut(&id)
    }

    pub(crate) fn contains(&self, id: u64) -> bool {
        self.items.contains_key(&id)
    }

    /// Rows in `.id` order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = &Item> {
        self.items.values()
    }

    pub(crate) fn by_name(&self, name: &str) -> impl Iterator<Item = &Item> {
        self.names
            .get(name)
            .into_iter()
            .flatten()
            .filter_map(|id| self.items.get(id))
    }
}

/// Everything a restart keeps.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct State {
    pub identity: String,
    /// Simulated clock, in seconds, when the state was saved.
    #[serde(default)]
    pub clock: u64,
    pub tables: BTreeMap<String, Table>,
}

impl State {
    /// A freshly reset router: empty tables plus the rows RouterOS ships with (§1.11.10).
    pub(crate) fn fresh(identity: &str) -> State {
        let mut tables: BTreeMap<String, Table> = MENUS
            .iter()
            .filter(|m| !m.singleton)
            .map(|m| (m.path.to_owned(), Table::default()))
            .collect();
        let profile = builtin("default", menus::HOTSPOT_PROFILE_DEFAULTS, &[]);
        seed(&mut tables, menus::HOTSPOT_PROFILE, 0, profile);
        let trial = builtin(
            "default-trial",
            &[
                ("profile", "default"),
                ("server", "all"),
                ("disabled", "false"),
            ],
            &[
                ("default", "true"),
                ("comment", "counters and limits for trial users"),
            ],
        );
        seed(&mut tables, menus::HOTSPOT_USER, 0, trial);
        seed(
            &mut tables,
            menus::PPP_PROFILE,
            0,
            builtin("default", menus::PPP_PROFILE_DEFAULTS, &[]),
        );
        // RouterOS numbers this built-in profile from the top of the range.
        let encrypted = builtin(
            "default-encryption",
            menus::PPP_PROFILE_DEFAULTS,
            &[("use-encryption", "yes")],
        );
        seed(&mut tables, menus::PPP_PROFILE, 0xFFFF_FFFE, encrypted);
        State {
            identity: identity.to_owned(),
            clock: 0,
            tables,
        }
    }

    pub(crate) fn table(&self, menu: &str) -> Option<&Table> {
        self.tables.get(menu)
    }

    pub(crate) fn table_mut(&mut self, menu: &str) -> Option<&mut Table> {
        self.tables.get_mut(menu)
    }

    /// Whether a row named `name` exists in `menu` (profile references).
    pub(crate) fn has_name(&self, menu: &str, name: &str) -> bool {
        self.table(menu)
            .is_some_and(|t| t.by_name(name).next().is_some())
    }
}

fn builtin(
    name: &str,
    defaults: &[(&str, &str)],
    extra: &[(&str, &str)],
) -> BTreeMap<String, String> {
    let mut fields: BTreeMap<String, String> = defaults
        .iter()
        .chain(extra)
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    fields.insert("name".to_owned(), name.to_owned());
    fields
}

fn seed(
    tables: &mut BTreeMap<String, Table>,
    menu: &str,
    id: u64,
    fields: BTreeMap<String, String>,
) {
    if let Some(table) = tables.get_mut(menu) {
        table.put(
            id,
            Item {
                id,
                fields,
                usage: Usage::default(),
            },
        );
    }
}
