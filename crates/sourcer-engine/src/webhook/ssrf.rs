//! Keeping webhook deliveries away from internal networks (SSRF).
//!
//! A URL is checked twice. At creation (and update) it must be https, carry no credentials,
//! and its host must neither be nor resolve to a loopback, private, link-local, CGNAT,
//! unspecified, multicast, reserved, documentation or cloud-metadata address. At delivery the
//! check runs again inside the HTTP client: [`GuardedResolver`] resolves the name itself and
//! refuses the whole answer if any address is blocked, so the socket only ever connects to
//! an address that was checked (a DNS answer that changed since creation, i.e. rebinding,
//! cannot slip through). IP-literal hosts never reach a resolver, so [`check_target`] checks
//! them directly. The URL parser reads integer, hex and octal IPv4 spellings
//! (`http://2130706433/`, `http://0x7f.1/`) as the addresses they mean.
//!
//! The development setting (`SOURCER_DEV_ALLOW_LOCAL_WEBHOOKS=1`) turns the address checks
//! off and allows plain http, but only to a loopback host.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

use crate::error::{EngineError, EngineResult};

/// Longest accepted webhook URL (InstaView's limit).
pub const MAX_URL_LEN: usize = 2048;
/// How long a creation-time DNS lookup may take.
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(5);

/// Host names that reach the machine itself or a cloud metadata service whatever they
/// resolve to.
fn blocked_name(host: &str) -> Option<&'static str> {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host == "localhost" || host.ends_with(".localhost") {
        return Some("loopback");
    }
    let metadata = [
        "metadata.google.internal",
        "metadata.goog",
        "metadata",
        "instance-data",
    ];
    metadata
        .contains(&host.as_str())
        .then_some("cloud metadata")
}

/// Why an IPv4 address may not be called, or `None` for a public address.
fn v4_reason(ip: Ipv4Addr) -> Option<&'static str> {
    let bits = u32::from(ip);
    let within = |net: [u8; 4], prefix: u32| {
        bits >> (32 - prefix) == u32::from_be_bytes(net) >> (32 - prefix)
    };
    let table: [([u8; 4], u32, &'static str); 16] = [
        ([169, 254, 169, 254], 32, "cloud metadata"),
        ([0, 0, 0, 0], 8, "unspecified"),
        ([10, 0, 0, 0], 8, "private"),
        ([100, 64, 0, 0], 10, "shared (CGNAT)"),
        ([127, 0, 0, 0], 8, "loopback"),
        ([169, 254, 0, 0], 16, "link-local"),
        ([172, 16, 0, 0], 12, "private"),
        ([192, 0, 0, 0], 24, "reserved"),
        ([192, 0, 2, 0], 24, "documentation"),
        ([192, 88, 99, 0], 24, "reserved"),
        ([192, 168, 0, 0], 16, "private"),
        ([198, 18, 0, 0], 15, "benchmarking"),
        ([198, 51, 100, 0], 24, "documentation"),
        ([203, 0, 113, 0], 24, "documentation"),
        ([224, 0, 0, 0], 4, "multicast"),
        ([240, 0, 0, 0], 4, "reserved"),
    ];
    table
        .iter()
        .find(|(net, prefix, _)| within(*net, *prefix))
        .map(|(_, _, reason)| *reason)
}

/// Why an IPv6 address may not be called, or `None` for a public address. Addresses that
/// embed an IPv4 address (mapped, NAT64, 6to4) are judged by the embedded address.
fn v6_reason(ip: Ipv6Addr) -> Option<&'static str> {
    let bits = u128::from(ip);
    let within = |net: u128, prefix: u32| bits >> (128 - prefix) == net >> (128 - prefix);
    let embedded = |shift: u32| Ipv4Addr::from((bits >> shift) as u32);
    if bits == 0 {
        return Some("unspecified");
    }
    if bits == 1 {
        return Some("loopback");
    }
    if within(0xffff_0000_0000, 96) {
        return v4_reason(embedded(0));
    }
    if within(0x0064_ff9b << 96, 96) {
        return v4_reason(embedded(0));
    }
    if within(0x2002 << 112, 16) {
        return v4_reason(embedded(80));
    }
    let table: [(u128, u32, &'static str); 8] = [
        (0xfd00_0ec2 << 96 | 0x254, 128, "cloud metadata"),
        (0xfc00 << 112, 7, "private"),
        (0xfe80 << 112, 10, "link-local"),
        (0xfec0 << 112, 10, "private"),
        (0xff00 << 112, 8, "multicast"),
        (0x2001_0db8 << 96, 32, "documentation"),
        (0x3fff << 112, 20, "documentation"),
        (0x2001 << 112, 23, "reserved"),
    ];
    if let Some((_, _, reason)) = table.iter().find(|(net, prefix, _)| within(*net, *prefix)) {
        return Some(reason);
    }
    // Everything public is global unicast (2000::/3); the rest is reserved or special.
    (!within(0x2000 << 112, 3)).then_some("reserved")
}

/// Why an address may not be called, or `None` for a public address.
pub fn blocked_reason(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => v4_reason(v4),
        IpAddr::V6(v6) => v6_reason(v6),
    }
}

fn unsafe_url(message: impl Into<String>) -> EngineError {
    EngineError::UnsafeWebhookUrl(message.into())
}

fn is_loopback_host(host: &Host<&str>) -> bool {
    match host {
        Host::Domain(name) => blocked_name(name) == Some("loopback"),
        Host::Ipv4(ip) => ip.is_loopback(),
        Host::Ipv6(ip) => ip.is_loopback(),
    }
}

/// The checks that need no DNS: syntax, scheme, credentials, and IP-literal or well-known
/// blocked hosts. Used at creation and before every delivery.
pub fn check_target(raw: &str, dev_allow_local: bool) -> EngineResult<Url> {
    if raw.len() > MAX_URL_LEN {
        return Err(EngineError::InvalidInput(format!(
            "url is limited to {MAX_URL_LEN} characters"
        )));
    }
    let url = Url::parse(raw.trim())
        .map_err(|e| EngineError::InvalidInput(format!("url is not a valid URL: {e}")))?;
    let host = url
        .host()
        .ok_or_else(|| unsafe_url("webhook URLs need a host"))?;
    match url.scheme() {
        "https" => {}
        "http" if dev_allow_local && is_loopback_host(&host) => {}
        "http" if dev_allow_local => {
            return Err(unsafe_url(
                "plain http is only allowed to localhost in development",
            ));
        }
        _ => return Err(unsafe_url("webhook URLs must use https")),
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(unsafe_url(
            "webhook URLs must not carry credentials; use custom headers",
        ));
    }
    if dev_allow_local {
        return Ok(url);
    }
    let reason = match host {
        Host::Domain(name) => blocked_name(name),
        Host::Ipv4(ip) => v4_reason(ip),
        Host::Ipv6(ip) => v6_reason(ip),
    };
    match reason {
        Some(reason) => Err(unsafe_url(format!(
            "webhook URLs may not target a {reason} address"
        ))),
        None => Ok(url),
    }
}

/// The creation-time check: [`check_target`], then every address the host resolves to now.
/// A name that does not resolve at all is accepted (DNS may not be set up yet); delivery
/// checks it again.
pub async fn check_url(raw: &str, dev_allow_local: bool) -> EngineResult<Url> {
    let url = check_target(raw, dev_allow_local)?;
    if dev_allow_local {
        return Ok(url);
    }
    if let Some(Host::Domain(name)) = url.host() {
        let lookup = tokio::net::lookup_host((name, 443));
        if let Ok(Ok(addrs)) = tokio::time::timeout(LOOKUP_TIMEOUT, lookup).await {
            let addrs: Vec<SocketAddr> = addrs.collect();
            if !addrs.is_empty() {
                vet(name, addrs).map_err(|refused| unsafe_url(refused.0))?;
            }
        }
    }
    Ok(url)
}

/// A refused DNS answer.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Refused(String);

/// The delivery client's resolver: resolves with the system resolver and hands the
/// connector only answers whose every address is public.
#[derive(Debug, Clone, Copy, Default)]
pub struct GuardedResolver;

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        Box::pin(async move {
            if let Some(reason) = blocked_name(&host) {
                return Err(Refused(format!("{host} is a {reason} host")).into());
            }
            let addrs = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            Ok(Box::new(vet(&host, addrs)?.into_iter()) as Addrs)
        })
    }
}

/// The resolver's rule: an answer is used only if it has addresses and every one is public
/// (one private address in the answer is enough to refuse it: it is a rebinding attempt or a
/// misconfiguration either way).
fn vet(host: &str, addrs: Vec<SocketAddr>) -> Result<Vec<SocketAddr>, Refused> {
    if addrs.is_empty() {
        return Err(Refused(format!("{host} has no address")));
    }
    match addrs.iter().find_map(|a| blocked_reason(a.ip())) {
        Some(reason) => Err(Refused(format!("{host} resolves to a {reason} address"))),
        None => Ok(addrs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(raw: &str) -> bool {
        matches!(
            check_target(raw, false),
            Err(EngineError::UnsafeWebhookUrl(_))
        )
    }

    #[test]
    fn private_loopback_link_local_and_metadata_ipv4_are_blocked() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "169.254.10.10",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "255.255.255.255",
            "198.18.0.1",
            "192.0.2.7",
            "203.0.113.9",
        ] {
            assert!(blocked_reason(ip.parse().unwrap()).is_some(), "{ip}");
        }
        assert_eq!(
            blocked_reason("169.254.169.254".parse().unwrap()),
            Some("cloud metadata")
        );
    }

    #[test]
    fn public_addresses_pass() {
        for ip in [
            "93.184.216.34",
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "2606:4700::1111",
        ] {
            assert_eq!(blocked_reason(ip.parse().unwrap()), None, "{ip}");
        }
    }

    #[test]
    fn ipv6_special_ranges_and_embedded_ipv4_are_judged() {
        for ip in [
            "::1",
            "::",
            "fc00::1",
            "fd00:ec2::254",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "2002:c0a8:101::1",
            "::127.0.0.1",
        ] {
            assert!(blocked_reason(ip.parse().unwrap()).is_some(), "{ip}");
        }
        assert_eq!(
            blocked_reason("fd00:ec2::254".parse().unwrap()),
            Some("cloud metadata")
        );
        assert_eq!(blocked_reason("::ffff:8.8.8.8".parse().unwrap()), None);
    }

    #[test]
    fn integer_hex_and_octal_ipv4_spellings_are_read_as_the_addresses_they_mean() {
        for raw in [
            "https://2130706433/hook",
            "https://0x7f000001/hook",
            "https://0177.0.0.1/hook",
            "https://0x7f.1/hook",
            "https://[::ffff:7f00:1]/hook",
            "https://[::1]:8443/hook",
        ] {
            assert!(refused(raw), "{raw}");
        }
    }

    #[test]
    fn plain_http_credentials_and_metadata_names_are_refused() {
        assert!(refused("http://93.184.216.34/hook"));
        assert!(refused("ftp://93.184.216.34/hook"));
        assert!(refused("https://user:pw@93.184.216.34/hook"));
        assert!(refused(
            "https://metadata.google.internal/computeMetadata/v1/"
        ));
        assert!(refused("https://LOCALHOST./hook"));
        assert!(refused("https://api.localhost/hook"));
        assert!(check_target("https://93.184.216.34/hook", false).is_ok());
        assert!(matches!(
            check_target("not a url", false),
            Err(EngineError::InvalidInput(_))
        ));
    }

    #[test]
    fn the_development_setting_allows_http_only_to_loopback_hosts() {
        assert!(check_target("http://127.0.0.1:9000/hook", true).is_ok());
        assert!(check_target("http://localhost:9000/hook", true).is_ok());
        assert!(check_target("https://10.0.0.5/hook", true).is_ok());
        assert!(check_target("http://10.0.0.5/hook", true).is_err());
        assert!(check_target("http://127.0.0.1:9000/hook", false).is_err());
    }

    #[tokio::test]
    async fn names_that_resolve_to_loopback_are_refused_at_creation() {
        // `localhost` resolves through /etc/hosts, so this needs no network.
        let refused = check_url("https://localhost:8443/hook", false).await;
        assert!(matches!(refused, Err(EngineError::UnsafeWebhookUrl(_))));
    }

    #[tokio::test]
    async fn the_guarded_resolver_refuses_loopback_names() {
        let name: Name = "localhost".parse().unwrap();
        assert!(GuardedResolver.resolve(name).await.is_err());
    }

    #[test]
    fn a_dns_answer_with_any_private_address_is_refused_whole() {
        let public: SocketAddr = "93.184.216.34:0".parse().unwrap();
        let private: SocketAddr = "10.0.0.7:0".parse().unwrap();
        assert_eq!(vet("hooks.example", vec![public]).unwrap(), vec![public]);
        assert!(vet("rebind.example", vec![public, private]).is_err());
        assert!(vet("empty.example", vec![]).is_err());
    }
}
