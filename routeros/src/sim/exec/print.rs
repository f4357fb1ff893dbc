//! `print`/`getall` with `.proplist`, queries and `count-only`; `listen` and `follow`.

use crate::proto::Sentence;

use super::super::menus::{self, Menu};
use super::super::plan::{Plan, select};
use super::super::query::selects;
use super::super::render::{self, Row};
use super::super::reply::Reply;
use super::{Action, Exec, ListenSpec};

impl Exec<'_> {
    pub(super) fn print(&mut self, menu: &'static Menu, sentence: &Sentence) -> Action {
        if menu.singleton {
            let rows: Vec<Row> = self
                .rows(menu)
                .into_iter()
                .filter(|row| selects(&sentence.queries, row))
                .collect();
            let count = rows.len();
            let render =
                |keep: Option<&[String]>| rows.into_iter().map(|row| project(row, keep)).collect();
            return self.answer(menu, sentence, count, render);
        }
        // The query picks the rows first; only those are rendered (ADR 0015).
        let plan = Plan::of(&sentence.queries);
        let views = select(self.state, menu, &sentence.queries, self.now, &plan);
        let render = |keep: Option<&[String]>| views.iter().map(|v| v.project(keep)).collect();
        self.answer(menu, sentence, views.len(), render)
    }

    /// The reply to a `print` selecting `count` rows, which `render` renders with only
    /// the given properties (all for `None`) when they are needed: `count-only` renders
    /// nothing.
    fn answer(
        &self,
        menu: &'static Menu,
        sentence: &Sentence,
        count: usize,
        render: impl FnOnce(Option<&[String]>) -> Vec<Row>,
    ) -> Action {
        if sentence.get("count-only").is_some() {
            return Action::Reply(Reply::done_ret(count));
        }
        if sentence.get("follow-only").is_some() {
            return Action::Listen(listen_spec(menu, sentence, Vec::new()));
        }
        if sentence.get("follow").is_some() {
            return Action::Listen(listen_spec(menu, sentence, render(None)));
        }
        let rows = render(proplist(sentence).as_deref());
        Action::Reply(Reply::rows(&rows, self.version.has_empty()))
    }

    /// Every row of `menu` as printed now, before queries.
    pub(crate) fn rows(&self, menu: &'static Menu) -> Vec<Row> {
        match menu.path {
            menus::SYSTEM_RESOURCE => {
                vec![render::resource(
                    self.version.text(),
                    self.now.saturating_sub(self.boot),
                )]
            }
            menus::SYSTEM_IDENTITY => vec![Row::from([(
                "name".to_owned(),
                self.state.identity.clone(),
            )])],
            path => self
                .state
                .table(path)
                .map(|t| {
                    t.rows()
                        .map(|i| render::render(self.state, menu, i, self.now))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

pub(super) fn listen_spec(
    menu: &'static Menu,
    sentence: &Sentence,
    initial: Vec<Row>,
) -> ListenSpec {
    let proplist = proplist(sentence);
    let initial = initial
        .into_iter()
        .map(|row| project(row, proplist.as_deref()))
        .collect();
    ListenSpec {
        menu: menu.path,
        queries: sentence.queries.clone(),
        proplist,
        initial,
    }
}

/// `=.proplist=a,b` (or `.proplist=a,b`, which parses to the same attribute).
fn proplist(sentence: &Sentence) -> Option<Vec<String>> {
    let list = sentence.get(".proplist")?;
    Some(
        list.split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

/// Keeps only the listed properties; a listed property the row lacks is simply absent.
pub(crate) fn project(row: Row, proplist: Option<&[String]>) -> Row {
    match proplist {
        None => row,
        Some(keep) => row
            .into_iter()
            .filter(|(k, _)| keep.iter().any(|p| p == k))
            .collect(),
    }
}
