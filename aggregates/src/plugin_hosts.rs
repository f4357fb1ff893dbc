//! Extra hosts a super admin lets a plugin reach beyond its manifest (a gateway's sandbox,
//! a static-IP proxy): what one entry may look like (ADR 0026).
//!
//! An entry is a lowercase host name or IPv4 address, optionally with `:port` — nothing
//! else (no scheme, path, user, wildcard or IPv6 literal). Private, loopback, link-local
//! and other non-public IPv4 addresses (and `localhost`) are refused unless the server
//! allows them (`payments.allow_private_plugin_hosts`, for development and tests), so that
//! a leaked admin session cannot turn a plugin into a probe of the ISP's own network.
//! Host names are checked as written, not resolved: resolution happens per request, and a
//! name's addresses may change after the setting is saved.

use std::net::Ipv4Addr;

/// At most this many extra hosts per plugin.
pub const MAX_EXTRA_HOSTS: usize = 16;
/// The longest host name DNS allows, plus `:65535`.
const MAX_ENTRY: usize = 253 + 6;

/// The entries, trimmed and lowercased, sorted; or why one is refused.
pub fn normalize_extra_hosts(hosts: &[String], allow_private: bool) -> Result<Vec<String>, String> {
    if hosts.len() > MAX_EXTRA_HOSTS {
        return Err(format!(
            "a plugin has at most {MAX_EXTRA_HOSTS} extra hosts"
        ));
    }
    let mut out: Vec<String> = Vec::with_capacity(hosts.len());
    for raw in hosts {
        let entry = raw.trim().to_ascii_lowercase();
        check_entry(&entry, allow_private)?;
        if out.contains(&entry) {
            return Err(format!("host `{entry}` is listed twice"));
        }
        out.push(entry);
    }
    out.sort();
    Ok(out)
}

fn shown(entry: &str) -> String {
    entry
        .chars()
        .take(80)
        .flat_map(char::escape_default)
        .collect()
}

fn check_entry(entry: &str, allow_private: bool) -> Result<(), String> {
    let bad = || {
        format!(
            "`{}` is not a host name or IPv4 address with an optional :port \
             (no scheme, path or wildcard)",
            shown(entry)
        )
    };
    if entry.is_empty() || entry.len() > MAX_ENTRY {
        return Err(bad());
    }
    let (host, port) = match entry.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (entry, None),
    };
    if let Some(port) = port {
        let ok = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u16>().is_ok_and(|p| p > 0);
        if !ok {
            return Err(bad());
        }
    }
    if !is_host_name(host) {
        return Err(bad());
    }
    let numeric_tail = host
        .rsplit('.')
        .next()
        .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()));
    let private = if numeric_tail {
        // A URL parser reads `127.1` or `10.0.1` as an address; only the dotted quad is
        // accepted, so that what is checked here is what a request would reach.
        let ip: Ipv4Addr = host.parse().map_err(|_| bad())?;
        !is_public(ip)
    } else {
        host == "localhost" || host.ends_with(".localhost")
    };
    if private && !allow_private {
        return Err(format!(
            "`{host}` is a private or loopback address; gateways are reached on public hosts"
        ));
    }
    Ok(())
}

/// Labels of 1-63 characters of a-z, 0-9 and `-` (not at either end), up to 253 in all.
fn is_host_name(host: &str) -> bool {
    (1..=253).contains(&host.len())
        && host.split('.').all(|l| {
            (1..=63).contains(&l.len())
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

fn is_public(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    let shared = a == 100 && (64..128).contains(&b); // 100.64.0.0/10, carrier-grade NAT
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || shared
        || a == 0
        || a >= 240)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(hosts: &[&str], allow_private: bool) -> Result<Vec<String>, String> {
        let hosts: Vec<String> = hosts.iter().map(|h| h.to_string()).collect();
        normalize_extra_hosts(&hosts, allow_private)
    }

    #[test]
    fn names_addresses_and_ports_are_accepted_lowercased_and_sorted() {
        let got = norm(
            &[
                " Proxy.Example.com:8443 ",
                "app.sandbox.midtrans.com",
                "203.0.114.7",
            ],
            false,
        )
        .unwrap();
        assert_eq!(
            got,
            [
                "203.0.114.7",
                "app.sandbox.midtrans.com",
                "proxy.example.com:8443"
            ]
        );
        assert_eq!(norm(&[], false).unwrap(), Vec::<String>::new());
    }

    #[test]
    fn anything_but_a_host_and_port_is_refused() {
        for bad in [
            "",
            "https://tripay.co.id",
            "tripay.co.id/api",
            "*.tripay.co.id",
            "user@tripay.co.id",
            "tripay.co.id:0",
            "tripay.co.id:65536",
            "tripay.co.id:",
            "tripay.co.id:80:80",
            "[::1]",
            "-bad.example.com",
            "a..b",
            "nul\0.example.com",
            "10.1",
            "999.1.1.1",
            &"a".repeat(64),
            &format!("{}.com", ["a"; 130].join(".")),
        ] {
            assert!(norm(&[bad], true).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn duplicates_and_too_many_are_refused() {
        assert!(
            norm(&["a.example.com", "A.example.com"], false)
                .unwrap_err()
                .contains("twice")
        );
        let many: Vec<String> = (0..=MAX_EXTRA_HOSTS)
            .map(|i| format!("h{i}.example.com"))
            .collect();
        assert!(normalize_extra_hosts(&many, false).is_err());
    }

    #[test]
    fn private_and_loopback_need_the_development_setting() {
        for private in [
            "127.0.0.1:8080",
            "10.0.0.1",
            "192.168.88.1",
            "172.16.0.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "localhost",
            "api.localhost:3000",
        ] {
            let refused = norm(&[private], false).unwrap_err();
            assert!(refused.contains("private"), "{private}: {refused}");
            assert!(norm(&[private], true).is_ok(), "{private}");
        }
    }
}
