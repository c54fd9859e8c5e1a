// A real OpenID Connect provider for Orrery's sign-in tests: node-oidc-provider (pinned in
// package.json) on a free loopback port, with one static confidential client that must use
// PKCE, and a few test accounts. Started by the Rust test harness (tests/api/auth/idp.rs);
// it prints `listening on <issuer>` once it answers.
//
//   node server.mjs --client-id ID --client-secret SECRET --redirect-uri URI [--redirect-uri URI]
//                   [--host 127.0.0.1]
//
// Sign-in uses the provider's development interactions: a form where any login works
// (the password is not checked). Consent is granted automatically to the one client, as a
// first-party application's would be. Accounts:
//   alice  name "Alice Adams", groups [sre, payments], everything in the ID token
//   bob    name "Bob Brown", groups [payments]
//   carol  name "Carol Chen", groups [auditors] only from the userinfo endpoint
//   (looked up case-insensitively; preferred_username is the login as typed)
//   any other login: no name, no groups.

import http from 'node:http';
import Provider from 'oidc-provider';

function parseArgs(argv) {
  const out = { redirectUris: [], host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    switch (flag) {
      case '--client-id': out.clientId = value; break;
      case '--client-secret': out.clientSecret = value; break;
      case '--redirect-uri': out.redirectUris.push(value); break;
      case '--host': out.host = value; break;
      default: throw new Error(`unknown flag ${flag}`);
    }
  }
  if (!out.clientId || !out.clientSecret || out.redirectUris.length === 0) {
    throw new Error('--client-id, --client-secret and --redirect-uri are required');
  }
  return out;
}

const ACCOUNTS = {
  alice: { name: 'Alice Adams', groups: ['sre', 'payments'] },
  bob: { name: 'Bob Brown', groups: ['payments'] },
  carol: { name: 'Carol Chen', groups: ['auditors'], groupsOnlyFromUserinfo: true },
};

/** The claims of the account `id` (what was typed at sign-in), for the ID token or userinfo. */
function claimsOf(id, use) {
  const known = ACCOUNTS[id.toLowerCase()];
  const claims = { sub: id, preferred_username: id };
  if (!known) return claims;
  claims.name = known.name;
  claims.email = `${id}@example.test`;
  claims.email_verified = true;
  if (!known.groupsOnlyFromUserinfo || use === 'userinfo') claims.groups = known.groups;
  return claims;
}

const args = parseArgs(process.argv.slice(2));
const server = http.createServer();
await new Promise((resolve) => server.listen(0, args.host, resolve));
const issuer = `http://${args.host}:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: args.clientId,
    client_secret: args.clientSecret,
    redirect_uris: args.redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  pkce: { required: () => true },
  features: { devInteractions: { enabled: true } },
  scopes: ['openid', 'profile', 'email', 'groups'],
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    email: ['email', 'email_verified'],
    groups: ['groups'],
  },
  // Put the scopes' claims in the ID token too (not only at userinfo), as most providers do.
  conformIdTokenClaims: false,
  cookies: { keys: ['orrery-test-idp-cookie-key'] },
  async findAccount(_ctx, id) {
    return { accountId: id, claims: async (use) => claimsOf(id, use) };
  },
  // The one client is first-party: grant what it asks for without a consent screen.
  async loadExistingGrant(ctx) {
    const { client, session, params } = ctx.oidc;
    const existing = ctx.oidc.result?.consent?.grantId || session.grantIdFor(client.clientId);
    if (existing) return ctx.oidc.provider.Grant.find(existing);
    const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
    grant.addOIDCScope(String(params.scope || 'openid'));
    await grant.save();
    return grant;
  },
});

if (process.env.IDP_DEBUG) provider.on('grant.error', (_ctx, err) => console.error('grant.error', err.message, err.error_detail));
server.on('request', provider.callback());
process.on('SIGTERM', () => server.close(() => process.exit(0)));
console.log(`listening on ${issuer}`);
