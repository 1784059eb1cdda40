/**
 * Admin routes of file operations (Strapi prefixes them with /external-drives). Reads need
 * `read`; writes need `read` here and read-write access to the drive, checked by the service
 * (`assertCanWrite`), since platform drives grant it per role.
 */
import { PERMISSIONS } from '../../../shared/permissions';
import { route } from './route';

const { read } = PERMISSIONS;

export const adminFileRoutes = [
  route('POST', '/drives/:id/uploads', 'admin-file.startUpload', read),
  route('PUT', '/drives/:id/uploads/:uploadId', 'admin-file.putUploadPiece', read),
  route('GET', '/drives/:id/uploads/:uploadId', 'admin-file.uploadStatus', read),
  route('DELETE', '/drives/:id/uploads/:uploadId', 'admin-file.cancelUpload', read),
  route('GET', '/drives/:id/items/:itemId/content', 'admin-file.download', read),
  route('GET', '/drives/:id/items/:itemId/zip', 'admin-file.downloadZip', read),
  // Any reader of the drive, downloads on or off (a preview is not the file).
  route('GET', '/drives/:id/items/:itemId/thumbnail', 'admin-thumbnail.thumbnail', read),
  // A view link: reading the drive suffices (files/service.ts `createSharingLink`).
  route('POST', '/drives/:id/items/:itemId/link', 'admin-sharing-link.create', read),
  route('POST', '/drives/:id/items/:itemId/zip-ticket', 'admin-zip-ticket.issue', read),
  // A plain navigation carries no token: the single-use ticket is the credential (zip-tickets.ts).
  route('GET', '/zip-downloads/:ticket', 'admin-zip-ticket.download', 'public'),
  route('PATCH', '/drives/:id/items/:itemId', 'admin-file.update', read),
  route('DELETE', '/drives/:id/items/:itemId', 'admin-file.remove', read),
  route('POST', '/drives/:id/folders', 'admin-file.createFolder', read),
  route('POST', '/drives/:id/items/:itemId/folder-upload/check', 'admin-folder-upload.check', read),
  route('POST', '/drives/:id/items/:itemId/folder-upload', 'admin-folder-upload.createTree', read),
  route('GET', '/drives/:id/activity', 'admin-file.activity', read),
];
