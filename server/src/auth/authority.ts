/**
 * The Entra ID authority for a tenant, and its metadata written out so msal-node needs no
 * discovery request: the same layout serves login.microsoftonline.com and the emulator.
 */
export interface Authority {
  url: string;
  host: string;
  metadata: string;
}

export function authorityFor(authorityHost: string, tenantId: string): Authority {
  const url = `${authorityHost.replace(/\/+$/, '')}/${encodeURIComponent(tenantId)}`;
  const metadata = {
    token_endpoint: `${url}/oauth2/v2.0/token`,
    authorization_endpoint: `${url}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${url}/oauth2/v2.0/logout`,
    jwks_uri: `${url}/discovery/v2.0/keys`,
    issuer: `${url}/v2.0`,
    token_endpoint_auth_methods_supported: [
      'client_secret_post',
      'private_key_jwt',
      'client_secret_basic',
    ],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    response_modes_supported: ['query', 'fragment', 'form_post'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    request_uri_parameter_supported: false,
  };
  return { url, host: new URL(url).host, metadata: JSON.stringify(metadata) };
}
