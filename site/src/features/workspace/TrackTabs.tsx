import { useRef } from 'react';

export type Track = 'typescript' | 'rust';

const TRACKS: { id: Track; label: string }[] = [
  { id: 'typescript', label: 'TypeScript' },
  { id: 'rust', label: 'Rust' },
];

/** The lesson's two exercises: the TypeScript project and the Rust crate (a `tablist` named "Track"). */
export function TrackTabs({ track, onTrack }: { track: Track; onTrack(track: Track): void }) {
  const refs = useRef<Partial<Record<Track, HTMLButtonElement | null>>>({});
  const move = (delta: number) => {
    const i = TRACKS.findIndex((t) => t.id === track);
    const next = TRACKS[(i + delta + TRACKS.length) % TRACKS.length]!.id;
    onTrack(next);
    refs.current[next]?.focus();
  };
  return (
    <div className="track-tabs" role="tablist" aria-label="Track">
      {TRACKS.map((t) => (
        <button
          key={t.id}
          ref={(el) => {
            refs.current[t.id] = el;
          }}
          id={`track-tab-${t.id}`}
          type="button"
          role="tab"
          aria-selected={t.id === track}
          aria-controls={`track-panel-${t.id}`}
          tabIndex={t.id === track ? 0 : -1}
          className={t.id === track ? 'track-tab active' : 'track-tab'}
          onClick={() => onTrack(t.id)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowRight') move(1);
            else if (e.key === 'ArrowLeft') move(-1);
            else return;
            e.preventDefault();
          }}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

const TRACK_KEY = 'workbook.track';

/**
 * The track last picked, for every lesson page (a learner doing the Rust exercises stays on them);
 * `?track=rust` or `?track=typescript` in the address picks one (links, tests).
 */
export function rememberedTrack(): Track {
  try {
    const asked = new URLSearchParams(location.search).get('track');
    if (asked === 'rust' || asked === 'typescript') return asked;
    return localStorage.getItem(TRACK_KEY) === 'rust' ? 'rust' : 'typescript';
  } catch {
    return 'typescript';
  }
}

export function rememberTrack(track: Track) {
  try {
    localStorage.setItem(TRACK_KEY, track);
  } catch {
    // kept for this page only
  }
}
