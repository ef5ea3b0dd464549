/**
 * Entry of the stream function, subscribed to the table's stream (infra/functions.ts): every
 * email, the public projection, and the site builds (GitHub's workflow_dispatch). It holds the
 * table, the mailer and the publisher; photos are another function's (photos.ts). A thrown
 * error makes Lambda retry the batch.
 */
import { loadConfig } from './config.ts';
import { DynamoCaseStore } from './adapters/dynamo.ts';
import { MediaUrls } from './adapters/media.ts';
import { ResendMailer } from './adapters/mail.ts';
import { GitHubDispatchPublisher } from './adapters/github-dispatch.ts';
import { createStreamHandler } from './handlers/stream.ts';

const config = loadConfig();

export const handler = createStreamHandler({
  config,
  store: new DynamoCaseStore(config),
  storage: new MediaUrls(config.mediaBaseUrl),
  mailer: new ResendMailer(config),
  publisher: new GitHubDispatchPublisher(config.dispatch),
  now: () => new Date(),
  log: (line) => console.log(line),
});
