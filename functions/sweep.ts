/**
 * Entry of the sweep function, run on a schedule (EventBridge Scheduler, infra/functions.ts):
 * reminders and escalations for overdue cases, and a build of the sites whose deadline states
 * changed. It holds the table, the mailer and the publisher.
 */
import { loadConfig } from './config.ts';
import { DynamoCaseStore } from './adapters/dynamo.ts';
import { ResendMailer } from './adapters/mail.ts';
import { GitHubDispatchPublisher } from './adapters/github-dispatch.ts';
import { createSweepHandler } from './handlers/sweep.ts';

const config = loadConfig();

export const handler = createSweepHandler({
  config,
  store: new DynamoCaseStore(config),
  mailer: new ResendMailer(config),
  publisher: new GitHubDispatchPublisher(config.dispatch),
  now: () => new Date(),
  log: (line) => console.log(line),
});
