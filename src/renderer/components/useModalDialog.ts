import { useEffect, useRef, type SyntheticEvent } from 'react';

/**
 * The props of a native <dialog> shown modal while it is mounted (focus trap and backdrop from the
 * platform): Esc closes it through `onClose`, except while `busy`.
 */
export function useModalDialog(onClose: () => void, busy = false) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return {
    ref,
    onCancel(event: SyntheticEvent<HTMLDialogElement>) {
      event.preventDefault();
      if (!busy) onClose();
    },
  };
}
