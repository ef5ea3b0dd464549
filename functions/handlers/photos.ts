/**
 * The photo handler, on the same table stream as the stream handler: each case item that changed
 * gets its pending photos checked and re-encoded, and its published copies brought in line with
 * staff's choice. It holds the table, the bucket and the codec only: no mailer and no secret,
 * because it decodes files strangers uploaded.
 */
import type { CaseStore, StreamEvent } from '../domain/ports.ts';
import { updatePhotos, type PhotoPorts } from '../domain/photos.ts';

export interface PhotoHandlerPorts extends PhotoPorts {
  store: PhotoPorts['store'] & Pick<CaseStore, 'decodeChange'>;
}

/** A thrown error fails the batch, which is retried; a photo already processed is not processed again. */
export function createPhotoHandler(ports: PhotoHandlerPorts) {
  return async (event: StreamEvent): Promise<void> => {
    for (const record of event.Records) {
      const change = ports.store.decodeChange(record);
      if (change?.kind !== 'case' || change.op === 'remove') continue;
      await updatePhotos(ports, change.record, change.previous);
    }
  };
}
