/**
 * The folder a drive follows was deleted in Microsoft 365. The run ends with this error and the run
 * recorder marks the drive `folder_deleted`: its rows and history stay as they were, and it is not
 * scheduled again (a manual sync checks whether the folder is back).
 */
import { externalDrivesError } from '../../graph/errors';

export const folderDeleted = () => externalDrivesError('folderDeleted');
