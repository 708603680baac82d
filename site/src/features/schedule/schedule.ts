/**
 * A workshop day from lessons and a start time: pure arithmetic (no React, no dates, no time zones).
 * Times are minutes since midnight of the first day; a session may run past midnight (`day` 1).
 */
export const BREAK_MINUTES = 15;
/** A break comes once this many minutes of lessons have run since the last one (never after the last lesson). */
export const BREAK_AFTER_MINUTES = 90;

export interface ScheduleLesson {
  id: string;
  title: string;
  minutes: number;
}

export type Session = { kind: 'lesson'; lesson: ScheduleLesson; start: number; end: number } | { kind: 'break'; start: number; end: number };

export interface Schedule {
  sessions: Session[];
  start: number;
  end: number;
  lessonMinutes: number;
  breakMinutes: number;
  totalMinutes: number;
}

/** "09:00" → 540; null for anything that is not HH:MM within a day. */
export function parseTime(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

/** 780 → "13:00"; past midnight "00:15 (+1 day)". */
export function formatTime(minutes: number): string {
  const day = Math.floor(minutes / 1440);
  const m = ((minutes % 1440) + 1440) % 1440;
  const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return day > 0 ? `${hhmm} (+${day} day${day > 1 ? 's' : ''})` : hhmm;
}

/** 135 → "2 h 15 min". */
export function formatDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export function buildSchedule(lessons: readonly ScheduleLesson[], start: number): Schedule {
  const sessions: Session[] = [];
  let t = start;
  let sinceBreak = 0;
  let lessonMinutes = 0;
  let breakMinutes = 0;
  lessons.forEach((lesson, i) => {
    sessions.push({ kind: 'lesson', lesson, start: t, end: t + lesson.minutes });
    t += lesson.minutes;
    lessonMinutes += lesson.minutes;
    sinceBreak += lesson.minutes;
    if (sinceBreak >= BREAK_AFTER_MINUTES && i < lessons.length - 1) {
      sessions.push({ kind: 'break', start: t, end: t + BREAK_MINUTES });
      t += BREAK_MINUTES;
      breakMinutes += BREAK_MINUTES;
      sinceBreak = 0;
    }
  });
  return { sessions, start, end: t, lessonMinutes, breakMinutes, totalMinutes: t - start };
}

/** The schedule as a Markdown table with its totals (Export as Markdown). */
export function scheduleMarkdown(s: Schedule, title = 'Workshop schedule'): string {
  const rows = s.sessions.map((x) =>
    x.kind === 'lesson'
      ? `| ${formatTime(x.start)} | ${formatTime(x.end)} | ${x.lesson.title.replace(/\|/g, '\\|')} | ${x.lesson.minutes} min |`
      : `| ${formatTime(x.start)} | ${formatTime(x.end)} | *Break* | ${BREAK_MINUTES} min |`,
  );
  return [
    `# ${title}`,
    '',
    '| Start | End | Session | Length |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `Total: ${formatDuration(s.totalMinutes)} (${formatDuration(s.lessonMinutes)} of lessons, ${formatDuration(s.breakMinutes)} of breaks), ${formatTime(s.start)}–${formatTime(s.end)}.`,
    '',
  ].join('\n');
}
