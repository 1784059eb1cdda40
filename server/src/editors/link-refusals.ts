/** Why a file cannot be published as a sharing link: the 400s of link-policy.ts, one wording each. */
export const LINK_REFUSALS = {
  contentApi:
    'Sharing links are chosen in the admin panel; the content API can keep them but not ask for others',
  personal:
    'Files of personal drives cannot be published as sharing links: their links carry their owner’s identity',
  notFound: 'The file was not found in a drive you can see',
  switchedOff: 'Sharing links are switched off: attach the file with the download route instead',
  driveNone: 'Sharing links are turned off for this drive: attach the file with the download route',
} as const;
