import { formatCounts } from '../../../../contracts/test-counts.ts';
import type { CheckState } from '../../session/lesson-session.ts';
import type { LessonProgress } from '../../session/persistence.ts';
import { InlineCode } from '../../shared/InlineCode.tsx';

/**
 * "N passed, N failed" and what failed, in words the tests chose for the learner. Before a check in
 * this visit it says what the lesson's mark says, so the box and the sidebar never disagree.
 */
export function CheckResult({ check, progress }: { check: CheckState; progress?: LessonProgress | undefined }) {
  let body: React.ReactNode =
    progress === 'completed'
      ? 'Passed earlier. Press Check to run the exercise\'s tests again on the code you see.'
      : progress === 'completed-with-solution'
        ? 'Passed earlier with the solution shown. Reset and solve it yourself to earn a plain pass.'
        : 'Not checked yet. Press Check to run the exercise\'s tests.';
  let tone = 'idle';
  if (check.state === 'running') body = 'Checking…';
  if (check.state === 'error') {
    tone = 'error';
    body = <p className="check-message"><InlineCode text={check.message} /></p>;
  }
  if (check.state === 'done') {
    const { report } = check;
    const allPassed = report.complete && report.failed === 0 && report.passed > 0;
    tone = allPassed ? 'pass' : 'fail';
    body = (
      <>
        <p className="check-summary">
          <strong>{formatCounts(report)}</strong>
          {allPassed ? (progress === 'completed-with-solution' ? ' — passed with the solution shown.' : ' — exercise complete. Well done!') : report.complete ? '' : ' (the test run did not finish)'}
        </p>
        {report.failures.length > 0 && (
          <ul className="check-failures">
            {report.failures.map((f, i) => (
              <li key={i}>
                <span className="failure-name">✖ {f.name}</span>
                {f.location && <span className="failure-location"> at {f.location}</span>}
                <pre className="failure-message">{f.message}</pre>
                {f.expected !== undefined && f.actual !== undefined && (
                  <dl className="failure-values">
                    <dt>expected</dt>
                    <dd>
                      <code>{f.expected}</code>
                    </dd>
                    <dt>actual</dt>
                    <dd>
                      <code>{f.actual}</code>
                    </dd>
                  </dl>
                )}
              </li>
            ))}
          </ul>
        )}
      </>
    );
  }
  const stale = (check.state === 'done' || check.state === 'error') && check.stale;
  return (
    <div className={`check-result check-${tone}${stale ? ' check-stale' : ''}`} role="status" aria-label="Check result">
      {stale && <p className="stale-note">Out of date: you changed the code after this result. Press Check to test what you have now.</p>}
      {body}
    </div>
  );
}
