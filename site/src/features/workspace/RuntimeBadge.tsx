import { useEffect } from 'react';
import { runtimeController } from '../../app/runtime.ts';
import { useStore } from '../../shared/use-store.ts';
import { RUNTIME_LABELS } from '../../runtime/types.ts';
import { InlineCode, plainText } from '../../shared/InlineCode.tsx';

/** Says where projects run, and how far booting or installing has got. */
export function RuntimeBadge() {
  const { kind, status, notice } = useStore(runtimeController.selection);
  // The badge is on every page, so the choice (and a WebContainer boot) starts as the site opens.
  useEffect(() => {
    void runtimeController.start();
  }, []);
  const label = kind ? RUNTIME_LABELS[kind] : 'Runtime';
  const detail = status.state === 'idle' ? '' : status.message;
  const details = status.state === 'ready' ? status.details : undefined;
  return (
    <div className={`runtime-badge runtime-${status.state}`} data-testid="runtime-badge" title={plainText(notice ?? details ?? detail)}>
      <span className="runtime-dot" aria-hidden="true" />
      <span className="runtime-label">{label}</span>
      {detail && <span className="runtime-detail">{plainText(detail)}</span>}
    </div>
  );
}

/** The long form of a runtime problem, shown above the workspace: cause and what to do. */
export function RuntimeNotice() {
  const { status, notice } = useStore(runtimeController.selection);
  if (status.state === 'failed') {
    return (
      <div className="runtime-notice runtime-notice-error" role="alert" aria-label="Runtime problem">
        <strong>
          <InlineCode text={status.message} />
        </strong>{' '}
        <InlineCode text={status.cause} />{' '}
        <span className="remedy">
          <InlineCode text={status.remedy} />
        </span>
      </div>
    );
  }
  if (notice) {
    return (
      <div className="runtime-notice" role="note" aria-label="Runtime notice">
        <InlineCode text={notice} />
      </div>
    );
  }
  return null;
}
