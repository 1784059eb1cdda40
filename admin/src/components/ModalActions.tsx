import { Button, Modal } from '@strapi/design-system';
import type { ReactNode } from 'react';
import { useT } from '../hooks/useT';

/** A modal's footer as Strapi lays it out: Cancel on the left, the modal's own action(s) right. */
export const ModalActions = ({ children }: { children: ReactNode }) => {
  const t = useT();
  return (
    <Modal.Footer>
      <Modal.Close>
        <Button variant="tertiary">{t('common.cancel', 'Cancel')}</Button>
      </Modal.Close>
      {children}
    </Modal.Footer>
  );
};

/** The footer of a modal that only shows something: a single Close. */
export const ModalCloseFooter = () => {
  const t = useT();
  return (
    <Modal.Footer>
      <Modal.Close>
        <Button variant="tertiary">{t('common.close', 'Close')}</Button>
      </Modal.Close>
    </Modal.Footer>
  );
};
