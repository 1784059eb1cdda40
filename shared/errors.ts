/**
 * What users are told when something fails, shared by the server (which decides) and the admin
 * panel (which shows it). Every failure the plugin reports carries one of these codes, its message
 * and, where the user can do something about it, the next step.
 */
export const ERROR_CODES = [
  'integrationNotAvailable',
  'unableToConnect',
  'authenticationFailed',
  'permissionDenied',
  'locked',
  'timeout',
  'throttled',
  'notFound',
  'nameAlreadyExists',
  'modified',
  'invalidName',
  'fileTooLarge',
  'quotaExceeded',
  'invalidRange',
  'downloadsDisabled',
  'invalidRequest',
  'forbidden',
  'uploadSessionGone',
  'uploadInterrupted',
  'uploadBusy',
  'pieceInterrupted',
  'unexpected',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorDescription {
  message: string;
  nextStep?: string;
}

/** The default wording of each code; a specific error may carry a more precise message. */
export const ERROR_DESCRIPTIONS: Record<ErrorCode, ErrorDescription> = {
  integrationNotAvailable: {
    message: 'Integration not available',
    nextStep: 'Ask your administrator to configure the Microsoft 365 integration.',
  },
  unableToConnect: {
    message: 'Unable to connect',
    nextStep: 'Verify that you have access to the SharePoint site or OneDrive.',
  },
  authenticationFailed: {
    message: 'Authentication failed',
    nextStep: 'Sign out of Microsoft 365 in your browser, sign back in, and reconnect.',
  },
  permissionDenied: {
    message: 'Permission error: you need edit permission on this library',
    nextStep: 'Ask the owner of the library for edit permission.',
  },
  locked: {
    message: 'File is locked',
    nextStep: 'Close the file where it is open, then try again.',
  },
  timeout: {
    message: 'Timeout',
    nextStep: 'Try again with smaller batches.',
  },
  throttled: {
    message: 'Microsoft 365 is busy',
    nextStep: 'Try again in a few minutes.',
  },
  notFound: {
    message: 'The item no longer exists in Microsoft 365',
    nextStep: 'Refresh the folder.',
  },
  nameAlreadyExists: {
    message: 'An item with this name already exists',
    nextStep: 'Choose to replace it or keep both, or pick another name.',
  },
  modified: {
    message: 'This file changed in Microsoft 365 since the last sync',
    nextStep: 'Check the file as it is now, then try again.',
  },
  invalidName: {
    message: 'This name is not allowed in SharePoint and OneDrive',
    nextStep: 'Rename the item and try again.',
  },
  fileTooLarge: {
    message: 'The file is larger than SharePoint and OneDrive accept (250 GB)',
  },
  quotaExceeded: {
    message: 'The drive has no space left',
    nextStep: 'Free some space or ask for a larger quota.',
  },
  invalidRange: { message: 'The requested range is not satisfiable' },
  downloadsDisabled: { message: 'File downloads are disabled by your administrator' },
  invalidRequest: { message: 'The request is not valid' },
  forbidden: { message: 'You do not have access to this drive' },
  uploadSessionGone: {
    message: 'The upload session has expired',
    nextStep: 'Start the upload again.',
  },
  uploadInterrupted: { message: 'The upload was interrupted', nextStep: 'Resume the upload.' },
  uploadBusy: { message: 'A piece of this upload is already being sent' },
  pieceInterrupted: { message: 'The piece ended before its Content-Range' },
  unexpected: { message: 'Something went wrong', nextStep: 'Try again later.' },
};

/** The `details` of an error response from the plugin's API. */
export interface ErrorDetails {
  code: ErrorCode;
  nextStep?: string;
  [key: string]: unknown;
}
