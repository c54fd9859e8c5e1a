//! The configured base URL: validated on start-up, and its credentials never shown.

use crate::verify::prom::http::PrometheusHttp;
use crate::verify::prom::source::MetricsSource;
use std::time::Duration;

#[test]
fn validates_the_base_url() {
    let t = Duration::from_secs(5);
    for (url, needle) in [
        ("prometheus:9090", "scheme must be http or https"),
        ("ftp://prom", "scheme must be http or https"),
        ("not a url", "relative URL"),
        ("http://prom:9090/?x=1", "query string"),
        ("http://prom:9090/#top", "fragment"),
    ] {
        let e = PrometheusHttp::new(url, t).unwrap_err();
        assert!(e.message.contains(needle), "{url}: {e}");
    }
    assert!(
        PrometheusHttp::new("http://prom:9090", Duration::ZERO)
            .unwrap_err()
            .message
            .contains("timeout")
    );
    let p = PrometheusHttp::new(" http://prom:9090/sub/path ", t).unwrap();
    assert_eq!(p.url(), "http://prom:9090/sub/path");
    assert_eq!(p.describe(), "Prometheus at http://prom:9090/sub/path");
}

#[test]
fn credentials_never_show() {
    let p = PrometheusHttp::new(
        "https://admin:s3cr%40t@prom.example/",
        Duration::from_secs(5),
    )
    .unwrap();
    let shown = format!("{p:?} {} {}", p.describe(), p.url());
    assert!(
        !shown.contains("s3cr") && !shown.contains("admin"),
        "{shown}"
    );
    assert!(shown.contains("basic_auth: true"), "{shown}");
    let e = PrometheusHttp::new("gopher://admin:s3cret@prom/", Duration::from_secs(5)).unwrap_err();
    assert!(!e.message.contains("s3cret"), "{e}");
    assert!(e.message.contains("***@prom"), "{e}");
}
