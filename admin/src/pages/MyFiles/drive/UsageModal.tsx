import { Badge, Flex, Loader, Modal, TextButton, Typography } from '@strapi/design-system';
import { useNavigate } from 'react-router-dom';
import type { DriveItem } from '../../../api/types';
import { FRESH } from '../../../api/externalDrivesApi';
import { useFileUsage } from '../../../api/resources/items';
import { useQueryErrorReport } from '../../../hooks/useQueryErrorReport';
import { useT } from '../../../hooks/useT';
import { ModalCloseFooter } from '../../../components/ModalActions';

interface UsageModalProps {
  driveId: number;
  item: DriveItem | null;
  onClose(): void;
}

/** "Used in N entries": the entries whose External file fields hold this file, with links. */
export const UsageModal = ({ driveId, item, onClose }: UsageModalProps) => {
  const t = useT();
  const navigate = useNavigate();
  const query = useFileUsage(
    { driveId, itemId: item?.remoteId ?? '' },
    { ...FRESH, skip: item === null }
  );
  useQueryErrorReport(query.error);
  const usage = { isLoading: query.isFetching, data: item ? query.currentData : undefined };

  return (
    <Modal.Root open={item !== null} onOpenChange={(isOpen: boolean) => !isOpen && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>
            {t('usage.title', 'Entries using {name}', { name: item?.name ?? '' })}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {usage.isLoading || !usage.data ? (
            <Loader small>{t('common.loading', 'Loading…')}</Loader>
          ) : (
            <Flex direction="column" alignItems="stretch" gap={2} tag="ul">
              {usage.data.entries.map((entry) => (
                <li key={`${entry.contentType}/${entry.documentId}`}>
                  <Flex gap={2}>
                    <TextButton
                      onClick={() =>
                        navigate(
                          entry.kind === 'singleType'
                            ? `/content-manager/single-types/${entry.contentType}`
                            : `/content-manager/collection-types/${entry.contentType}/${entry.documentId}`
                        )
                      }
                    >
                      {entry.title ?? entry.documentId}
                    </TextButton>
                    <Typography variant="pi" textColor="neutral600">
                      {entry.contentTypeName}
                    </Typography>
                    <Badge>
                      {entry.published
                        ? t('usage.published', 'Published')
                        : t('usage.draft', 'Draft')}
                    </Badge>
                  </Flex>
                </li>
              ))}
              {usage.data.hidden > 0 && (
                <Typography textColor="neutral600">
                  {t(
                    'usage.hidden',
                    '{count, plural, one {# more entry} other {# more entries}} you cannot open',
                    { count: usage.data.hidden }
                  )}
                </Typography>
              )}
              {usage.data.count === 0 && (
                <Typography textColor="neutral600">
                  {t('usage.none', 'No entry uses this file')}
                </Typography>
              )}
            </Flex>
          )}
        </Modal.Body>
        <ModalCloseFooter />
      </Modal.Content>
    </Modal.Root>
  );
};
