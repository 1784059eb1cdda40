import { Button, Flex, Modal, Typography } from '@strapi/design-system';
import { useMemo, useState } from 'react';
import type { Drive } from '../../../api/types';
import { useExternalDrivesApi } from '../../../api/useExternalDrivesApi';
import {
  SiteLibraryPicker,
  type LibraryChoice,
  type SiteSource,
} from '../../../components/SiteLibraryPicker';
import { useLoad } from '../../../hooks/useLoad';
import { useReportError } from '../../../hooks/useReportError';
import { useT } from '../../../hooks/useT';

interface LibraryPickerModalProps {
  /** The signed-in Microsoft account to look with; the modal is open while set. */
  accountId: number | null;
  onClose(): void;
  onAdded(drive: Drive): void;
}

/**
 * After a SharePoint sign-in: find a site with the user's own Microsoft account (search, or paste
 * the site's address), pick a document library, name it, and save it as a personal drive.
 */
export const LibraryPickerModal = ({ accountId, onClose, onAdded }: LibraryPickerModalProps) => {
  const t = useT();
  const api = useExternalDrivesApi();
  const reportError = useReportError();
  const [choice, setChoice] = useState<LibraryChoice | null>(null);
  const [isSaving, setIsSaving] = useState(false);
  const accounts = useLoad(
    () => (accountId === null ? Promise.resolve([]) : api.listAccounts()),
    [api, accountId]
  );
  const account = accounts.data?.find((candidate) => candidate.id === accountId);
  const source = useMemo<SiteSource>(
    () => ({
      search: (search) => api.accountSites(accountId!, { search }),
      byUrl: (url) => api.accountSites(accountId!, { url }),
      libraries: (siteId) => api.accountLibraries(accountId!, siteId),
    }),
    [api, accountId]
  );

  const close = () => {
    setChoice(null);
    onClose();
  };

  const save = async () => {
    if (!choice || accountId === null) return;
    setIsSaving(true);
    try {
      const drive = await api.addAccountLibrary(accountId, {
        siteId: choice.site.id,
        driveId: choice.libraryId,
        ...(choice.name.trim() ? { name: choice.name.trim() } : {}),
      });
      setChoice(null);
      onAdded(drive);
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Modal.Root open={accountId !== null} onOpenChange={(isOpen: boolean) => !isOpen && close()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('libraryPicker.title', 'Connect a SharePoint library')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={5}>
            <Typography textColor="neutral600">
              {account
                ? t(
                    'libraryPicker.intro',
                    'Find a site that {account} can open, then pick one of its document libraries. Only you see the drive in Strapi.',
                    { account: account.displayName ?? account.username ?? '' }
                  )
                : t(
                    'libraryPicker.introAnonymous',
                    'Find a site your Microsoft account can open, then pick one of its document libraries. Only you see the drive in Strapi.'
                  )}
            </Typography>
            {accountId !== null && <SiteLibraryPicker source={source} onChange={setChoice} />}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('common.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button onClick={() => void save()} disabled={!choice} loading={isSaving}>
            {t('common.save', 'Save')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
