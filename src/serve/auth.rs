//! Who may use the desk. On loopback without `--token`, whoever can reach
//! the port (this machine), but only through a loopback host name (no DNS
//! rebinding) and never from another site's page (`Origin` checked). With
//! a token, every request carries it: `Authorization: Bearer TOKEN`, or for
//! reading (GET) the cookie set by the printed link `/?token=TOKEN`.
//! State-changing requests need the header: a cookie alone is what another
//! site's form would send (CSRF).

use axum::http::{header, HeaderMap, Method};

/// The cookie the printed link sets.
pub const COOKIE: &str = "agrimatch_token";

/// A fresh token: 32 bytes from the operating system's CSPRNG, as hex.
pub fn new_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether `given` equals `token`, in time that depends on their lengths
/// only (never on where they first differ), so that timing tells an
/// attacker nothing about the token's characters.
pub fn same_token(given: &[u8], token: &[u8]) -> bool {
    if given.len() != token.len() {
        return false;
    }
    let diff = given.iter().zip(token).fold(0u8, |acc, (a, b)| acc | (a ^ b));
    // Read through black_box so the compiler cannot stop at the first difference.
    std::hint::black_box(diff) == 0
}

/// What a request may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Go on.
    Allowed,
    /// No (or a wrong) token: 401.
    Unauthorized,
    /// From another site, or through a host name that is not this server's: 403.
    Forbidden,
}

/// The bearer token of a request's `Authorization` header.
fn bearer(headers: &HeaderMap) -> Option<&[u8]> {
    let value = headers.get(header::AUTHORIZATION)?.as_bytes();
    value.strip_prefix(b"Bearer ").map(<[u8]>::trim_ascii)
}

/// The token cookie of a request.
pub fn cookie_token(headers: &HeaderMap) -> Option<&[u8]> {
    headers.get_all(header::COOKIE).iter().find_map(|value| {
        value.as_bytes().split(|&b| b == b';').find_map(|pair| {
            let pair = pair.trim_ascii();
            pair.strip_prefix(COOKIE.as_bytes())?.strip_prefix(b"=")
        })
    })
}

/// Whether a host name (with its port) names this machine's loopback.
fn loopback_host(host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Decides a request: `token` is the server's (None on loopback without `--token`).
pub fn check(method: &Method, headers: &HeaderMap, token: Option<&str>) -> Verdict {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    // A page of another site may send requests here; its browser names it.
    if let Some(origin) = headers.get(header::ORIGIN) {
        let same = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| o.eq_ignore_ascii_case(host));
        if !same {
            return Verdict::Forbidden;
        }
    }
    let Some(token) = token else {
        // Without a token only this machine may come in, by a loopback name.
        return if loopback_host(host) {
            Verdict::Allowed
        } else {
            Verdict::Forbidden
        };
    };
    if bearer(headers).is_some_and(|given| same_token(given, token.as_bytes())) {
        return Verdict::Allowed;
    }
    let reading = method == Method::GET || method == Method::HEAD;
    if reading && cookie_token(headers).is_some_and(|given| same_token(given, token.as_bytes())) {
        return Verdict::Allowed;
    }
    Verdict::Unauthorized
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(name.clone(), HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same_token(b"abc", b"abc"));
        assert!(!same_token(b"abd", b"abc"));
        assert!(!same_token(b"ab", b"abc"));
        assert!(!same_token(b"", b"abc"));
        let token = new_token().unwrap();
        assert_eq!(token.len(), 64);
        assert_ne!(token, new_token().unwrap());
    }

    #[test]
    fn a_post_needs_the_header_and_a_get_may_use_the_cookie() {
        let host = (header::HOST, "10.0.0.5:8080");
        let cookie = (header::COOKIE, "x=1; agrimatch_token=s3cret");
        let bearer = (header::AUTHORIZATION, "Bearer s3cret");
        let wrong = (header::AUTHORIZATION, "Bearer s3creT");
        let t = Some("s3cret");
        assert_eq!(
            check(&Method::GET, &headers(std::slice::from_ref(&host)), t),
            Verdict::Unauthorized
        );
        assert_eq!(
            check(&Method::GET, &headers(&[host.clone(), cookie.clone()]), t),
            Verdict::Allowed
        );
        assert_eq!(
            check(&Method::POST, &headers(&[host.clone(), cookie]), t),
            Verdict::Unauthorized
        );
        assert_eq!(
            check(&Method::POST, &headers(&[host.clone(), bearer.clone()]), t),
            Verdict::Allowed
        );
        assert_eq!(
            check(&Method::POST, &headers(&[host.clone(), wrong]), t),
            Verdict::Unauthorized
        );
        let other_site = (header::ORIGIN, "http://evil.example");
        assert_eq!(
            check(&Method::POST, &headers(&[host, bearer, other_site]), t),
            Verdict::Forbidden
        );
    }

    #[test]
    fn without_a_token_only_loopback_names_come_in() {
        for host in ["127.0.0.1:8080", "localhost:8080", "[::1]:8080", "LOCALHOST"] {
            assert_eq!(
                check(&Method::GET, &headers(&[(header::HOST, host)]), None),
                Verdict::Allowed,
                "{host}"
            );
        }
        for host in ["evil.example:8080", "10.0.0.5:8080", ""] {
            assert_eq!(
                check(&Method::GET, &headers(&[(header::HOST, host)]), None),
                Verdict::Forbidden,
                "{host}"
            );
        }
    }
}
