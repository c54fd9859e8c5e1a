use super::*;

fn loopback(port: u16) -> HostPolicy {
    HostPolicy::new(None, SocketAddr::from(([127, 0, 0, 1], port))).unwrap()
}

#[test]
fn loopback_answers_for_loopback_names_with_its_port() {
    let p = loopback(8080);
    for ok in [
        "127.0.0.1:8080",
        "localhost:8080",
        "LOCALHOST:8080",
        "[::1]:8080",
    ] {
        assert!(p.allows_host(ok), "{ok}");
    }
    for refused in [
        "attacker.example",
        "attacker.example:8080",
        "127.0.0.1:8081",
        "127.0.0.1",
        "localhost.:8080",
        "127.0.0.1:8080@evil",
        "",
        "[::1",
        "localhost:80800",
    ] {
        assert!(!p.allows_host(refused), "{refused}");
    }
}

#[test]
fn the_public_url_is_the_host_browsers_use() {
    let any = SocketAddr::from(([0, 0, 0, 0], 8080));
    let p = HostPolicy::new(Some("https://Orrery.Example.com/"), any).unwrap();
    assert!(p.allows_host("orrery.example.com"));
    assert!(p.allows_host("orrery.example.com:443"));
    assert!(!p.allows_host("orrery.example.com:8080"));
    assert!(
        !p.allows_host("127.0.0.1:8080"),
        "not loopback: no loopback names"
    );
    assert_eq!(p.public_url(), Some("https://orrery.example.com"));
    let p = HostPolicy::new(Some("http://orrery.internal:9000"), any).unwrap();
    assert!(p.allows_host("orrery.internal:9000"));
    assert!(!p.allows_host("orrery.internal"));
    assert_eq!(p.public_url(), Some("http://orrery.internal:9000"));
    let local = HostPolicy::new(None, SocketAddr::from(([127, 0, 0, 1], 8080))).unwrap();
    assert_eq!(
        local.public_url(),
        None,
        "the Host header is never trusted for this"
    );
}

#[test]
fn a_non_loopback_listener_needs_a_public_url() {
    let e = HostPolicy::new(None, SocketAddr::from(([0, 0, 0, 0], 8080))).unwrap_err();
    assert!(
        e.contains("--public-url") && e.contains("ORRERY_PUBLIC_URL"),
        "{e}"
    );
    let e = HostPolicy::new(Some("  "), SocketAddr::from(([10, 1, 2, 3], 80))).unwrap_err();
    assert!(e.contains("--public-url"), "{e}");
}

#[test]
fn public_urls_are_checked() {
    let at = SocketAddr::from(([127, 0, 0, 1], 8080));
    for bad in [
        "orrery.example.com",
        "ftp://orrery.example.com",
        "https://user:pw@orrery.example.com",
        "https://orrery.example.com/orrery",
        "https://orrery.example.com/?x=1",
    ] {
        assert!(HostPolicy::new(Some(bad), at).is_err(), "{bad}");
    }
}

#[test]
fn origins_must_match_scheme_host_and_port() {
    let p = loopback(8080);
    assert!(p.allows_origin("http://127.0.0.1:8080"));
    assert!(p.allows_origin("http://127.0.0.1:8080/"));
    assert!(p.allows_origin("http://LOCALHOST:8080"));
    assert!(!p.allows_origin("https://127.0.0.1:8080"), "scheme");
    assert!(!p.allows_origin("http://127.0.0.1:9999"), "port");
    assert!(!p.allows_origin("http://127.0.0.1"), "default port");
    assert!(!p.allows_origin("http://attacker.example:8080"));
    assert!(!p.allows_origin("null"));
    let public = HostPolicy::new(
        Some("https://orrery.example.com"),
        SocketAddr::from(([0, 0, 0, 0], 8080)),
    )
    .unwrap();
    assert!(public.allows_origin("https://orrery.example.com"));
    assert!(public.allows_origin("https://orrery.example.com:443"));
    assert!(!public.allows_origin("http://orrery.example.com"));
}
