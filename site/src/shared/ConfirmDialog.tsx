import { useEffect, useRef } from 'react';

/** A modal question with a confirm and a cancel button (native <dialog>: focus trap and Esc for free). */
export function ConfirmDialog(props: { open: boolean; title: string; body: string; confirm: string; onConfirm(): void; onCancel(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) d.showModal();
    if (!props.open && d.open) d.close();
  }, [props.open]);
  return (
    <dialog ref={ref} className="confirm-dialog" aria-labelledby="confirm-title" onCancel={props.onCancel}>
      <h2 id="confirm-title">{props.title}</h2>
      <p>{props.body}</p>
      <div className="dialog-buttons">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="primary danger" onClick={props.onConfirm}>
          {props.confirm}
        </button>
      </div>
    </dialog>
  );
}
