/**
 * Files an editor publishes as sharing links (`link: 'sharing'` in the stored value), checked on
 * every write that asks for a link the document did not have:
 * - the content API cannot ask (as it cannot attach): choosing how a file is published is an
 *   editor's act;
 * - never a personal drive's file: its links are created with its owner's identity and must not
 *   be shown to others (such files cannot be attached at all; this says why for a link);
 * - the admin's switch and the drive's scope must allow links, and the admin must read the drive;
 * - then the link is created or reused through the files service (view, organization; paced like
 *   every Graph call; recorded in the drive's activity) and kept in the sharing-links table.
 * Every reference is checked before any link is made: a refused write makes none. The URL never
 * comes from the written value: only Microsoft's answer is stored.
 */
import type { Core } from '@strapi/strapi';
import { referenceKey, wantsSharingLink } from '../../../shared/external-file';
import { linkScopeOfDrive, sharingLinksOn } from '../../../shared/contracts/sharing-links';
import { createDriveTable } from '../drives/table';
import { canRead } from '../files/access';
import type { FilesService } from '../files/service';
import type { SettingsService } from '../settings/service';
import { refusal, type Actor, type PreparedWrite, type Problem } from './attach-policy';
import { resolveReferences, type ResolvedFile } from './resolve';
import { saveSharingLink } from './sharing-link-table';
import { LINK_REFUSALS } from './link-refusals';

export interface LinkPolicyDeps {
  strapi: Core.Strapi;
  settings: Pick<SettingsService, 'getIntegration'>;
  files: Pick<FilesService, 'createSharingLinkForContent'>;
}

/**
 * Checks, then creates and stores, the links `prepared` asks for. `linked` holds the references
 * the document already publishes as links: kept as they are (an editor saving another field is
 * not refused because links were switched off since; the content API hides them meanwhile).
 */
export async function publishRequestedLinks(
  { strapi, settings, files }: LinkPolicyDeps,
  actor: Actor,
  prepared: PreparedWrite,
  linked: Set<string>
): Promise<void> {
  const asked = prepared.references.filter(
    ({ reference }) => wantsSharingLink(reference) && !linked.has(referenceKey(reference))
  );
  if (asked.length === 0) return;
  if (actor.kind === 'request') {
    throw refusal(asked.map(({ path }) => ({ path, message: LINK_REFUSALS.contentApi })));
  }
  const references = asked.map(({ reference }) => reference);
  const [resolved, personal, integration] = await Promise.all([
    resolveReferences(strapi, references),
    createDriveTable(strapi).personalRemoteIds([...new Set(references.map((r) => r.driveId))]),
    settings.getIntegration(),
  ]);
  const linksOn = sharingLinksOn(integration);

  const problems: Problem[] = [];
  const accepted: Array<{ reference: (typeof references)[number]; file: ResolvedFile }> = [];
  for (const { path, reference } of asked) {
    const file = resolved.get(referenceKey(reference));
    const refuse = (message: string) => problems.push({ path, message });
    if (personal.has(reference.driveId)) refuse(LINK_REFUSALS.personal);
    else if (!file) refuse(LINK_REFUSALS.notFound);
    else if (actor.kind === 'admin' && !canRead(file.drive, actor.user, actor.ability))
      refuse(LINK_REFUSALS.notFound);
    else if (!linksOn) refuse(LINK_REFUSALS.switchedOff);
    else if (!linkScopeOfDrive(file.drive, linksOn)) refuse(LINK_REFUSALS.driveNone);
    else accepted.push({ reference, file });
  }
  if (problems.length) throw refusal(problems);

  for (const { reference, file } of accepted) {
    const link = await files.createSharingLinkForContent(
      file.drive,
      reference.itemId,
      actor.kind === 'admin' ? actor.user : undefined
    );
    await saveSharingLink(strapi, reference, link);
  }
}
