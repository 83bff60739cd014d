// A real OpenID Connect provider (the certified `oidc-provider` package) on 127.0.0.1, for the
// single sign-on browser test. Its development sign-in form takes the account's login name
// (any password); every account and the one client come from the environment:
//   OIDC_PORT           the port on 127.0.0.1 (the issuer is http://127.0.0.1:<port>)
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI   the dashboard as a client
//   OIDC_ACCOUNTS       JSON: {"login name": {"email": ..., "email_verified": true, ...}}
import http from "node:http";
import Provider from "oidc-provider";

const env = process.env;
const port = Number(env.OIDC_PORT);
const accounts = JSON.parse(env.OIDC_ACCOUNTS);

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [
    {
      client_id: env.OIDC_CLIENT_ID,
      client_secret: env.OIDC_CLIENT_SECRET,
      redirect_uris: [env.OIDC_REDIRECT_URI],
      post_logout_redirect_uris: [env.OIDC_REDIRECT_URI],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  // the ID token carries the claims (Streamlit's st.user shows the ID token's)
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["a key for this test provider only"] },
});

http.createServer(provider.callback()).listen(port, "127.0.0.1", () => {
  console.log(`oidc provider listening on http://127.0.0.1:${port}`);
});
