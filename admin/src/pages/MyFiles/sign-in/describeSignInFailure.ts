import { ERROR_DESCRIPTIONS, type ErrorCode } from '../../../../../shared/errors';
import type { Translate } from '../../../hooks/useT';

export interface SignInFailure {
  title: string;
  nextStep: string;
}

/**
 * What the user reads when the sign-in callback sent them back with an error. The callback only
 * carries a code and a reason (never a message in the address bar): the well-known reasons of a
 * refused callback get their own wording, anything else the code's message and next step.
 */
export const describeSignInFailure = (
  t: Translate,
  code: string,
  reason: string | null
): SignInFailure => {
  const startAgain = t('signIn.next.startAgain', 'Start connecting again from My Files.');
  switch (reason) {
    case 'access_denied':
      return {
        title: t('signIn.reason.accessDenied', 'Sign-in was cancelled or consent was not given'),
        nextStep: t(
          'signIn.next.accessDenied',
          'Connect again and accept the permissions, or ask your administrator to grant consent for your organisation.'
        ),
      };
    case 'unknown_state':
      return {
        title: t(
          'signIn.reason.unknownState',
          'This sign-in link is not valid or was already used'
        ),
        nextStep: startAgain,
      };
    case 'expired_state':
      return {
        title: t(
          'signIn.reason.expiredState',
          'The sign-in took longer than 10 minutes and has expired'
        ),
        nextStep: startAgain,
      };
    case 'other_browser':
      return {
        title: t(
          'signIn.reason.otherBrowser',
          'This sign-in was started in another browser or by another user'
        ),
        nextStep: t('signIn.next.sameBrowser', 'Start connecting again in this browser.'),
      };
    case 'missing_code':
    case 'missing_state':
      return {
        title: t('signIn.reason.incomplete', 'The answer from Microsoft was incomplete'),
        nextStep: startAgain,
      };
    default: {
      const known =
        code in ERROR_DESCRIPTIONS
          ? ERROR_DESCRIPTIONS[code as ErrorCode]
          : ERROR_DESCRIPTIONS.unexpected;
      return { title: known.message, nextStep: known.nextStep ?? startAgain };
    }
  }
};
