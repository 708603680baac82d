import { describe, expect, it } from 'vitest';
import { buildSchedule, formatDuration, formatTime, parseTime, scheduleMarkdown, type ScheduleLesson } from './schedule.ts';

const l = (id: string, minutes: number): ScheduleLesson => ({ id, title: `Lesson ${id}`, minutes });

describe('workshop schedule', () => {
  it('puts a 15-minute break once 90 minutes of lessons have passed, never at the end', () => {
    const s = buildSchedule([l('a', 45), l('b', 45), l('c', 60), l('d', 30), l('e', 20)], parseTime('09:00')!);
    expect(s.sessions.map((x) => (x.kind === 'break' ? `break ${formatTime(x.start)}` : `${x.lesson.id} ${formatTime(x.start)}-${formatTime(x.end)}`))).toEqual([
      'a 09:00-09:45',
      'b 09:45-10:30',
      'break 10:30',
      'c 10:45-11:45',
      'd 11:45-12:15',
      'break 12:15',
      'e 12:30-12:50',
    ]);
    expect(s.lessonMinutes).toBe(200);
    expect(s.breakMinutes).toBe(30);
    expect(s.totalMinutes).toBe(230);
    expect(formatTime(s.end)).toBe('12:50');
  });

  it('does not split a lesson: a long one runs past 90 minutes and the break follows it', () => {
    const s = buildSchedule([l('a', 60), l('b', 60), l('c', 30)], 600);
    expect(s.sessions.map((x) => x.kind)).toEqual(['lesson', 'lesson', 'break', 'lesson']);
    expect(formatTime(s.sessions[3]!.start)).toBe('12:15');
  });

  it('crosses noon and midnight', () => {
    const s = buildSchedule([l('a', 30), l('b', 45)], parseTime('11:45')!);
    expect(s.sessions.map((x) => formatTime(x.end))).toEqual(['12:15', '13:00']);
    expect(formatTime(buildSchedule([l('a', 30)], parseTime('23:50')!).end)).toBe('00:20 (+1 day)');
  });

  it('an empty selection is an empty schedule', () => {
    expect(buildSchedule([], 540)).toEqual({ sessions: [], start: 540, end: 540, lessonMinutes: 0, breakMinutes: 0, totalMinutes: 0 });
  });

  it('parses and formats', () => {
    expect(parseTime('9:05')).toBe(545);
    expect(parseTime('24:00')).toBeNull();
    expect(parseTime('noon')).toBeNull();
    expect(formatDuration(135)).toBe('2 h 15 min');
    expect(formatDuration(120)).toBe('2 h');
    expect(formatDuration(5)).toBe('5 min');
  });

  it('exports Markdown with a total', () => {
    const md = scheduleMarkdown(buildSchedule([l('a', 90), l('b', 30)], 540));
    expect(md).toContain('| 09:00 | 10:30 | Lesson a | 90 min |');
    expect(md).toContain('| 10:30 | 10:45 | *Break* | 15 min |');
    expect(md).toContain('Total: 2 h 15 min (2 h of lessons, 15 min of breaks), 09:00–11:15.');
  });
});
