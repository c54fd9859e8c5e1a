//! How Orrery is registered with the provider: the settings of `--auth oidc`.

use crate::config::AuthArgs;

/// How Orrery is registered with the provider.
#[derive(Clone)]
pub struct OidcSettings {
    /// The issuer URL; discovery reads `<issuer>/.well-known/openid-configuration`.
    pub issuer: String,
    /// Orrery's client id at the provider.
    pub client_id: String,
    /// Orrery's client secret at the provider (never logged).
    pub client_secret: String,
    /// Where the provider sends people back: the public URL and `/auth/callback`.
    pub redirect_url: String,
    /// Name of the claim holding the person's groups (a JSON array of strings).
    pub groups_claim: String,
    /// Scopes asked for besides `openid`.
    pub scopes: Vec<String>,
}

impl std::fmt::Debug for OidcSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OidcSettings")
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .field("redirect_url", &self.redirect_url)
            .field("groups_claim", &self.groups_claim)
            .field("scopes", &self.scopes)
            .finish()
    }
}

impl OidcSettings {
    /// The settings of `--auth oidc`; what is missing stops start-up with the flag to add.
    /// The client secret comes from `--oidc-client-secret-file`, else `--oidc-client-secret`.
    pub fn from_args(args: &AuthArgs, public_url: Option<&str>) -> anyhow::Result<Self> {
        use anyhow::Context;
        let given = |v: Option<&str>| {
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let issuer =
            given(args.oidc_issuer.as_deref()).context("--auth oidc needs --oidc-issuer")?;
        let public = given(public_url).context(
            "--auth oidc needs --public-url: the provider sends people back to <public URL>/auth/callback",
        )?;
        let client_id =
            given(args.oidc_client_id.as_deref()).context("--auth oidc needs --oidc-client-id")?;
        let client_secret = match &args.oidc_client_secret_file {
            Some(file) => std::fs::read_to_string(file)
                .with_context(|| {
                    format!("cannot read --oidc-client-secret-file {}", file.display())
                })?
                .trim()
                .to_owned(),
            None => given(args.oidc_client_secret.as_deref()).context(
                "--auth oidc needs --oidc-client-secret-file (or ORRERY_OIDC_CLIENT_SECRET)",
            )?,
        };
        anyhow::ensure!(
            !client_secret.is_empty(),
            "the OpenID Connect client secret is empty"
        );
        let groups_claim = args.oidc_groups_claim.trim().to_owned();
        anyhow::ensure!(
            !groups_claim.is_empty(),
            "--oidc-groups-claim must name a claim"
        );
        Ok(Self {
            issuer,
            client_id,
            client_secret,
            redirect_url: format!("{}/auth/callback", public.trim_end_matches('/')),
            groups_claim,
            scopes: args
                .oidc_scopes
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty() && *s != "openid")
                .map(str::to_owned)
                .collect(),
        })
    }
}
