/**
 * Entry of the photo function, subscribed to the table's stream for case items
 * (infra/functions.ts): checks and re-encodes uploaded photos with sharp. It holds the table,
 * the bucket and sharp only: no mailer, no publisher and no secret, since it decodes files
 * strangers sent. A thrown error makes Lambda retry the batch.
 */
import { loadConfig } from './config.ts';
import { DynamoCaseStore } from './adapters/dynamo.ts';
import { S3PhotoStorage } from './adapters/storage.ts';
import { SharpImages } from './adapters/images.ts';
import { createPhotoHandler } from './handlers/photos.ts';

const config = loadConfig();

export const handler = createPhotoHandler({ store: new DynamoCaseStore(config), storage: new S3PhotoStorage(config), images: new SharpImages() });
