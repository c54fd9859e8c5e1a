//! `/me` returns only to a path on this site.

use crate::dual_test;
use crate::helpers::TestApp;
use crate::web::html::post;
use reqwest::{StatusCode, header};

dual_test!(choosing_a_name_never_redirects_off_site);

async fn choosing_a_name_never_redirects_off_site(app: TestApp) {
    for (return_to, expected) in [
        ("/reviews/3?filter=failing", "/reviews/3?filter=failing"),
        ("/\t/evil.example", "/"),
        ("/%09/evil.example", "/%09/evil.example"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example/", "/"),
        ("/ok\r\nSet-Cookie: x=1", "/"),
        ("/\n/evil.example", "/"),
    ] {
        let res = post(&app, "/me", &[("login", "dana"), ("return_to", return_to)]).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{return_to:?}");
        let location = res
            .headers()
            .get(header::LOCATION)
            .unwrap_or_else(|| panic!("{return_to:?}: a Location header"))
            .to_str()
            .unwrap();
        assert_eq!(location, expected, "{return_to:?}");
    }
}
