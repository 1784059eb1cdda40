import { errors } from '@strapi/utils';
import {
  validateCreatePlatformDrive,
  validateSettingsUpdate,
} from '../../../server/src/controllers/validation/drives';

describe('request validation messages', () => {
  it('names every wrong field when several are wrong, not "2 errors occurred"', async () => {
    const failure = await validateCreatePlatformDrive({ siteId: 1, driveId: 2 }).catch(
      (error: unknown) => error
    );
    expect(failure).toBeInstanceOf(errors.YupValidationError);
    const { message, details } = failure as errors.YupValidationError;
    expect(message).toMatch(/^siteId must be a `string` type.*; driveId must be a `string` type/);
    expect((details as { errors: unknown[] }).errors).toHaveLength(2);
  });

  it('keeps the single message when one field is wrong', async () => {
    await expect(validateSettingsUpdate({ syncIntervalMinutes: 0 })).rejects.toThrow(
      'syncIntervalMinutes must be greater than or equal to 1'
    );
  });

  it('passes valid input through', async () => {
    await expect(validateSettingsUpdate({ syncIntervalMinutes: 30 })).resolves.toEqual({
      syncIntervalMinutes: 30,
    });
  });
});
