//! Extra hosts a super admin lets a plugin reach beyond its manifest (a gateway's sandbox,
//! a static-IP proxy): what one entry may look like (ADR 0026).
//!
//! An entry is a lowercase host name, an IPv4 address or a bracketed IPv6 address
//! (`[2001:db8::1]`, kept in its canonical form), optionally with `:port` — nothing else
//! (no scheme, path, user or wildcard). Private, loopback, link-local and other non-public
//! addresses (and `localhost`) are refused unless the server allows them
//! (`payments.allow_private_plugin_hosts`, for development and tests), so that a leaked
//! admin session cannot turn a plugin into a probe of the ISP's own network.
//! Host names are checked as written here; what they resolve to is checked per request by
//! the plugin runtime with [`is_public_ip`] (a name's addresses may change after saving).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

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
        let entry = canonical(&raw.trim().to_ascii_lowercase());
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

/// A bracketed IPv6 entry in the form a URL shows it (`[2001:db8::1]:443`), so that
/// the runtime's exact match sees the same text; anything else as it is.
fn canonical(entry: &str) -> String {
    let Some((ip, rest)) = entry
        .strip_prefix('[')
        .and_then(|inner| inner.split_once(']'))
    else {
        return entry.to_string();
    };
    match ip.parse::<Ipv6Addr>() {
        Ok(ip) => format!("[{ip}]{rest}"),
        Err(_) => entry.to_string(),
    }
}

fn check_entry(entry: &str, allow_private: bool) -> Result<(), String> {
    let bad = || {
        format!(
            "`{}` is not a host name, IPv4 or [IPv6] address with an optional :port \
             (no scheme, path or wildcard)",
            shown(entry)
        )
    };
    if entry.is_empty() || entry.len() > MAX_ENTRY {
        return Err(bad());
    }
    if let Some(inner) = entry.strip_prefix('[') {
        let (ip, rest) = inner.split_once(']').ok_or_else(bad)?;
        let ip: Ipv6Addr = ip.parse().map_err(|_| bad())?;
        match rest.strip_prefix(':') {
            None if rest.is_empty() => {}
            Some(port) if valid_port(port) => {}
            _ => return Err(bad()),
        }
        return refuse_private(
            &format!("[{ip}]"),
            !is_public_ip(IpAddr::V6(ip)),
            allow_private,
        );
    }
    let (host, port) = match entry.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (entry, None),
    };
    if port.is_some_and(|p| !valid_port(p)) {
        return Err(bad());
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
        !is_public_ip(IpAddr::V4(ip))
    } else {
        host == "localhost" || host.ends_with(".localhost")
    };
    refuse_private(host, private, allow_private)
}

fn refuse_private(host: &str, private: bool, allow_private: bool) -> Result<(), String> {
    if private && !allow_private {
        return Err(format!(
            "`{host}` is a private or loopback address; gateways are reached on public hosts"
        ));
    }
    Ok(())
}

/// 1-65535, digits only.
fn valid_port(port: &str) -> bool {
    !port.is_empty()
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u16>().is_ok_and(|p| p > 0)
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

/// Whether a plugin may reach `ip`: not loopback, private (RFC 1918, IPv6 unique local),
/// link-local (cloud metadata included), carrier-grade NAT, unspecified, broadcast,
/// multicast, documentation or reserved. An IPv6 address that carries an IPv4 one
/// (mapped, or NAT64's well-known prefix) is judged by that IPv4 address.
pub fn is_public_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    if s[0] == 0x0064 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        let [a, b] = s[6].to_be_bytes();
        let [c, d] = s[7].to_be_bytes();
        return is_public_v4(Ipv4Addr::new(a, b, c, d));
    }
    let unique_local = s[0] & 0xfe00 == 0xfc00;
    let link_local = s[0] & 0xffc0 == 0xfe80;
    let documentation = s[0] == 0x2001 && s[1] == 0x0db8;
    // ::/8 holds the unspecified and loopback addresses and the deprecated IPv4-compatible
    // ones; nothing public lives there.
    let reserved = s[0] & 0xff00 == 0;
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || unique_local
        || link_local
        || documentation
        || reserved)
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
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
            "[::1",
            "[not-v6]",
            "[2001:db8::1]x",
            "[2606:4700::1]:0",
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
    fn ipv6_entries_are_bracketed_kept_canonical_and_private_ones_need_the_setting() {
        assert_eq!(
            norm(&["[2606:4700:0:0:0:0:0:1111]:443"], false).unwrap(),
            vec!["[2606:4700::1111]:443"]
        );
        for private in [
            "[::1]",
            "[fd00::1]",
            "[fe80::1]:8080",
            "[::ffff:10.0.0.1]",
            "[64:ff9b::a9fe:a9fe]",
            "[2001:db8::1]",
            "[ff02::1]",
            "[::]",
        ] {
            let refused = norm(&[private], false).unwrap_err();
            assert!(refused.contains("private"), "{private}: {refused}");
            assert!(norm(&[private], true).is_ok(), "{private}");
        }
    }

    #[test]
    fn addresses_a_plugin_may_reach() {
        for public in [
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:1.1.1.1",
            "64:ff9b::808:808",
        ] {
            assert!(is_public_ip(public.parse().unwrap()), "{public}");
        }
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "169.254.169.254",
            "100.100.0.1",
            "::1",
            "fc00::5",
            "fe80::1",
            "::ffff:192.168.1.1",
            "64:ff9b::7f00:1",
        ] {
            assert!(!is_public_ip(private.parse().unwrap()), "{private}");
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
