//! `add`, `set`, `remove`, `enable`, `disable` and `reset-counters`.

use std::collections::BTreeMap;

use crate::proto::Sentence;

use super::super::menus::{self, Menu};
use super::super::reply::{Reply, Trap};
use super::super::sessions;
use super::super::state::{State, Table, Usage};
use super::{Exec, fields, target};
use crate::values::format_id;

/// Inferred wording for an `add` without the `name` a table needs.
const NAME_MISSING: &str = "failure: name must be set";

impl Exec<'_> {
    pub(super) fn add(&mut self, menu: &'static Menu, sentence: &Sentence) -> Result<Reply, Trap> {
        let writes = fields::writes(self.state, menu, sentence)?;
        let mut row: BTreeMap<String, String> = menu
            .defaults
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        if menu.path == menus::SYSTEM_SCRIPT {
            row.insert("owner".to_owned(), self.owner.to_owned());
        }
        fields::apply(&mut row, &writes);
        let script = menu.path == menus::SYSTEM_SCRIPT;
        if !row.contains_key("name") && !script {
            return Err(Trap::new(NAME_MISSING));
        }
        let table = table_of(self.state, menu)?;
        // Scripts added without a name are named like the router does.
        let next = table.next_id();
        row.entry("name".to_owned())
            .or_insert_with(|| format!("script{next}"));
        if fields::clashes(menu, table, &row, None) {
            return Err(Trap::new(menu.duplicate));
        }
        let id = table.insert(row, Usage::default());
        self.changed.push((menu.path, id));
        Ok(Reply::done_ret(format_id(id)))
    }

    /// `add` for each row, stopping at the first refusal; returns how many were added.
    pub(crate) fn seed<I>(&mut self, menu: &'static Menu, rows: I) -> Result<usize, Trap>
    where
        I: IntoIterator<Item = Vec<(String, String)>>,
    {
        let mut added = 0;
        for attributes in rows {
            let sentence = Sentence {
                command: format!("{}/add", menu.path),
                attributes,
                ..Sentence::default()
            };
            self.add(menu, &sentence)?;
            added += 1;
        }
        Ok(added)
    }

    pub(super) fn set(&mut self, menu: &'static Menu, sentence: &Sentence) -> Result<Reply, Trap> {
        let writes = fields::writes(self.state, menu, sentence)?;
        if menu.singleton {
            if let Some((_, Some(name))) = writes.iter().find(|(k, _)| k == "name") {
                self.state.identity = name.clone();
            }
            return Ok(Reply::done());
        }
        let table = table_of(self.state, menu)?;
        let ids = target::resolve(table, sentence)?;
        let mut updated = Vec::new();
        for id in &ids {
            let mut fields = table.get(*id).map(|i| i.fields.clone()).unwrap_or_default();
            fields::apply(&mut fields, &writes);
            if fields::clashes(menu, table, &fields, Some(*id)) {
                return Err(Trap::new(menu.duplicate));
            }
            updated.push((*id, fields));
        }
        for (id, fields) in updated {
            table.set_fields(id, fields);
            self.changed.push((menu.path, id));
        }
        Ok(Reply::done())
    }

    pub(super) fn remove(
        &mut self,
        menu: &'static Menu,
        sentence: &Sentence,
    ) -> Result<Reply, Trap> {
        let table = table_of(self.state, menu)?;
        let ids = target::resolve(table, sentence)?;
        for id in &ids {
            let name = table.get(*id).and_then(|i| i.name());
            if let Some((_, message)) = menu.undeletable.iter().find(|(n, _)| Some(*n) == name) {
                return Err(Trap::new(*message));
            }
        }
        for id in ids {
            if menu.path == menus::HOTSPOT_ACTIVE {
                // Removing a session logs the client out; its time counts for the user.
                sessions::end_hotspot(self.state, id, self.now);
            } else if let Some(table) = self.state.table_mut(menu.path) {
                table.remove(id);
            }
            self.removed.push((menu.path, id));
        }
        Ok(Reply::done())
    }

    pub(super) fn flag(
        &mut self,
        menu: &'static Menu,
        sentence: &Sentence,
        disabled: bool,
    ) -> Result<Reply, Trap> {
        let table = table_of(self.state, menu)?;
        let ids = target::resolve(table, sentence)?;
        for id in ids {
            if let Some(item) = table.get_mut(id) {
                item.fields
                    .insert("disabled".to_owned(), disabled.to_string());
            }
            self.changed.push((menu.path, id));
        }
        Ok(Reply::done())
    }

    pub(super) fn reset_counters(
        &mut self,
        menu: &'static Menu,
        sentence: &Sentence,
    ) -> Result<Reply, Trap> {
        let table = table_of(self.state, menu)?;
        let ids = target::resolve(table, sentence)?;
        for id in ids {
            if let Some(item) = table.get_mut(id) {
                item.usage = Usage {
                    since: item.usage.since,
                    ..Usage::default()
                };
            }
            self.changed.push((menu.path, id));
        }
        Ok(Reply::done())
    }
}

/// The menu's table; borrowing only the state leaves the change lists free to record.
/// A state file saved before a menu existed has no table for it yet: it starts empty.
fn table_of<'s>(state: &'s mut State, menu: &Menu) -> Result<&'s mut Table, Trap> {
    if menu.singleton {
        return Err(Trap::new("no such command prefix"));
    }
    Ok(state.tables.entry(menu.path.to_owned()).or_default())
}
