import { Button, Flex, Modal } from '@strapi/design-system';
import { useState, type ReactNode } from 'react';
import { useReportError } from '../hooks/useReportError';
import { SiteLibraryPicker, type LibraryChoice, type SiteSource } from './SiteLibraryPicker';
import { ModalActions } from './ModalActions';

interface SiteLibraryPickerModalProps {
  open: boolean;
  title: string;
  submitLabel: string;
  /** Where sites and libraries come from; the picker waits while there is none yet. */
  source: SiteSource | null;
  /** Shown above the picker. */
  intro?: ReactNode;
  /** Shown under the picker once a library is chosen (the roles of a platform drive). */
  details?: ReactNode;
  onClose(): void;
  /** Saves the choice; a failure is reported and the modal stays open for another try. */
  onSubmit(choice: LibraryChoice): Promise<void>;
}

/** A modal around the site and library picker: Cancel, and a submit once a library is chosen. */
export const SiteLibraryPickerModal = ({
  open,
  title,
  submitLabel,
  source,
  intro,
  details,
  onClose,
  onSubmit,
}: SiteLibraryPickerModalProps) => {
  const reportError = useReportError();
  const [choice, setChoice] = useState<LibraryChoice | null>(null);
  const [isSaving, setIsSaving] = useState(false);

  const close = () => {
    setChoice(null);
    onClose();
  };

  const submit = async () => {
    if (!choice) return;
    setIsSaving(true);
    try {
      await onSubmit(choice);
      setChoice(null);
    } catch (error) {
      reportError(error);
    } finally {
      setIsSaving(false);
    }
  };

  return (
    <Modal.Root open={open} onOpenChange={(isOpen: boolean) => !isOpen && close()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={5}>
            {intro}
            {source && <SiteLibraryPicker source={source} onChange={setChoice} />}
            {choice && details}
          </Flex>
        </Modal.Body>
        <ModalActions>
          <Button onClick={() => void submit()} disabled={!choice} loading={isSaving}>
            {submitLabel}
          </Button>
        </ModalActions>
      </Modal.Content>
    </Modal.Root>
  );
};
