import {
  Box,
  Button,
  Field,
  Flex,
  Modal,
  Radio,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Search } from '@strapi/icons';
import { useEffect, useState, type FormEvent } from 'react';
import type { AdminRole, DriveRole, Library, Site } from '../../api/types';
import { useExternalDrivesApi } from '../../api/useExternalDrivesApi';
import { useReportError } from '../../hooks/useReportError';
import { useT } from '../../hooks/useT';
import { RolesEditor } from './RolesEditor';

interface AddPlatformDriveModalProps {
  open: boolean;
  roles: AdminRole[];
  onClose(): void;
  onAdded(): void;
}

/** Finds a SharePoint site (search or URL), picks one of its libraries, grants it to roles. */
export const AddPlatformDriveModal = ({
  open,
  roles,
  onClose,
  onAdded,
}: AddPlatformDriveModalProps) => {
  const t = useT();
  const api = useExternalDrivesApi();
  const reportError = useReportError();
  const [mode, setMode] = useState<'search' | 'url'>('search');
  const [text, setText] = useState('');
  const [sites, setSites] = useState<Site[] | null>(null);
  const [site, setSite] = useState<Site | null>(null);
  const [libraries, setLibraries] = useState<Library[]>([]);
  const [libraryId, setLibraryId] = useState('');
  const [name, setName] = useState('');
  const [grants, setGrants] = useState<DriveRole[]>([]);
  const [isBusy, setIsBusy] = useState(false);

  useEffect(() => {
    if (!open) {
      setText('');
      setSites(null);
      setSite(null);
      setLibraries([]);
      setLibraryId('');
      setName('');
      setGrants([]);
    }
  }, [open]);

  const find = async (event: FormEvent) => {
    event.preventDefault();
    setIsBusy(true);
    try {
      if (mode === 'url') await pick(await api.siteByUrl(text.trim()));
      else setSites(await api.searchSites(text.trim()));
    } catch (error) {
      reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  const pick = async (chosen: Site) => {
    setSite(chosen);
    setSites(null);
    try {
      const found = await api.siteLibraries(chosen.id);
      setLibraries(found);
      setLibraryId(found[0]?.id ?? '');
      setName(found[0] ? `${chosen.name} — ${found[0].name}` : chosen.name);
    } catch (error) {
      reportError(error);
    }
  };

  const add = async () => {
    if (!site || !libraryId) return;
    setIsBusy(true);
    try {
      await api.createPlatformDrive({
        siteId: site.id,
        driveId: libraryId,
        name: name.trim() || undefined,
        roles: grants,
      });
      onAdded();
      onClose();
    } catch (error) {
      reportError(error);
    } finally {
      setIsBusy(false);
    }
  };

  return (
    <Modal.Root open={open} onOpenChange={(isOpen: boolean) => !isOpen && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('platform.add.title', 'Add an organisation drive')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={5}>
            <form onSubmit={(event) => void find(event)}>
              <Flex direction="column" alignItems="stretch" gap={3}>
                <Radio.Group
                  value={mode}
                  onValueChange={(value: string) => setMode(value as 'search' | 'url')}
                  aria-label={t('platform.add.findBy', 'Find the site by')}
                  style={{ display: 'flex', flexDirection: 'row', gap: '1.6rem' }}
                >
                  <Radio.Item value="search">{t('platform.add.bySearch', 'Search')}</Radio.Item>
                  <Radio.Item value="url">{t('platform.add.byUrl', 'Site URL')}</Radio.Item>
                </Radio.Group>
                <Flex gap={2} alignItems="flex-end">
                  <Box flex="1">
                    <Field.Root name="site">
                      <Field.Label>
                        {mode === 'url'
                          ? t('platform.add.url', 'SharePoint site URL')
                          : t('platform.add.search', 'Site name')}
                      </Field.Label>
                      <TextInput
                        value={text}
                        placeholder={
                          mode === 'url' ? 'https://contoso.sharepoint.com/sites/Marketing' : ''
                        }
                        onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                          setText(event.target.value)
                        }
                      />
                    </Field.Root>
                  </Box>
                  <Button
                    type="submit"
                    variant="secondary"
                    startIcon={<Search />}
                    loading={isBusy && !site}
                  >
                    {t('platform.add.find', 'Find')}
                  </Button>
                </Flex>
              </Flex>
            </form>
            {sites && (
              <Box>
                {sites.length === 0 ? (
                  <Typography textColor="neutral600">
                    {t('platform.add.noSite', 'No site found')}
                  </Typography>
                ) : (
                  <Flex direction="column" alignItems="stretch" gap={1} tag="ul">
                    {sites.map((candidate) => (
                      <li key={candidate.id}>
                        <Button
                          variant="ghost"
                          fullWidth
                          onClick={() => void pick(candidate)}
                          style={{ justifyContent: 'flex-start' }}
                        >
                          {candidate.name}
                          {candidate.webUrl ? ` — ${candidate.webUrl}` : ''}
                        </Button>
                      </li>
                    ))}
                  </Flex>
                )}
              </Box>
            )}
            {site && (
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Typography fontWeight="bold">
                  {t('platform.add.site', 'Site: {name}', { name: site.name })}
                </Typography>
                <Field.Root name="library" required>
                  <Field.Label>{t('platform.add.library', 'Document library')}</Field.Label>
                  <SingleSelect
                    value={libraryId}
                    onChange={(value: string | number) => {
                      const library = libraries.find((entry) => entry.id === String(value));
                      setLibraryId(String(value));
                      if (library) setName(`${site.name} — ${library.name}`);
                    }}
                  >
                    {libraries.map((library) => (
                      <SingleSelectOption key={library.id} value={library.id}>
                        {library.name}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
                <Field.Root name="name">
                  <Field.Label>{t('platform.add.name', 'Name in Strapi')}</Field.Label>
                  <TextInput
                    value={name}
                    onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                      setName(event.target.value)
                    }
                  />
                </Field.Root>
                <Box>
                  <Typography variant="sigma" textColor="neutral600" tag="h3">
                    {t('platform.roles', 'Roles')}
                  </Typography>
                  <Box paddingTop={2}>
                    <RolesEditor roles={roles} value={grants} onChange={setGrants} />
                  </Box>
                </Box>
              </Flex>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('common.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button
            onClick={() => void add()}
            disabled={!site || !libraryId}
            loading={isBusy && Boolean(site)}
          >
            {t('platform.add.submit', 'Add drive')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
