import { Box, Flex, Modal, Typography } from '@strapi/design-system';
import type { RefusedName } from '../../../../../shared/contracts/folder-uploads';
import { ModalCloseFooter } from '../../../components/ModalActions';
import { useT } from '../../../hooks/useT';
import { describeNameProblem } from '../../../utils/describeNameProblem';
import type { RefusedFolder } from './useFolderUpload';

/** A refused name in the user's language: the rule's own words, or the clash it makes. */
const useReason = () => {
  const t = useT();
  return (refused: RefusedName) =>
    refused.rule === 'duplicateName'
      ? t(
          'folderUpload.duplicateName',
          '“{name}” differs from another name in its folder only by upper and lower case, which SharePoint and OneDrive treat as the same name',
          { name: refused.name }
        )
      : describeNameProblem(
          refused.name,
          { rule: refused.rule, message: refused.message, characters: refused.characters },
          t
        );
};

/**
 * Every name of a folder that SharePoint and OneDrive would refuse, at once, so the user renames
 * them all before trying again; nothing of the folder was sent.
 */
export const RefusedNamesDialog = ({
  refused,
  onClose,
}: {
  refused: RefusedFolder | null;
  onClose(): void;
}) => {
  const t = useT();
  const reason = useReason();
  return (
    <Modal.Root open={refused !== null} onOpenChange={(isOpen: boolean) => !isOpen && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>
            {t('folderUpload.refusedTitle', 'The folder {name} was not uploaded', {
              name: refused?.label ?? '',
            })}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Typography tag="p">
            {t(
              'folderUpload.refusedIntro',
              '{count, plural, one {# name is} other {# names are}} not allowed in SharePoint and OneDrive. Rename {count, plural, one {it} other {them}} on your computer, then upload the folder again; nothing was sent.',
              { count: refused?.refused.length ?? 0 }
            )}
          </Typography>
          <Flex direction="column" alignItems="stretch" gap={2} tag="ul" paddingTop={4}>
            {refused?.refused.map((name) => (
              <li key={`${name.path}-${name.rule}`} data-refused-name={name.path}>
                <Box>
                  <Typography fontWeight="semiBold">{name.path}</Typography>
                  <Typography variant="pi" textColor="danger600" tag="p">
                    {reason(name)}
                  </Typography>
                </Box>
              </li>
            ))}
          </Flex>
        </Modal.Body>
        <ModalCloseFooter />
      </Modal.Content>
    </Modal.Root>
  );
};
