/**
 * The admin panel shows the server's errors in the user's language where it can: the standard
 * wording of a code is translated, a specific wording (naming a character, a size) is kept.
 */
import { describeError, translateError } from '../../../admin/src/api/describeError';
import { ERROR_DESCRIPTIONS } from '../../../shared/errors';

const t = (key: string) => `«${key}»`;
const answer = (code: string, message: string, nextStep?: string) => ({
  response: { data: { error: { status: 400, message, details: { code, nextStep } } } },
});

describe('translateError', () => {
  it('translates the standard wording of a code, message and next step', () => {
    const { message, nextStep } = ERROR_DESCRIPTIONS.authenticationFailed;
    const described = describeError(answer('authenticationFailed', message, nextStep));
    expect(translateError(described, t)).toMatchObject({
      code: 'authenticationFailed',
      message: '«error.authenticationFailed.message»',
      nextStep: '«error.authenticationFailed.nextStep»',
      status: 400,
    });
  });

  it('keeps a specific wording as the server wrote it', () => {
    const specific = 'The name contains "*", which SharePoint and OneDrive do not allow';
    const described = describeError(answer('invalidName', specific, 'Rename the file.'));
    expect(translateError(described, t)).toMatchObject({
      message: specific,
      nextStep: 'Rename the file.',
    });
  });

  it('leaves errors without a known code alone', () => {
    const error = { code: 'somethingNew', message: 'Something new', nextStep: null };
    expect(translateError(error, t)).toBe(error);
    expect(translateError({ message: 'No code' }, t)).toEqual({ message: 'No code' });
  });
});

describe('describeError', () => {
  it("reads the error Strapi's query layer hands to a failed query: the answer's error itself", () => {
    const queryError = {
      name: 'ApplicationError',
      status: 409,
      message: 'An item with this name already exists',
      details: { code: 'nameAlreadyExists', nextStep: 'Pick another name.' },
    };
    expect(describeError(queryError)).toEqual({
      code: 'nameAlreadyExists',
      message: 'An item with this name already exists',
      nextStep: 'Pick another name.',
      status: 409,
    });
  });
});
