import { loadConfig, type Config } from './config.ts';
import { CaseStore } from './adapters/dynamo.ts';
import { PhotoStorage } from './adapters/storage.ts';
import { Mailer } from './adapters/mail.ts';
import { createApp } from './web/app.ts';
import { createStreamHandler } from './stream.ts';
import { noPublisher, type Publisher } from './domain/publish.ts';

/**
 * Builds the adapters once (module scope in Lambda, once per process locally) and the two entry
 * points over them: the HTTP app and the stream handler.
 */
export function createPlatform(config: Config = loadConfig(), opts: { log?: (line: string) => void; now?: () => Date; publisher?: Publisher } = {}) {
  const now = opts.now ?? (() => new Date());
  const ports = { config, store: new CaseStore(config), storage: new PhotoStorage(config), now };
  const mailer = new Mailer(config);
  const log = opts.log ?? ((line: string) => console.log(line));
  const publisher = opts.publisher ?? noPublisher;
  return {
    config,
    ports,
    mailer,
    publisher,
    app: createApp(ports, { log }),
    streamHandler: createStreamHandler({ ...ports, mailer, log, publisher }),
  };
}

export { loadConfig };
