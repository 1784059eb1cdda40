/**
 * What My Files reads from the address when Microsoft's sign-in sends the browser back through the
 * plugin's callback (server/src/controllers/oauth-callback.ts), and what it tells the user.
 */
import {
  describeSignInFailure,
  type SignInFailure,
} from '../../../admin/src/pages/MyFiles/sign-in/describeSignInFailure';
import {
  readSignInReturn,
  withoutSignInReturn,
} from '../../../admin/src/pages/MyFiles/sign-in/signInReturn';
import { ERROR_DESCRIPTIONS } from '../../../shared/errors';

/** The English fallback, as the admin panel shows it without a translation. */
const english = (_key: string, defaultMessage: string) => defaultMessage;

describe('readSignInReturn', () => {
  it.each([
    ['?connected=12', { outcome: 'connected', driveId: 12 }],
    ['?account=3', { outcome: 'account', accountId: 3 }],
    [
      '?error=authenticationFailed&reason=access_denied',
      { outcome: 'error', code: 'authenticationFailed', reason: 'access_denied' },
    ],
    ['?error=unexpected', { outcome: 'error', code: 'unexpected', reason: null }],
    // An error wins over anything else in the address.
    [
      '?connected=4&error=unableToConnect',
      { outcome: 'error', code: 'unableToConnect', reason: null },
    ],
  ])('%s', (search, expected) => {
    expect(readSignInReturn(search)).toEqual(expected);
  });

  it.each(['', '?folder=abc', '?connected=abc', '?connected=-1', '?account=1.5', '?connected='])(
    'ignores %j',
    (search) => {
      expect(readSignInReturn(search)).toBeNull();
    }
  );
});

describe('withoutSignInReturn', () => {
  it('removes only the callback parameters', () => {
    expect(withoutSignInReturn('?error=authenticationFailed&reason=unknown_state')).toBe('');
    expect(withoutSignInReturn('?connected=1&page=2')).toBe('?page=2');
    expect(withoutSignInReturn('?account=9&folder=x%2Fy')).toBe('?folder=x%2Fy');
  });
});

describe('describeSignInFailure', () => {
  const failure = (code: string, reason: string | null): SignInFailure =>
    describeSignInFailure(english, code, reason);

  it('words each refused callback with a next step', () => {
    expect(failure('authenticationFailed', 'access_denied').title).toBe(
      'Sign-in was cancelled or consent was not given'
    );
    expect(failure('authenticationFailed', 'unknown_state')).toEqual({
      title: 'This sign-in link is not valid or was already used',
      nextStep: 'Start connecting again from My Files.',
    });
    expect(failure('authenticationFailed', 'expired_state').title).toMatch(/10 minutes/);
    expect(failure('authenticationFailed', 'other_browser').nextStep).toBe(
      'Start connecting again in this browser.'
    );
    expect(failure('authenticationFailed', 'missing_code').title).toBe(
      'The answer from Microsoft was incomplete'
    );
  });

  it('falls back to the shared message and next step of the code', () => {
    expect(failure('unableToConnect', null)).toEqual({
      title: ERROR_DESCRIPTIONS.unableToConnect.message,
      nextStep: ERROR_DESCRIPTIONS.unableToConnect.nextStep,
    });
    expect(failure('authenticationFailed', 'invalid_grant')).toEqual({
      title: 'Authentication failed',
      nextStep: ERROR_DESCRIPTIONS.authenticationFailed.nextStep,
    });
    expect(failure('no-such-code', null).title).toBe(ERROR_DESCRIPTIONS.unexpected.message);
  });
});
