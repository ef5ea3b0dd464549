/** @jsxImportSource preact */
/**
 * Photos for a report, with JavaScript only: each chosen file is shrunk to a JPEG in the
 * browser, previewed, and uploaded at once; a hidden input "photos" carries each upload's key.
 * Files are prepared one at a time (several 12-megapixel decodes at once can exhaust a phone's
 * memory) while earlier ones upload.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { MAX_PHOTOS, MAX_PHOTO_BYTES } from '../../../core/cases/forms.ts';
import { ACCEPT, DecodeError, looksLikeImage, toJpeg, uploadPhoto } from './photos.ts';
import { errorMessage, say } from '../../../core/i18n/form-messages.ts';
import { describedBy } from './Fields.tsx';
import type { FormError } from './types.ts';

type Strings = Record<string, string>;

export interface Photo {
  id: number;
  status: 'preparing' | 'uploading' | 'done' | 'failed';
  progress: number;
  url?: string;
  blob?: Blob;
  key?: string;
}

export interface PhotosState {
  list: Photo[];
  notices: string[];
  announcement: string;
  add: (files: File[]) => void;
  remove: (id: number) => void;
  retry: (id: number) => void;
  /** Waits for every photo being prepared or uploaded; returns the list then. */
  settled: () => Promise<Photo[]>;
  /** The keys of uploaded photos, in order. */
  keys: () => string[];
}

export function usePhotos({ strings, municipality, locale, initialKeys }: { strings: Strings; municipality: string; locale: string; initialKeys: string[] }): PhotosState {
  const listRef = useRef<Photo[]>([]);
  const seq = useRef(0);
  if (seq.current === 0 && initialKeys.length) {
    // Photos already uploaded before the server showed the form again: keys without previews.
    listRef.current = initialKeys.map((key) => ({ id: ++seq.current, status: 'done', progress: 1, key }));
  }
  const [, render] = useReducer((n: number, _action: void) => n + 1, 0);
  const [notices, setNotices] = useState<string[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const inflight = useRef(new Set<Promise<unknown>>());
  const prepQueue = useRef<Promise<unknown>>(Promise.resolve());

  const numberOf = (id: number) => listRef.current.findIndex((p) => p.id === id) + 1;
  const commit = (next: Photo[]) => {
    listRef.current = next;
    render();
  };
  const patch = (id: number, change: Partial<Photo>) => commit(listRef.current.map((p) => (p.id === id ? { ...p, ...change } : p)));
  const track = (p: Promise<unknown>) => {
    inflight.current.add(p);
    void p.finally(() => inflight.current.delete(p));
  };

  const upload = useCallback((id: number) => {
    const photo = listRef.current.find((p) => p.id === id);
    if (!photo?.blob) return;
    patch(id, { status: 'uploading', progress: 0 });
    setAnnouncement(say(strings, 'form.photos.uploading', { n: numberOf(id) }));
    const job = uploadPhoto(photo.blob, { municipality, locale }, (progress) => patch(id, { progress }))
      .then((key) => {
        if (!listRef.current.some((p) => p.id === id)) return; // removed meanwhile
        patch(id, { status: 'done', progress: 1, key });
        setAnnouncement(say(strings, 'form.photos.uploaded', { n: numberOf(id) }));
      })
      .catch(() => {
        if (!listRef.current.some((p) => p.id === id)) return;
        patch(id, { status: 'failed' });
        setAnnouncement(say(strings, 'form.photos.failed', { n: numberOf(id) }));
      });
    track(job);
  }, [strings, municipality, locale]);

  const add = useCallback((files: File[]) => {
    const problems: string[] = [];
    const room = MAX_PHOTOS - listRef.current.length;
    if (files.length > room) problems.push(errorMessage(strings, 'photos', 'tooManyPhotos'));
    for (const file of files.slice(0, Math.max(0, room))) {
      if (!looksLikeImage(file)) {
        problems.push(say(strings, 'form.photos.fileProblem', { file: file.name, message: say(strings, 'form.error.photoType') }));
        continue;
      }
      const id = ++seq.current;
      commit([...listRef.current, { id, status: 'preparing', progress: 0 }]);
      const job = prepQueue.current.then(async () => {
        if (!listRef.current.some((p) => p.id === id)) return;
        try {
          const blob = await toJpeg(file);
          if (blob.size > MAX_PHOTO_BYTES) throw new RangeError('too big');
          patch(id, { blob, url: URL.createObjectURL(blob) });
          upload(id);
        } catch (err) {
          commit(listRef.current.filter((p) => p.id !== id));
          const key = err instanceof RangeError ? 'form.error.photoTooBig' : err instanceof DecodeError && err.heic ? 'form.error.photoHeic' : 'form.error.photoType';
          const message = say(strings, 'form.photos.fileProblem', { file: file.name, message: say(strings, key, { format: 'HEIC' }) });
          setNotices((n) => [...n, message]);
          setAnnouncement(message);
        }
      });
      prepQueue.current = job;
      track(job);
    }
    setNotices(problems);
    if (problems.length) setAnnouncement(problems.join(' '));
  }, [strings, upload]);

  const remove = useCallback((id: number) => {
    const photo = listRef.current.find((p) => p.id === id);
    if (photo?.url) URL.revokeObjectURL(photo.url);
    commit(listRef.current.filter((p) => p.id !== id));
    setNotices([]);
    setAnnouncement(say(strings, 'form.photos.removed'));
  }, [strings]);

  const settled = useCallback(async () => {
    // New jobs may start while waiting (a retry); loop until none is left.
    while (inflight.current.size) await Promise.allSettled([...inflight.current]);
    return listRef.current;
  }, []);

  useEffect(() => () => {
    for (const p of listRef.current) if (p.url) URL.revokeObjectURL(p.url);
  }, []);

  return {
    list: listRef.current,
    notices,
    announcement,
    add,
    remove,
    retry: upload,
    settled,
    keys: () => listRef.current.flatMap((p) => (p.status === 'done' && p.key ? [p.key] : [])),
  };
}

function statusText(strings: Strings, photo: Photo, n: number): string {
  const key = { preparing: 'form.photos.preparing', uploading: 'form.photos.uploading', done: 'form.photos.uploaded', failed: 'form.photos.failed' }[photo.status];
  return say(strings, key, { n });
}

/** The photos fieldset: file input, previews with remove buttons, and the hidden keys. */
export function PhotoPicker({ strings, photos, error }: { strings: Strings; photos: PhotosState; error: FormError | undefined }) {
  const full = photos.list.length >= MAX_PHOTOS;
  const onChange = (e: JSX.TargetedEvent<HTMLInputElement>) => {
    const files = Array.from(e.currentTarget.files ?? []);
    e.currentTarget.value = ''; // choosing the same file again fires change again
    if (files.length) photos.add(files);
  };
  return (
    <>
      <div className="form-group photo-picker">
        <label className="form-label" htmlFor="photos">{say(strings, 'form.photos.choose')}</label>
        {full && <p className="form-hint" id="photos-full">{say(strings, 'form.photos.full')}</p>}
        <input
          className="form-file"
          id="photos"
          type="file"
          accept={ACCEPT}
          multiple
          onChange={onChange}
          aria-describedby={describedBy('photos-hint', full && 'photos-full', error && 'photos-error', photos.notices.length > 0 && 'photos-notices')}
          aria-invalid={error ? true : undefined}
        />
        <div id="photos-notices" className="photo-notices">
          {photos.notices.map((n, i) => <p className="field-error" key={i}>{n}</p>)}
        </div>
      </div>
      {photos.list.length > 0 && (
        <ul className="photo-list">
          {photos.list.map((photo, i) => {
            const n = i + 1;
            return (
              <li className={`photo photo--${photo.status}`} key={photo.id}>
                {photo.url ? <img className="photo__img" src={photo.url} alt={say(strings, 'form.photos.alt', { n })} /> : <span className="photo__img photo__img--empty" />}
                <div className="photo__body">
                  <p className="photo__status">{statusText(strings, photo, n)}</p>
                  {photo.status === 'uploading' && <progress className="photo__progress" max={1} value={photo.progress} aria-label={statusText(strings, photo, n)} />}
                  <div className="photo__actions">
                    {photo.status === 'failed' && <button type="button" className="button button--secondary button--small" onClick={() => photos.retry(photo.id)}>{say(strings, 'form.photos.retry', { n })}</button>}
                    <button type="button" className="button button--secondary button--small" onClick={() => photos.remove(photo.id)}>{say(strings, 'form.photos.remove', { n })}</button>
                  </div>
                </div>
                {photo.status === 'done' && photo.key && <input type="hidden" name="photos" value={photo.key} />}
              </li>
            );
          })}
        </ul>
      )}
      <p className="visually-hidden" aria-live="polite">{photos.announcement}</p>
    </>
  );
}
