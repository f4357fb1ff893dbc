//! The hotspot profile `on-login` script Tagih installs: one `/tool fetch` that reports the
//! login to `/webhooks/routers/{location}` with the location's token (routeros.md §5.2).
//! The first line carries the marker, so a profile with our script is recognised as managed.

/// The script for a location. Voucher codes are `[A-Za-z0-9]` (Tagih's alphabets), so the
/// naive JSON built on the router needs no escaping.
pub fn on_login_script(marker: &str, base_url: &str, location_id: &str, token: &str) -> String {
    let hook = format!(
        "{}/webhooks/routers/{location_id}",
        base_url.trim_end_matches('/')
    );
    let secure = if hook.starts_with("https://") {
        "yes"
    } else {
        "no"
    };
    format!(
        "# {marker} managed by Tagih: reports first logins; edits are overwritten\n\
         :local hook \"{hook}\"\n\
         :local tok \"{token}\"\n\
         :local body (\"{{\\\"event\\\":\\\"login\\\",\\\"user\\\":\\\"\" . $user . \"\\\",\\\"ip\\\":\\\"\" . $address . \"\\\",\\\"mac\\\":\\\"\" . $\"mac-address\" . \"\\\"}}\")\n\
         :do {{ /tool fetch url=$hook http-method=post output=none check-certificate={secure} \
         http-header-field=(\"Content-Type: application/json,X-Router-Token: \" . $tok) \
         http-data=$body }} on-error={{ :log warning (\"tagih hook failed: \" . $user) }}"
    )
}

/// Whether a profile is managed: our script (or the marker) in `on-login`, or the marker
/// in its comment where the router keeps one.
pub fn is_marked(marker: &str, on_login: Option<&str>, comment: Option<&str>) -> bool {
    on_login.is_some_and(|s| s.contains(marker)) || comment.is_some_and(|c| c.contains(marker))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_posts_the_login_with_the_token_and_carries_the_marker() {
        let s = on_login_script("VOUCHER_SYSTEM", "https://bill.example/", "loc-1", "T0K");
        assert!(s.starts_with("# VOUCHER_SYSTEM managed by Tagih"));
        assert!(s.contains(":local hook \"https://bill.example/webhooks/routers/loc-1\""));
        assert!(s.contains(":local tok \"T0K\""));
        assert!(s.contains("X-Router-Token: "));
        assert!(s.contains("check-certificate=yes"));
        assert!(s.contains("output=none"));
        assert!(is_marked("VOUCHER_SYSTEM", Some(&s), None));
        assert!(!is_marked("VOUCHER_SYSTEM", Some(":log info x"), None));
    }
}
