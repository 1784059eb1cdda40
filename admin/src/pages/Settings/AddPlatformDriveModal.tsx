import { Box, Button, Flex, Modal, Typography } from '@strapi/design-system';
import { useMemo, useState } from 'react';
import type { AdminRole, DriveRole } from '../../api/types';
import { useExternalDrivesApi } from '../../api/useExternalDrivesApi';
import {
  SiteLibraryPicker,
  type LibraryChoice,
  type SiteSource,
} from '../../components/SiteLibraryPicker';
import { useReportError } from '../../hooks/useReportError';
import { useT } from '../../hooks/useT';
import { RolesEditor } from './RolesEditor';

interface AddPlatformDriveModalProps {
  open: boolean;
  roles: AdminRole[];
  onClose(): void;
  onAdded(): void;
}

/** Finds a SharePoint site (search or URL) with the app's access, picks a library, grants it to roles. */
export const AddPlatformDriveModal = ({
  open,
  roles,
  onClose,
  onAdded,
}: AddPlatformDriveModalProps) => {
  const t = useT();
  const api = useExternalDrivesApi();
  const reportError = useReportError();
  const [choice, setChoice] = useState<LibraryChoice | null>(null);
  const [grants, setGrants] = useState<DriveRole[]>([]);
  const [isBusy, setIsBusy] = useState(false);
  const source = useMemo<SiteSource>(
    () => ({
      search: (text) => api.searchSites(text),
      byUrl: async (url) => [await api.siteByUrl(url)],
      libraries: (siteId) => api.siteLibraries(siteId),
    }),
    [api]
  );

  const close = () => {
    setChoice(null);
    setGrants([]);
    onClose();
  };

  const add = async () => {
    if (!choice) return;
    setIsBusy(true);
    try {
      await api.createPlatformDrive({
        siteId: choice.site.id,
        driveId: choice.libraryId,
        name: choice.name.trim() || undefined,
        roles: grants,
      });
      onAdded();
      close();
    } catch (error) {
      reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Modal.Root open={open} onOpenChange={(isOpen: boolean) => !isOpen && close()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('platform.add.title', 'Add an organisation drive')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={5}>
            <SiteLibraryPicker source={source} onChange={setChoice} />
            {choice && (
              <Box>
                <Typography variant="sigma" textColor="neutral600" tag="h3">
                  {t('platform.roles', 'Roles')}
                </Typography>
                <Box paddingTop={2}>
                  <RolesEditor roles={roles} value={grants} onChange={setGrants} />
                </Box>
              </Box>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('common.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button onClick={() => void add()} disabled={!choice} loading={isBusy}>
            {t('platform.add.submit', 'Add drive')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
