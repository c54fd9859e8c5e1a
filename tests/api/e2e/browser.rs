//! A real headless Chromium driven over WebDriver: Debian's `chromedriver` started on a free
//! loopback port, one browser session per test, screenshots into `target/screenshots/`.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long a step may take before the test fails: generous, because CI runs these tests
/// beside the rest of the suite on two cores.
const PATIENCE: Duration = Duration::from_secs(20);

/// Desktop viewport used by the tests.
pub const DESKTOP: (u32, u32) = (1366, 900);
/// A phone viewport (an iPhone 14's CSS width).
pub const PHONE: (u32, u32) = (390, 844);

fn chromedriver_binary() -> String {
    std::env::var("ORRERY_TEST_CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into())
}

fn chromium_binary() -> String {
    std::env::var("ORRERY_TEST_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A running chromedriver and one browser session; both end when this is dropped.
pub struct Browser {
    pub client: Client,
    /// Chromedriver, until its group is ended (once: a reaped group's id may be reused).
    driver: Option<Child>,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with the desktop viewport.
    pub async fn start() -> Browser {
        let port = free_port();
        // Its own process group, so that ending it also ends the Chromium it started, even
        // when a test panics before `close`.
        let driver = Command::new(chromedriver_binary())
            .process_group(0)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start {} ({e}); install Debian's chromium and chromium-driver \
                     (`.ci/run` does)",
                    chromedriver_binary()
                )
            });
        let url = format!("http://127.0.0.1:{port}");
        let caps = json!({
            "goog:chromeOptions": {
                "binary": chromium_binary(),
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--hide-scrollbars", "--force-device-scale-factor=1",
                    format!("--window-size={},{}", DESKTOP.0, DESKTOP.1),
                ],
            }
        });
        let caps = match caps {
            Value::Object(map) => map,
            _ => unreachable!(),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("no WebDriver session from chromedriver at {url}: {e}"),
            }
        };
        let browser = Browser {
            client,
            driver: Some(driver),
        };
        browser.resize(DESKTOP).await;
        browser
    }

    /// Sets the viewport (not the window) to `size`, whatever the browser's frame takes.
    pub async fn resize(&self, (w, h): (u32, u32)) {
        self.client.set_window_size(w, h).await.unwrap();
        let inner = self
            .client
            .execute("return [window.innerWidth, window.innerHeight];", vec![])
            .await
            .unwrap();
        let iw = inner[0].as_u64().unwrap_or(u64::from(w)) as u32;
        let ih = inner[1].as_u64().unwrap_or(u64::from(h)) as u32;
        if (iw, ih) != (w, h) {
            self.client
                .set_window_size(w + w.saturating_sub(iw), h + h.saturating_sub(ih))
                .await
                .unwrap();
        }
    }

    /// Opens `url` and waits for the page to finish loading.
    pub async fn open(&self, url: &str) {
        self.client.goto(url).await.unwrap();
    }

    /// The element matching a CSS selector, waiting up to [`PATIENCE`] for it to appear.
    pub async fn find(&self, css: &str) -> Element {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match self.client.find(Locator::Css(css)).await {
                Ok(e) => return e,
                Err(_) if Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!(
                    "no element matches `{css}` on {}: {e}\n{}",
                    self.url().await,
                    self.text("body").await
                ),
            }
        }
    }

    /// Whether an element matches a CSS selector right now.
    pub async fn exists(&self, css: &str) -> bool {
        self.client.find(Locator::Css(css)).await.is_ok()
    }

    /// The visible text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        match self.client.find(Locator::Css(css)).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    /// The current address.
    pub async fn url(&self) -> String {
        self.client
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default()
    }

    /// Types `value` into the field matching `css`, replacing what it held.
    pub async fn fill(&self, css: &str, value: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap();
        field.send_keys(value).await.unwrap();
    }

    /// Chooses the option with `value` in the select box matching `css`.
    pub async fn choose(&self, css: &str, value: &str) {
        self.find(css).await.select_by_value(value).await.unwrap();
    }

    /// Clicks the element matching `css` (scrolled into view first).
    pub async fn click(&self, css: &str) {
        let element = self.find(css).await;
        let _ = self
            .client
            .execute(
                "arguments[0].scrollIntoView({block: 'center'});",
                vec![serde_json::to_value(&element).unwrap()],
            )
            .await;
        element.click().await.unwrap();
    }

    /// Sets a control's value directly (date pickers take typed keys in the locale's order).
    pub async fn set_value(&self, css: &str, value: &str) {
        let element = self.find(css).await;
        self.client
            .execute(
                "arguments[0].value = arguments[1];",
                vec![serde_json::to_value(&element).unwrap(), json!(value)],
            )
            .await
            .unwrap();
    }

    /// The value of the form control matching `css`.
    pub async fn value(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    }

    /// Clicks a control that submits a form and waits for the next page to load.
    pub async fn click_and_wait(&self, css: &str) {
        let before = self.page_token().await;
        self.click(css).await;
        self.wait_until("the next page to load", || async {
            let now = self.page_token().await;
            now.is_some() && now != before
        })
        .await;
    }

    /// A marker that changes whenever a new document loads (to tell a save in place from a
    /// reload).
    pub async fn page_token(&self) -> Option<String> {
        let v = self
            .client
            .execute(
                "if (document.readyState !== 'complete') return null; \
                 if (!window.__orreryToken) window.__orreryToken = Math.random().toString(36); \
                 return window.__orreryToken;",
                vec![],
            )
            .await
            .ok()?;
        v.as_str().map(str::to_owned)
    }

    /// Waits up to [`PATIENCE`] for `ready` to hold.
    pub async fn wait_until<F, Fut>(&self, what: &str, mut ready: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let deadline = Instant::now() + PATIENCE;
        while !ready().await {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what} on {}",
                self.url().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Asserts nothing on the page is wider than the viewport at its current size.
    pub async fn assert_fits(&self, what: &str) {
        let widths = self
            .client
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth];",
                vec![],
            )
            .await
            .unwrap();
        let (scroll, inner) = (
            widths[0].as_u64().unwrap_or(u64::MAX),
            widths[1].as_u64().unwrap_or(0),
        );
        assert!(
            scroll <= inner,
            "{what}: {scroll} px wide in a {inner} px window"
        );
    }

    /// The same on a 390 px phone, then back to the desktop viewport.
    pub async fn assert_fits_phone(&self, what: &str) {
        self.resize(PHONE).await;
        self.assert_fits(what).await;
        self.resize(DESKTOP).await;
    }

    /// Saves a screenshot of the whole page at the viewport's width as
    /// `target/screenshots/{name}.png`, then restores the viewport.
    pub async fn screenshot(&self, name: &str, size: (u32, u32)) {
        self.resize(size).await;
        let full = self
            .client
            .execute(
                "return Math.ceil(document.documentElement.scrollHeight);",
                vec![],
            )
            .await
            .unwrap()
            .as_u64()
            .unwrap_or(u64::from(size.1)) as u32;
        // Tall pages are cut at 10000 px: enough for every page here (the report on a phone
        // is the tallest), and a sane file size.
        self.resize((size.0, full.clamp(size.1, 10_000))).await;
        let png = self.client.screenshot().await.unwrap();
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
        self.resize(DESKTOP).await;
    }

    /// Saves a screenshot of what the viewport shows now (no resizing, the page scrolled
    /// where it is) as `target/screenshots/{name}.png`: a close look at one screen.
    pub async fn snap(&self, name: &str) {
        let png = self.client.screenshot().await.unwrap();
        let dir = screenshot_dir();
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    /// Ends the session and the driver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        end_group(self.driver.take());
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        end_group(self.driver.take());
    }
}

/// Kills chromedriver's whole process group (the browser and its helpers with it) and reaps
/// chromedriver.
fn end_group(driver: Option<Child>) {
    let Some(mut driver) = driver else { return };
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", driver.id())])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = driver.kill();
    let _ = driver.wait();
}

/// Where screenshots go: `target/screenshots/` of this checkout.
pub fn screenshot_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("screenshots")
}
