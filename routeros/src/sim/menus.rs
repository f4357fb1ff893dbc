//! The menus the simulator knows (routeros.md §3): their commands, writable fields,
//! defaults, uniqueness rules and the exact error texts of §3.6.

/// A command of a menu; `getall` is RouterOS's API alias of `print`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verb {
    Print,
    Add,
    Set,
    Remove,
    Enable,
    Disable,
    Listen,
    ResetCounters,
}

impl Verb {
    pub(crate) fn parse(word: &str) -> Option<Verb> {
        Some(match word {
            "print" | "getall" => Verb::Print,
            "add" => Verb::Add,
            "set" => Verb::Set,
            "remove" => Verb::Remove,
            "enable" => Verb::Enable,
            "disable" => Verb::Disable,
            "listen" => Verb::Listen,
            "reset-counters" => Verb::ResetCounters,
            _ => return None,
        })
    }

    /// Commands that change configuration; these are what `fail_rate` may refuse.
    pub(crate) fn mutates(self) -> bool {
        !matches!(self, Verb::Print | Verb::Listen)
    }
}

/// How names must be unique within a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unique {
    /// Sessions: rows are created by the router itself.
    Nothing,
    Name,
    /// Hotspot users: one name per hotspot server, and `all` clashes with every server.
    NamePerServer,
}

/// One menu: a table of rows addressed by `.id`, or a singleton (`/system/identity`).
#[derive(Debug)]
pub(crate) struct Menu {
    pub path: &'static str,
    pub singleton: bool,
    pub verbs: &'static [Verb],
    pub fields: &'static [&'static str],
    pub defaults: &'static [(&'static str, &'static str)],
    pub unique: Unique,
    pub duplicate: &'static str,
    /// The menu whose row names the `profile` field must match.
    pub profiles: Option<&'static str>,
    /// Rows that refuse `remove`, with the router's message.
    pub undeletable: &'static [(&'static str, &'static str)],
}

use Verb::*;

const TABLE: &[Verb] = &[Print, Add, Set, Remove, Enable, Disable, Listen];
const NO_FLAGS: &[Verb] = &[Print, Add, Set, Remove, Listen];
const SESSIONS: &[Verb] = &[Print, Remove, Listen];
/// Not in §3.6; this is what scheduler and script duplicates answer in field traces.
const ITEM_EXISTS: &str = "failure: item with this name already exists";
/// Inferred from RouterOS's "already have … with such name" family (not in §3.6).
const DUPLICATE_POOL: &str = "failure: already have pool with such name";
/// Inferred: the wording of the router's refusal to remove a built-in profile.
const DEFAULT_PROFILE: &[(&str, &str)] = &[
    ("default", "failure: can not remove default profile"),
    (
        "default-encryption",
        "failure: can not remove default profile",
    ),
];

pub(crate) const HOTSPOT_USER: &str = "/ip/hotspot/user";
pub(crate) const HOTSPOT_PROFILE: &str = "/ip/hotspot/user/profile";
pub(crate) const HOTSPOT_ACTIVE: &str = "/ip/hotspot/active";
pub(crate) const PPP_SECRET: &str = "/ppp/secret";
pub(crate) const PPP_PROFILE: &str = "/ppp/profile";
pub(crate) const PPP_ACTIVE: &str = "/ppp/active";
pub(crate) const SYSTEM_RESOURCE: &str = "/system/resource";
pub(crate) const SYSTEM_IDENTITY: &str = "/system/identity";
pub(crate) const SYSTEM_SCRIPT: &str = "/system/script";
pub(crate) const IP_POOL: &str = "/ip/pool";

pub(crate) static MENUS: &[Menu] = &[
    Menu {
        path: HOTSPOT_USER,
        singleton: false,
        verbs: &[
            Print,
            Add,
            Set,
            Remove,
            Enable,
            Disable,
            Listen,
            ResetCounters,
        ],
        fields: &[
            "name",
            "password",
            "profile",
            "server",
            "limit-uptime",
            "limit-bytes-in",
            "limit-bytes-out",
            "limit-bytes-total",
            "mac-address",
            "address",
            "email",
            "routes",
            "comment",
            "disabled",
            "otp-secret",
        ],
        defaults: &[
            ("profile", "default"),
            ("server", "all"),
            ("disabled", "false"),
        ],
        unique: Unique::NamePerServer,
        duplicate: "failure: already have user with this name for this server",
        profiles: Some(HOTSPOT_PROFILE),
        undeletable: &[("default-trial", "default trial user can not be removed")],
    },
    Menu {
        path: HOTSPOT_PROFILE,
        singleton: false,
        verbs: NO_FLAGS,
        fields: &[
            "name",
            "rate-limit",
            "shared-users",
            "session-timeout",
            "idle-timeout",
            "keepalive-timeout",
            "status-autorefresh",
            "address-pool",
            "address-list",
            "add-mac-cookie",
            "mac-cookie-timeout",
            "parent-queue",
            "queue-type",
            "insert-queue-before",
            "on-login",
            "on-logout",
            "transparent-proxy",
            "open-status-page",
            "incoming-filter",
            "outgoing-filter",
            "incoming-packet-mark",
            "outgoing-packet-mark",
            "advertise",
            "advertise-url",
            "advertise-interval",
            "advertise-timeout",
            "advertise-intranet",
            "http-cookie-lifetime",
        ],
        defaults: HOTSPOT_PROFILE_DEFAULTS,
        unique: Unique::Name,
        duplicate: ITEM_EXISTS,
        profiles: None,
        undeletable: DEFAULT_PROFILE,
    },
    Menu {
        path: HOTSPOT_ACTIVE,
        singleton: false,
        verbs: SESSIONS,
        fields: &[],
        defaults: &[],
        unique: Unique::Nothing,
        duplicate: "",
        profiles: None,
        undeletable: &[],
    },
    Menu {
        path: PPP_SECRET,
        singleton: false,
        verbs: TABLE,
        fields: &[
            "name",
            "password",
            "service",
            "profile",
            "local-address",
            "remote-address",
            "caller-id",
            "routes",
            "ipv6-routes",
            "remote-ipv6-prefix",
            "limit-bytes-in",
            "limit-bytes-out",
            "comment",
            "disabled",
        ],
        defaults: &[
            ("service", "any"),
            ("profile", "default"),
            ("disabled", "false"),
        ],
        unique: Unique::Name,
        duplicate: "failure: secret with the same name already exists",
        profiles: Some(PPP_PROFILE),
        undeletable: &[],
    },
    Menu {
        path: PPP_PROFILE,
        singleton: false,
        verbs: NO_FLAGS,
        fields: &[
            "name",
            "local-address",
            "remote-address",
            "rate-limit",
            "only-one",
            "address-list",
            "dns-server",
            "wins-server",
            "session-timeout",
            "idle-timeout",
            "parent-queue",
            "queue-type",
            "insert-queue-before",
            "on-up",
            "on-down",
            "use-encryption",
            "use-compression",
            "use-mpls",
            "use-upnp",
            "use-ipv6",
            "change-tcp-mss",
            "bridge",
            "bridge-path-cost",
            "bridge-port-priority",
            "bridge-horizon",
            "bridge-learning",
            "incoming-filter",
            "outgoing-filter",
            "interface-list",
            "comment",
        ],
        defaults: PPP_PROFILE_DEFAULTS,
        unique: Unique::Name,
        duplicate: ITEM_EXISTS,
        profiles: None,
        undeletable: DEFAULT_PROFILE,
    },
    Menu {
        path: PPP_ACTIVE,
        singleton: false,
        verbs: SESSIONS,
        fields: &[],
        defaults: &[],
        unique: Unique::Nothing,
        duplicate: "",
        profiles: None,
        undeletable: &[],
    },
    Menu {
        path: SYSTEM_RESOURCE,
        singleton: true,
        verbs: &[Print],
        fields: &[],
        defaults: &[],
        unique: Unique::Nothing,
        duplicate: "",
        profiles: None,
        undeletable: &[],
    },
    Menu {
        path: SYSTEM_IDENTITY,
        singleton: true,
        verbs: &[Print, Set],
        fields: &["name"],
        defaults: &[],
        unique: Unique::Nothing,
        duplicate: "",
        profiles: None,
        undeletable: &[],
    },
    Menu {
        path: SYSTEM_SCRIPT,
        singleton: false,
        verbs: NO_FLAGS,
        fields: &[
            "name",
            "source",
            "owner",
            "policy",
            "dont-require-permissions",
            "comment",
        ],
        defaults: &[
            (
                "policy",
                "ftp,reboot,read,write,policy,test,password,sniff,sensitive,romon",
            ),
            ("dont-require-permissions", "false"),
            ("source", ""),
        ],
        unique: Unique::Name,
        duplicate: ITEM_EXISTS,
        profiles: None,
        undeletable: &[],
    },
    Menu {
        path: IP_POOL,
        singleton: false,
        verbs: NO_FLAGS,
        fields: &["name", "ranges", "next-pool", "comment"],
        defaults: &[],
        unique: Unique::Name,
        duplicate: DUPLICATE_POOL,
        profiles: None,
        undeletable: &[],
    },
];

pub(crate) const HOTSPOT_PROFILE_DEFAULTS: &[(&str, &str)] = &[
    ("shared-users", "1"),
    ("idle-timeout", "none"),
    ("keepalive-timeout", "2m"),
    ("status-autorefresh", "1m"),
    ("add-mac-cookie", "true"),
    ("mac-cookie-timeout", "3d"),
    ("transparent-proxy", "false"),
    ("open-status-page", "always"),
];

pub(crate) const PPP_PROFILE_DEFAULTS: &[(&str, &str)] = &[
    ("only-one", "default"),
    ("change-tcp-mss", "default"),
    ("use-compression", "default"),
    ("use-encryption", "default"),
    ("use-mpls", "default"),
    ("use-upnp", "default"),
    ("use-ipv6", "yes"),
];

/// Fields whose writes accept yes/no/true/false and print as true/false.
pub(crate) const BOOL_FIELDS: &[&str] = &[
    "disabled",
    "add-mac-cookie",
    "transparent-proxy",
    "dont-require-permissions",
];

/// Fields holding RouterOS time strings, printed back canonically; `none` is allowed.
pub(crate) const TIME_FIELDS: &[&str] = &[
    "limit-uptime",
    "session-timeout",
    "idle-timeout",
    "keepalive-timeout",
    "mac-cookie-timeout",
    "status-autorefresh",
];

pub(crate) fn find(path: &str) -> Option<&'static Menu> {
    MENUS.iter().find(|m| m.path == path)
}

/// Whether `path` is a menu or a directory above one (`/ip`, `/ip/hotspot`), which is
/// how the router tells "no such command or directory" from "no such command prefix".
pub(crate) fn is_directory(path: &str) -> bool {
    MENUS.iter().any(|m| {
        m.path == path
            || m.path
                .strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}
