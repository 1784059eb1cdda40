import type { User } from '../store/model';

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The emulator's sign-in + consent page: pick one of the tenant's users, accept or cancel.
 * Every authorize parameter travels back in hidden fields so the POST is self-contained.
 */
export function signInPage(options: {
  appName: string;
  tenantName: string;
  scopes: string[];
  users: User[];
  params: URLSearchParams;
  loginHint?: string;
}): string {
  const hidden = [...options.params.entries()]
    .map(([name, value]) => `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`)
    .join('\n      ');
  const users = options.users
    .map((user, index) => {
      const checked = options.loginHint
        ? user.userPrincipalName.toLowerCase() === options.loginHint.toLowerCase()
        : index === 0;
      return `<label class="user"><input type="radio" name="user_id" value="${escape(user.id)}"${checked ? ' checked' : ''}> ${escape(user.displayName)} <small>${escape(user.userPrincipalName)}</small></label>`;
    })
    .join('\n      ');
  const scopes = options.scopes.map((scope) => `<li>${escape(scope)}</li>`).join('');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Sign in to your account</title>
    <style>
      body { font-family: "Segoe UI", sans-serif; background: #f2f2f2; }
      main { max-width: 440px; margin: 60px auto; background: #fff; padding: 32px; box-shadow: 0 2px 6px rgba(0,0,0,.2); }
      .user { display: block; margin: 8px 0; }
      button { padding: 6px 20px; margin-right: 8px; }
    </style>
  </head>
  <body>
    <main>
      <h1>Microsoft 365 emulator</h1>
      <p>Sign in to <strong>${escape(options.tenantName)}</strong> and let <strong>${escape(options.appName)}</strong>:</p>
      <ul>${scopes}</ul>
      <form method="post" id="sign-in">
      ${hidden}
      ${users}
        <button type="submit" name="action" value="accept" id="accept">Accept</button>
        <button type="submit" name="action" value="cancel" id="cancel">Cancel</button>
      </form>
    </main>
  </body>
</html>`;
}
