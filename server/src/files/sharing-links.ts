/**
 * "Copy link": a view link to an item, created or reused by Microsoft 365 (`createLink`, a
 * permission operation: 5 resource units, paced like every Graph call by the drive's client).
 * Anonymous links are never asked for: the scope is the drive's (organization) or there is no
 * link. A personal drive's link is created with its owner's delegated token, the only client that
 * drive has, and only its owner may ask (files/access.ts).
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import {
  linkScopeOfDrive,
  sharingLinksOn,
  type SharingLink,
} from '../../../shared/contracts/sharing-links';
import { externalDrivesError } from '../graph/errors';
import type { SettingsService } from '../settings/service';
import type { DriveRow } from '../drives/table';
import type { Core } from '@strapi/strapi';
import { recordActivity, type AdminUserRef } from './activity';
import { toFileOperationError } from './errors';
import { findItemRow } from '../items/rows';

/** The permission resource createLink answers with, as far as it is read here. */
interface GraphPermission {
  link?: { webUrl?: unknown; type?: unknown; scope?: unknown };
}

interface SharingLinkDeps {
  strapi: Core.Strapi;
  client: (drive: DriveRow) => Promise<Client>;
  settings: Pick<SettingsService, 'getIntegration'>;
}

export const sharingLinksDisabled = (message?: string) =>
  externalDrivesError('sharingLinksDisabled', message ? { message } : {});

/**
 * Who asked, for the activity log (a link opens the file to the whole organisation, so who made
 * it matters as much as who restored a version): "Copy link" in My Files, or a file published as
 * a link in content. Server code outside a request has no user and leaves no record.
 */
export interface LinkRequester {
  user?: AdminUserRef;
  purpose: 'copy' | 'content';
}

export const createSharingLinks = ({ strapi, client, settings }: SharingLinkDeps) => {
  /** The scope a link of this drive gets; refuses when the switch or the drive says none. */
  const scopeFor = async (drive: DriveRow) => {
    const linksOn = sharingLinksOn(await settings.getIntegration());
    if (!linksOn) throw sharingLinksDisabled();
    const scope = linkScopeOfDrive(drive, linksOn);
    if (!scope) throw sharingLinksDisabled('Sharing links are turned off for this drive');
    return scope;
  };

  return {
    scopeFor,

    /** The caller has checked the user may read the drive. */
    async create(drive: DriveRow, itemId: string, by?: LinkRequester): Promise<SharingLink> {
      const scope = await scopeFor(drive);
      const record = async (result: 'succeeded' | 'failed', errorCode?: string) => {
        if (!by?.user) return;
        const item = await findItemRow(strapi, drive.id, itemId).catch(() => null);
        await recordActivity(strapi, {
          driveId: drive.id,
          user: by.user,
          itemRemoteId: itemId,
          itemName: item?.name ?? undefined,
          action: 'createLink',
          result,
          errorCode,
          details: { scope, purpose: by.purpose },
        });
      };
      try {
        const link = await requestLink(drive, itemId, scope);
        await record('succeeded');
        return link;
      } catch (error) {
        // The user must see why Microsoft refused, not a failed write of the activity log.
        await record('failed', toFileOperationError(error, 'write').code).catch(() => undefined);
        throw error;
      }
    },
  };

  async function requestLink(
    drive: DriveRow,
    itemId: string,
    scope: SharingLink['scope']
  ): Promise<SharingLink> {
    const answer = (await (
      await client(drive)
    )
      .api(
        `/drives/${encodeURIComponent(drive.remoteDriveId)}/items/${encodeURIComponent(itemId)}/createLink`
      )
      .post({ type: 'view', scope })) as GraphPermission;
    const webUrl = answer?.link?.webUrl;
    if (typeof webUrl !== 'string' || !/^https:\/\//i.test(webUrl)) {
      throw externalDrivesError('unexpected', {
        message: 'Microsoft 365 answered without a sharing link',
      });
    }
    // Microsoft may answer a broader scope than asked only if the tenant forces one: never
    // pass on an anonymous link.
    if (answer.link?.scope !== undefined && answer.link.scope !== scope) {
      throw externalDrivesError('unexpected', {
        message: `Microsoft 365 answered a link of another scope (${String(answer.link.scope)})`,
      });
    }
    return { webUrl, type: 'view', scope };
  }
};
