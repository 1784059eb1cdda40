/**
 * The `attachments` service: External file fields on content. It keeps the attachment index,
 * checks and normalises writes, enriches content-API reads, serves the content-API download, and
 * answers the admin's "Used in N entries" and "Copy to Media Library".
 */
import type { Core } from '@strapi/strapi';
import {
  referenceKey,
  toReference,
  wantsSharingLink,
  type ExternalFile,
  type ExternalFileReference,
} from '../../../shared/external-file';
import { PLUGIN_ID } from '../constants';
import { canRead, type Ability, type AdminUser } from '../files/access';
import { badRequest, downloadsDisabled, forbidden, notFound } from '../files/errors';
import { getFileFlags } from '../files/policy';
import { findItemRow } from '../items/rows';
import type { FilesService, FilesUser } from '../files/service';
import type { DrivesService } from '../drives/service';
import type { SettingsService } from '../settings/service';
import type { EntryUsage } from '../../../shared/contracts/editors';
import { assertMayAttach, normalizeWriteData, type Actor } from './attach-policy';
import { createAttachmentIndex, type AttachmentRow } from './attachment-index';
import { visitFields } from './fields';
import { assertMediaLibraryAccepts, copyToMediaLibrary } from './media-library';
import { describeFile, resolveReferences } from './resolve';
import { publishRequestedLinks } from './link-policy';
import { publishedSharingLinks } from './published-links';
import { ensureSharingLinkIndexes } from './sharing-link-table';
import { sharingLinksOn } from '../../../shared/contracts/sharing-links';

/** The admin's ability as Strapi hands it over: actions on subjects (content types). */
export interface SubjectAbility extends Ability {
  can(action: string, subject?: string): boolean;
}

const MEDIA_CREATE_ACTION = 'plugin::upload.assets.create';
const ENTRY_READ_ACTION = 'plugin::content-manager.explorer.read';
const MAX_LISTED_ENTRIES = 100;
const INDEX_STATE_KEY = 'attachment-index';

interface EditorsDeps {
  strapi: Core.Strapi;
  settings: Pick<SettingsService, 'getIntegration'>;
  drives: DrivesService;
  files: FilesService;
}

export const createEditorsService = ({ strapi, settings, drives, files }: EditorsDeps) => {
  const index = createAttachmentIndex(strapi);

  const downloadPath = (reference: ExternalFileReference) => {
    const prefix = String(strapi.config.get('api.rest.prefix', '/api')).replace(/\/+$/, '');
    return `${prefix}/${PLUGIN_ID}/files/${encodeURIComponent(reference.driveId)}/${encodeURIComponent(reference.itemId)}`;
  };

  /** The title the content manager shows for an entry (its main field), if it has one. */
  const mainFieldOf = async (uid: string): Promise<string | null> => {
    try {
      const configuration = await strapi
        .plugin('content-manager')
        .service('content-types')
        .findConfiguration({ uid });
      const field = (configuration as { settings?: { mainField?: string } }).settings?.mainField;
      return field && field !== 'id' ? field : null;
    } catch {
      return null;
    }
  };

  return {
    index,
    downloadPath,

    /**
     * At bootstrap: the lookup indexes, then a full rebuild when the fields' layout differs from
     * the one the index was built for (or it never was). A rebuild reads every entry holding the
     * fields (about 0.7 ms per entry on SQLite), so it is not repeated on every boot.
     */
    async bootstrap() {
      await index.ensureIndexes();
      await ensureSharingLinkIndexes(strapi);
      const store = strapi.store({ type: 'plugin', name: PLUGIN_ID });
      const fingerprint = index.layoutFingerprint();
      const built = (await store.get({ key: INDEX_STATE_KEY })) as { fingerprint?: string } | null;
      if (built?.fingerprint === fingerprint) return;
      const started = Date.now();
      const rows = await index.rebuild();
      await store.set({ key: INDEX_STATE_KEY, value: { fingerprint, builtAt: new Date() } });
      strapi.log.info(
        `[${PLUGIN_ID}] attachment index rebuilt: ${rows} references in ${Date.now() - started} ms`
      );
    },

    /** Normalises an entry's write data and refuses files `actor` may not attach. */
    async prepareWrite(
      uid: string,
      data: unknown,
      documentId: string | undefined,
      actor: Actor
    ): Promise<void> {
      const schema = index.lookup(uid);
      if (!schema || !data || typeof data !== 'object') return;
      const prepared = normalizeWriteData(data, schema, index.lookup);
      if (prepared.references.length === 0) return;
      const existing = documentId
        ? await index.referencesOfDocument(uid, documentId)
        : new Set<string>();
      await assertMayAttach(strapi, actor, prepared, existing);
      if (!prepared.references.some(({ reference }) => wantsSharingLink(reference))) return;
      const linked = documentId
        ? await index.linkedReferencesOfDocument(uid, documentId)
        : new Set<string>();
      await publishRequestedLinks({ strapi, settings, files }, actor, prepared, linked);
    },

    /**
     * Replaces, in place, every External file value of a read result (entries, lists, populated
     * relations) by the file's current metadata, or `{ state: 'unavailable' }`.
     */
    async enrich(uid: string, result: unknown): Promise<void> {
      const schema = index.lookup(uid);
      if (!schema || !result || typeof result !== 'object') return;
      const visits: Array<{ holder: Record<string, unknown>; key: string; multiple: boolean }> = [];
      const references: ExternalFileReference[] = [];
      visitFields(
        result,
        schema,
        index.lookup,
        ({ holder, key, kind }) => {
          visits.push({ holder, key, multiple: kind === 'multiple' });
          const raw = holder[key];
          for (const candidate of kind === 'multiple' ? (Array.isArray(raw) ? raw : []) : [raw]) {
            const reference = toReference(candidate);
            if (reference) references.push(reference);
          }
        },
        { followRelations: true }
      );
      if (references.length === 0) return;
      const [resolved, integration] = await Promise.all([
        resolveReferences(strapi, references),
        settings.getIntegration(),
      ]);
      const links = await publishedSharingLinks(
        strapi,
        references,
        resolved,
        sharingLinksOn(integration)
      );
      const describe = (candidate: unknown): ExternalFile | null => {
        const reference = toReference(candidate);
        if (!reference) return null;
        const file = resolved.get(referenceKey(reference));
        return describeFile(reference, file, {
          downloadUrl: file && integration.downloadsEnabled ? downloadPath(reference) : null,
          sharingUrl: links.get(referenceKey(reference)) ?? null,
        });
      };
      for (const { holder, key, multiple } of visits) {
        const raw = holder[key];
        holder[key] = multiple
          ? (Array.isArray(raw) ? raw : []).map(describe).filter(Boolean)
          : describe(raw);
      }
    },

    /**
     * The content-API download: downloads switched on, a live file of a platform drive, attached
     * to a published entry of a content type the caller may read (`mayRead`: its find or findOne
     * permission). Anything else is the same 404, so ids cannot be probed.
     */
    async downloadAttached(
      reference: ExternalFileReference,
      mayRead: (contentType: string) => boolean | Promise<boolean>,
      range?: string
    ) {
      if (!(await getFileFlags(settings)).downloadsEnabled) throw downloadsDisabled();
      const file = (await resolveReferences(strapi, [reference])).get(referenceKey(reference));
      if (!file || !(await index.isAttachedToPublishedEntry(reference, mayRead))) {
        throw notFound('The file');
      }
      return files.downloadForContent(file.drive, reference.itemId, range);
    },

    /** How many entries (documents) use each of these files of a drive the admin can see. */
    async usageCounts(driveId: number, itemIds: string[], user: AdminUser, ability?: Ability) {
      const drive = await drives.getVisible(driveId, user, ability);
      const rows = await index.rowsForFiles(drive.remoteDriveId, itemIds);
      const documents = new Map<string, Set<string>>();
      for (const row of rows) {
        if (!documents.has(row.remoteItemId)) documents.set(row.remoteItemId, new Set());
        documents.get(row.remoteItemId)!.add(`${row.contentType}\n${row.entryDocumentId}`);
      }
      return Object.fromEntries(itemIds.map((id) => [id, documents.get(id)?.size ?? 0]));
    },

    /**
     * The entries using one file: all are counted; those of content types the admin may not read
     * in the content manager are counted as hidden, not listed.
     */
    async usage(driveId: number, itemId: string, user: AdminUser, ability?: SubjectAbility) {
      const drive = await drives.getVisible(driveId, user, ability);
      const rows = await index.rowsForFiles(drive.remoteDriveId, [itemId]);
      const byDocument = new Map<string, AttachmentRow[]>();
      for (const row of rows) {
        const key = `${row.contentType}\n${row.entryDocumentId}`;
        if (!byDocument.has(key)) byDocument.set(key, []);
        byDocument.get(key)!.push(row);
      }
      const entries: EntryUsage[] = [];
      let hidden = 0;
      for (const documentRows of byDocument.values()) {
        const { contentType, entryDocumentId } = documentRows[0];
        const schema = strapi.contentTypes[contentType as keyof typeof strapi.contentTypes] as
          { kind?: string; info?: { displayName?: string } } | undefined;
        if (!schema || (ability && !ability.can(ENTRY_READ_ACTION, contentType))) {
          hidden += 1;
          continue;
        }
        if (entries.length >= MAX_LISTED_ENTRIES) continue;
        const mainField = await mainFieldOf(contentType);
        // The draft's title when there is one: what the content manager shows.
        const versions = mainField
          ? ((await strapi.db.query(contentType).findMany({
              where: { documentId: entryDocumentId },
              select: [mainField, 'publishedAt'],
            })) as Array<Record<string, unknown>>)
          : [];
        const titled = versions.find((version) => !version.publishedAt) ?? versions[0];
        const title = titled?.[mainField!];
        entries.push({
          contentType,
          contentTypeName: schema.info?.displayName ?? contentType,
          kind: schema.kind === 'singleType' ? 'singleType' : 'collectionType',
          documentId: entryDocumentId,
          title: title === null || title === undefined ? null : String(title),
          locales: [
            ...new Set(documentRows.map((row) => row.entryLocale).filter(Boolean)),
          ] as string[],
          published: documentRows.some((row) => row.published),
          fields: [...new Set(documentRows.map((row) => row.field))],
        });
      }
      return { count: byDocument.size, hidden, entries };
    },

    /**
     * Copies a file of a platform drive the admin can read into the Media Library; returns the
     * asset.
     */
    async copyToMediaLibrary(
      driveId: number,
      itemId: string,
      user: FilesUser,
      ability: SubjectAbility | undefined,
      options: { folderId?: number | null } = {}
    ) {
      if (!ability?.can(MEDIA_CREATE_ACTION)) {
        throw forbidden('You cannot add files to the Media Library');
      }
      const drive = await drives.getVisible(driveId, user, ability);
      // The Media Library is content: a personal drive's files never reach it, even their owner's.
      if (drive.scope === 'personal') {
        throw forbidden('Files of personal drives cannot be copied to the Media Library');
      }
      if (!(await getFileFlags(settings)).downloadsEnabled) throw downloadsDisabled();
      const item = await findItemRow(strapi, drive.id, itemId);
      if (!item || item.deleted) throw notFound('The item');
      if (item.isFolder) throw badRequest('Folders cannot be copied to the Media Library');
      const candidate = {
        name: item.name ?? 'file',
        size: item.size === null || item.size === undefined ? null : Number(item.size),
        mimeType: item.mimeType ?? null,
      };
      assertMediaLibraryAccepts(strapi, candidate);
      const download = await files.download(drive.id, user, itemId);
      return copyToMediaLibrary(strapi, download, candidate, {
        user,
        folderId: options.folderId,
      });
    },

    /**
     * What the content manager's field shows: each reference as a reader would see it, except
     * that files of drives this admin cannot read show as unavailable (drafts are not public).
     */
    async describeForAdmin(
      references: ExternalFileReference[],
      user: AdminUser,
      ability?: Ability
    ) {
      const resolved = await resolveReferences(strapi, references);
      return references.map((reference) => {
        const file = resolved.get(referenceKey(reference));
        const visible = file && canRead(file.drive, user, ability) ? file : undefined;
        return describeFile(reference, visible, { downloadUrl: null, sharingUrl: null });
      });
    },
  };
};

export type EditorsService = ReturnType<typeof createEditorsService>;
