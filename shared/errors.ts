/**
 * What users are told when something fails, shared by the server (which decides) and the admin
 * panel (which shows it). Every failure the plugin reports carries one of these codes, its message
 * and, where the user can do something about it, the next step.
 */
export const ERROR_CODES = [
  'integrationNotAvailable',
  'unableToConnect',
  'siteSearchNotAllowed',
  'siteNotGranted',
  'authenticationFailed',
  'permissionDenied',
  'locked',
  'timeout',
  'throttled',
  'notFound',
  'folderDeleted',
  'outsideFolder',
  'nameAlreadyExists',
  'modified',
  'invalidName',
  'fileTooLarge',
  'quotaExceeded',
  'invalidRange',
  'downloadsDisabled',
  'sharingLinksDisabled',
  'zipTooLarge',
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
  siteSearchNotAllowed: {
    message:
      'This app is granted chosen sites only (Sites.Selected), so it cannot search for sites',
    nextStep:
      "Paste the site's URL instead, e.g. https://contoso.sharepoint.com/sites/Intranet (the site must be granted to the app).",
  },
  siteNotGranted: {
    message: 'This site is not granted to the app (Sites.Selected)',
    nextStep:
      'Ask a SharePoint administrator to grant the app access to this site (POST /sites/{site-id}/permissions), then try again.',
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
  folderDeleted: {
    message: 'The folder this drive follows was deleted in Microsoft 365',
    nextStep:
      'Restore the folder from the site’s recycle bin and choose Sync now, or disconnect the drive. Its files and history are kept until then.',
  },
  outsideFolder: {
    message: 'This item is not in the folder the drive is limited to',
    nextStep: 'Open the item from the drive’s own folder.',
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
  sharingLinksDisabled: { message: 'Sharing links are turned off by your administrator' },
  zipTooLarge: {
    message: 'This folder is larger than a ZIP download may be',
    nextStep: 'Download a smaller folder, or ask your administrator to raise the ZIP limits.',
  },
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

/**
 * Why Microsoft Entra ID refused a token, each with what fixes it: the admin's setting or grant,
 * or the user's new sign-in. The reason travels in the error's `details.reason`.
 */
export const TOKEN_FAILURE_REASONS = [
  'invalidClientSecret',
  'expiredClientSecret',
  'unknownApplication',
  'consentRequired',
  'signInRevoked',
  'signInServiceUnavailable',
  'signInServiceUnreachable',
  'signInServiceTimeout',
  'certificateNotRegistered',
  'certificateAssertionExpired',
  'certificateRefused',
] as const;

export type TokenFailureReason = (typeof TOKEN_FAILURE_REASONS)[number];

export const TOKEN_FAILURES: Record<
  TokenFailureReason,
  ErrorDescription & { code: 'authenticationFailed' | 'unableToConnect' | 'timeout' }
> = {
  invalidClientSecret: {
    code: 'authenticationFailed',
    message: 'Authentication failed: Microsoft Entra ID does not accept the client secret',
    nextStep:
      "In the plugin's settings, enter the client secret's Value (not its Secret ID), as shown under Certificates & secrets in the app registration.",
  },
  expiredClientSecret: {
    code: 'authenticationFailed',
    message: 'Authentication failed: the client secret has expired',
    nextStep:
      "Add a new client secret under Certificates & secrets in the app registration, then enter its Value in the plugin's settings.",
  },
  unknownApplication: {
    code: 'authenticationFailed',
    message: 'Authentication failed: the application is not registered in this tenant',
    nextStep:
      "Check the Application (client) ID and the Directory (tenant) ID in the plugin's settings against the app registration.",
  },
  consentRequired: {
    code: 'authenticationFailed',
    message: "Authentication failed: the app's permissions have not been consented to",
    nextStep:
      'Ask a tenant administrator to grant admin consent under API permissions in the app registration, then reconnect.',
  },
  signInRevoked: {
    code: 'authenticationFailed',
    message: 'Authentication failed: the Microsoft 365 sign-in was revoked or has expired',
    nextStep: 'Reconnect your Microsoft account (sign in again).',
  },
  certificateNotRegistered: {
    code: 'authenticationFailed',
    message: 'Authentication failed: the certificate is not registered for this app',
    nextStep:
      "Upload the certificate (its public part, a .cer, .crt or .pem file) under Certificates & secrets > Certificates in the app registration, or upload the certificate registered there in the plugin's settings. An expired certificate must be replaced.",
  },
  certificateAssertionExpired: {
    code: 'authenticationFailed',
    message:
      "Authentication failed: Microsoft Entra ID refused the certificate's signed request as outside its valid time range",
    nextStep:
      "Check the server's clock: it must be within a few minutes of the real time (synchronize it with NTP).",
  },
  certificateRefused: {
    code: 'authenticationFailed',
    message: 'Authentication failed: Microsoft Entra ID refused the certificate credential',
    nextStep:
      "Check the Application (client) ID and the Directory (tenant) ID in the plugin's settings against the app registration the certificate is registered on.",
  },
  signInServiceUnavailable: {
    code: 'unableToConnect',
    message: 'Microsoft Entra ID (the Microsoft 365 sign-in service) is unavailable',
    nextStep: 'Try again in a few minutes.',
  },
  signInServiceUnreachable: {
    code: 'unableToConnect',
    message: 'Microsoft Entra ID (the Microsoft 365 sign-in service) could not be reached',
    nextStep: "Try again in a few minutes; if it persists, check the server's network access.",
  },
  signInServiceTimeout: {
    code: 'timeout',
    message: 'Microsoft Entra ID (the Microsoft 365 sign-in service) did not answer in time',
    nextStep: 'Try again in a few minutes.',
  },
};

/** The `details` of an error response from the plugin's API. */
export interface ErrorDetails {
  code: ErrorCode;
  nextStep?: string;
  [key: string]: unknown;
}
