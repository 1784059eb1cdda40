import { Button, Field, Modal, TextInput } from '@strapi/design-system';
import { useEffect, useState, type FormEvent } from 'react';
import { useNameRules, type NameTarget } from '../../../hooks/useNameRules';
import { useT } from '../../../hooks/useT';
import { ModalActions } from '../../../components/ModalActions';

interface NameDialogProps {
  open: boolean;
  title: string;
  submitLabel: string;
  initialName: string;
  /** Where the name goes: the rules depend on the drive, the folder and the kind of item. */
  target: NameTarget;
  onClose(): void;
  /** Resolves when done; a rejection keeps the dialog open (the error is already reported). */
  onSubmit(name: string): Promise<void>;
}

/**
 * Asks for a name: a new folder's, a file's new name, an upload's. The name is checked as the
 * user types with the server's rules, so a name the server would refuse cannot be sent.
 */
export const NameDialog = ({
  open,
  title,
  submitLabel,
  initialName,
  target,
  onClose,
  onSubmit,
}: NameDialogProps) => {
  const t = useT();
  const rules = useNameRules();
  const [name, setName] = useState(initialName);
  const [isSubmitting, setIsSubmitting] = useState(false);
  const problem = rules.problemOf(name, target);

  useEffect(() => {
    if (open) setName(initialName);
  }, [open, initialName]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (problem) return;
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
                'Not allowed in names: {characters}. A name cannot start or end with a space.',
                { characters: rules.refusedCharacters.join(' ') }
              )}
              // An empty field is not yet a mistake: the button waits for a name.
              error={name ? (problem ?? undefined) : undefined}
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
              <Field.Error />
            </Field.Root>
          </Modal.Body>
          <ModalActions>
            <Button type="submit" loading={isSubmitting} disabled={problem !== null}>
              {submitLabel}
            </Button>
          </ModalActions>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
