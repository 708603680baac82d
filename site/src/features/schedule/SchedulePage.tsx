import { useEffect, useMemo, useState } from 'react';
import { lessonSummaries } from 'virtual:lessons';
import { downloadBlob } from '../../shared/download.ts';
import { buildSchedule, formatDuration, formatTime, parseTime, scheduleMarkdown } from './schedule.ts';

/** /schedule: a workshop day from the chosen lessons and a start time; printable and exportable. */
export default function SchedulePage() {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(lessonSummaries.map((l) => l.id)));
  const [startText, setStartText] = useState('09:00');
  const start = parseTime(startText) ?? 540;
  const schedule = useMemo(
    () => buildSchedule(lessonSummaries.filter((l) => chosen.has(l.id)).map((l) => ({ id: l.id, title: `${String(l.order).padStart(2, '0')} ${l.title}`, minutes: l.minutes })), start),
    [chosen, start],
  );

  useEffect(() => {
    document.title = 'Workshop schedule · Rust Backend Workbook';
  }, []);

  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };
  const total = `${formatDuration(schedule.totalMinutes)} (${formatDuration(schedule.lessonMinutes)} of lessons, ${formatDuration(schedule.breakMinutes)} of breaks)`;

  return (
    <main className="wx-schedule">
      <h1>Workshop schedule</h1>
      <div className="wx-schedule-controls">
        <fieldset>
          <legend>Lessons</legend>
          <div className="wx-schedule-bulk">
            <button type="button" onClick={() => setChosen(new Set(lessonSummaries.map((l) => l.id)))}>
              Select all
            </button>
            <button type="button" onClick={() => setChosen(new Set())}>
              Select none
            </button>
          </div>
          <ul>
            {lessonSummaries.map((l) => (
              <li key={l.id}>
                <label>
                  <input type="checkbox" checked={chosen.has(l.id)} onChange={(e) => toggle(l.id, e.target.checked)} /> {String(l.order).padStart(2, '0')} {l.title}{' '}
                  <span className="muted">({l.minutes} min)</span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <div className="wx-schedule-side">
          <label>
            Start time <input type="time" value={startText} onChange={(e) => setStartText(e.target.value)} required />
          </label>
          <button type="button" onClick={() => window.print()}>
            Print
          </button>
          <button type="button" onClick={() => downloadBlob('workshop-schedule.md', new Blob([scheduleMarkdown(schedule)], { type: 'text/markdown' }))}>
            Export as Markdown
          </button>
        </div>
      </div>
      {schedule.sessions.length === 0 ? (
        <p role="status">No lessons chosen: pick at least one to get a schedule.</p>
      ) : (
        <table className="wx-table wx-schedule-table">
          <caption>
            Sessions from {formatTime(schedule.start)} to {formatTime(schedule.end)}; a {15}-minute break after every 90 minutes of lessons.
          </caption>
          <thead>
            <tr>
              <th scope="col">Start</th>
              <th scope="col">End</th>
              <th scope="col">Session</th>
              <th scope="col">Length</th>
            </tr>
          </thead>
          <tbody>
            {schedule.sessions.map((s) =>
              s.kind === 'lesson' ? (
                <tr key={s.lesson.id}>
                  <td>{formatTime(s.start)}</td>
                  <td>{formatTime(s.end)}</td>
                  <th scope="row">{s.lesson.title}</th>
                  <td>{formatDuration(s.lesson.minutes)}</td>
                </tr>
              ) : (
                <tr key={`break-${s.start}`} className="wx-break">
                  <td>{formatTime(s.start)}</td>
                  <td>{formatTime(s.end)}</td>
                  <th scope="row">Break</th>
                  <td>{formatDuration(s.end - s.start)}</td>
                </tr>
              ),
            )}
          </tbody>
          <tfoot>
            <tr>
              <td>{formatTime(schedule.start)}</td>
              <td>{formatTime(schedule.end)}</td>
              <th scope="row">Total</th>
              <td data-testid="schedule-total">{total}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </main>
  );
}
