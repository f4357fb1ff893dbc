//! The index never changes what `print` answers: for random tables (duplicate names per
//! server, rows without a name, renames, removals) and random queries (both equality
//! forms, boolean and empty values, malformed ids, stack operations), the rows selected
//! through [`Plan::of`] are exactly the rows a full scan selects, and a lazy row view
//! reads every property as the rendered row prints it.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::menus::{self, find};
use super::plan::{Plan, select};
use super::render::render;
use super::sessions::start_hotspot;
use super::state::{State, Usage};

const NAMES: &[&str] = &["a", "b", "c", "yes", "true", "no", "*1", "v 1"];

const WORDS: &[&str] = &[
    "?name=a",
    "?=name=b",
    "?name=c",
    "?name=yes",
    "?=name=true",
    "?name=",
    "?=name=*1",
    "?.id=*1",
    "?=.id=*3",
    "?.id=*03",
    "?.id=*a",
    "?.id=x",
    "?.id=",
    "?name",
    "?-name",
    "?comment",
    "?-comment",
    "?disabled=no",
    "?server=all",
    "?>name=b",
    "?<.id=*4",
    "?#!",
    "?#|",
    "?#&",
    "?#1",
    "?#0.",
    "?#.",
    "?#2&",
    "?#0|!",
];

/// One change to the user table.
#[derive(Debug, Clone)]
enum Step {
    Add {
        name: Option<usize>,
        server: bool,
        comment: bool,
    },
    Remove(usize),
    Rename(usize, usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (proptest::option::weighted(0.9, 0..NAMES.len()), any::<bool>(), any::<bool>())
            .prop_map(|(name, server, comment)| Step::Add { name, server, comment }),
        1 => any::<usize>().prop_map(Step::Remove),
        1 => (any::<usize>(), 0..NAMES.len()).prop_map(|(row, name)| Step::Rename(row, name)),
    ]
}

fn table(steps: &[Step]) -> State {
    let mut state = State::fresh("MikroTik");
    let Some(users) = state.table_mut(menus::HOTSPOT_USER) else {
        return state;
    };
    for step in steps {
        let ids: Vec<u64> = users.rows().map(|item| item.id).collect();
        let pick = |i: &usize| ids.get(i % ids.len().max(1)).copied();
        match step {
            Step::Add {
                name,
                server,
                comment,
            } => {
                let mut fields = BTreeMap::from([
                    ("profile".to_owned(), "default".to_owned()),
                    ("disabled".to_owned(), "false".to_owned()),
                ]);
                let server = if *server { "hotspot1" } else { "all" };
                fields.insert("server".to_owned(), server.to_owned());
                if let Some(name) = name {
                    fields.insert("name".to_owned(), NAMES[*name].to_owned());
                }
                if *comment {
                    fields.insert("comment".to_owned(), "x".to_owned());
                }
                users.insert(fields, Usage::default());
            }
            Step::Remove(row) => {
                if let Some(id) = pick(row) {
                    users.remove(id);
                }
            }
            Step::Rename(row, name) => {
                if let Some(id) = pick(row)
                    && let Some(mut fields) = users.get(id).map(|i| i.fields.clone())
                {
                    fields.insert("name".to_owned(), NAMES[*name].to_owned());
                    users.set_fields(id, fields);
                }
            }
        }
    }
    state
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_index_selects_exactly_what_a_scan_selects(
        steps in proptest::collection::vec(step(), 0..24),
        words in proptest::collection::vec(proptest::sample::select(WORDS), 0..6),
    ) {
        let state = table(&steps);
        let menu = find(menus::HOTSPOT_USER).expect("menu");
        let queries: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        let ids = |plan: &Plan| -> Vec<u64> {
            select(&state, menu, &queries, 0, plan).iter().map(|v| v.item.id).collect()
        };
        prop_assert_eq!(ids(&Plan::of(&queries)), ids(&Plan::Scan), "query {:?}", queries);
    }
}

#[test]
fn a_view_reads_each_property_as_the_rendered_row_prints_it() {
    let mut state = table(&[Step::Add {
        name: Some(0),
        server: false,
        comment: true,
    }]);
    if let Some(user) = state
        .table_mut(menus::HOTSPOT_USER)
        .and_then(|t| t.by_name("a").next().map(|i| i.id))
        .and_then(|id| state.table_mut(menus::HOTSPOT_USER)?.get_mut(id))
    {
        user.fields
            .insert("limit-uptime".to_owned(), "1h".to_owned());
        user.usage.bytes_in = 42;
    }
    start_hotspot(&mut state, "a", "10.0.0.2", 100).expect("login");
    let now = 160;
    for menu in menus::MENUS.iter().filter(|m| !m.singleton) {
        let Some(table) = state.table(menu.path) else {
            continue;
        };
        for item in table.rows() {
            let row = render(&state, menu, item, now);
            let view = super::render::View {
                state: &state,
                menu,
                item,
                now,
            };
            for (key, value) in &row {
                assert_eq!(view.get(key).as_deref(), Some(value.as_str()), "{key}");
            }
            assert_eq!(view.get("no-such-property"), None);
            let keys = [".id".to_owned(), "uptime".to_owned(), "absent".to_owned()];
            let projected = view.project(Some(&keys));
            let wanted: BTreeMap<String, String> = row
                .iter()
                .filter(|(k, _)| keys.contains(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            assert_eq!(projected, wanted, "{}", menu.path);
        }
    }
    // The session is there and its time counts: the views were not trivially empty.
    let active = state.table(menus::HOTSPOT_ACTIVE).map(|t| t.rows().count());
    assert_eq!(active, Some(1));
}
