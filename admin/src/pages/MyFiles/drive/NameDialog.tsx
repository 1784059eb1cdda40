import { Button, Field, Modal, TextInput } from '@strapi/design-system';
import { useEffect, useState, type FormEvent } from 'react';
import { useT } from '../../../hooks/useT';
import { ModalActions } from '../../../components/ModalActions';

interface NameDialogProps {
  open: boolean;
  title: string;
  submitLabel: string;
  initialName: string;
  onClose(): void;
  /** Resolves when done; a rejection keeps the dialog open (the error is already reported). */
  onSubmit(name: string): Promise<void>;
}

/** Asks for a name: a new folder's or a file's new name. The server checks SharePoint's rules. */
export const NameDialog = ({
  open,
  title,
  submitLabel,
  initialName,
  onClose,
  onSubmit,
}: NameDialogProps) => {
  const t = useT();
  const [name, setName] = useState(initialName);
  const [isSubmitting, setIsSubmitting] = useState(false);

  useEffect(() => {
    if (open) setName(initialName);
  }, [open, initialName]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setIsSubmitting(true);
    try {
      await onSubmit(name);
      onClose();
    } catch {
      // Reported by the caller; the user may correct the name.
    } finally {
      setIsSubmitting(false);
    }
  };

  return (
    <Modal.Root open={open} onOpenChange={(isOpen: boolean) => !isOpen && onClose()}>
      <Modal.Content>
        <form onSubmit={(event) => void submit(event)}>
          <Modal.Header>
            <Modal.Title>{title}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Field.Root
              name="name"
              required
              hint={t(
                'names.hint',
                'SharePoint does not accept " * : < > ? / \\ | or names ending with a dot or a space.'
              )}
            >
              <Field.Label>{t('names.label', 'Name')}</Field.Label>
              <TextInput
                autoFocus
                value={name}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  setName(event.target.value)
                }
              />
              <Field.Hint />
            </Field.Root>
          </Modal.Body>
          <ModalActions>
            <Button type="submit" loading={isSubmitting} disabled={!name.trim()}>
              {submitLabel}
            </Button>
          </ModalActions>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
