/**
 * The Graph calls of file operations, each one request through the Graph SDK client the graph
 * layer hands out (it owns tokens, retries and throttling). No Strapi here.
 */
import type { Client } from '@microsoft/microsoft-graph-client';
import type { ConflictBehavior } from '../../../shared/contracts/items';
import type { GraphDriveItem } from './upload/relay';

export type GraphItem = GraphDriveItem;

export type { ConflictBehavior };

const itemPath = (driveId: string, itemId: string) =>
  `/drives/${encodeURIComponent(driveId)}/items/${encodeURIComponent(itemId)}`;

/** `/drives/{d}/items/{parent}:/{name}:` — the path form addresses a child by name. */
const childPath = (driveId: string, parentId: string, name: string) =>
  `${itemPath(driveId, parentId)}:/${encodeURIComponent(name)}:`;

export interface UploadSessionInfo {
  uploadUrl: string;
  expirationDateTime?: string;
  nextExpectedRanges?: string[];
}

export async function createUploadSession(
  client: Client,
  target: { driveId: string; parentId: string; name: string; size: number },
  conflictBehavior: ConflictBehavior
): Promise<UploadSessionInfo> {
  const session = await client
    .api(`${childPath(target.driveId, target.parentId, target.name)}/createUploadSession`)
    .post({
      item: {
        '@microsoft.graph.conflictBehavior': conflictBehavior,
        name: target.name,
        fileSize: target.size,
      },
      deferCommit: false,
    });
  return {
    uploadUrl: session.uploadUrl,
    expirationDateTime: session.expirationDateTime,
    nextExpectedRanges: session.nextExpectedRanges,
  };
}

/** One PUT of the whole (small) file. */
export async function simpleUpload(
  client: Client,
  target: { driveId: string; parentId: string; name: string },
  bytes: Buffer,
  conflictBehavior: ConflictBehavior
): Promise<GraphDriveItem> {
  return client
    .api(`${childPath(target.driveId, target.parentId, target.name)}/content`)
    .query({ '@microsoft.graph.conflictBehavior': conflictBehavior })
    .header('Content-Type', 'application/octet-stream')
    .put(bytes);
}

export async function getItem(
  client: Client,
  driveId: string,
  itemId: string
): Promise<GraphDriveItem> {
  return client.api(itemPath(driveId, itemId)).get();
}

/** The child of a folder with this name, or null. */
export async function findChild(
  client: Client,
  driveId: string,
  parentId: string,
  name: string
): Promise<GraphDriveItem | null> {
  try {
    return await client.api(childPath(driveId, parentId, name)).get();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}

/**
 * A request on one item, made conditional on its eTag when one is given: Graph then answers 412
 * instead of changing an item that changed since that eTag was read.
 */
const itemRequest = (client: Client, driveId: string, itemId: string, ifMatch?: string) => {
  const request = client.api(itemPath(driveId, itemId));
  return ifMatch ? request.header('If-Match', ifMatch) : request;
};

export async function renameItem(
  client: Client,
  driveId: string,
  itemId: string,
  name: string,
  ifMatch?: string
): Promise<GraphDriveItem> {
  return itemRequest(client, driveId, itemId, ifMatch).patch({ name });
}

export async function moveItem(
  client: Client,
  driveId: string,
  itemId: string,
  newParentId: string,
  ifMatch?: string
): Promise<GraphDriveItem> {
  return itemRequest(client, driveId, itemId, ifMatch).patch({
    parentReference: { id: newParentId },
  });
}

/** Moves the item to the recycle bin (Graph's DELETE is recoverable). */
export async function deleteItem(
  client: Client,
  driveId: string,
  itemId: string,
  ifMatch?: string
): Promise<void> {
  await itemRequest(client, driveId, itemId, ifMatch).delete();
}

export async function createFolder(
  client: Client,
  driveId: string,
  parentId: string,
  name: string,
  conflictBehavior: ConflictBehavior
): Promise<GraphDriveItem> {
  return client.api(`${itemPath(driveId, parentId)}/children`).post({
    name,
    folder: {},
    '@microsoft.graph.conflictBehavior': conflictBehavior,
  });
}
