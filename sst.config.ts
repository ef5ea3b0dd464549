/// <reference path="./.sst/platform/config.d.ts" />
// The platform on AWS. Each concern is a module in infra/ (see infra/README.md); they are
// imported inside run(), where SST's globals ($app, sst, aws) exist. docs/deploy.md has the
// steps; `npm run check:infra` type-checks all of it offline, without an AWS account.
export default $config({
  app(input) {
    return {
      name: 'e-opstine',
      home: 'aws',
      removal: input?.stage === 'production' ? 'retain' : 'remove',
      protect: input?.stage === 'production',
      // Pinned: `sst install` fetches exactly these provider packages.
      providers: {
        aws: { version: '7.20.0', region: 'eu-central-1' },
        random: '4.16.6',
      },
    };
  },
  async run() {
    const settings = await import('./infra/settings.ts');
    const { table } = await import('./infra/table.ts');
    const { uploads } = await import('./infra/uploads.ts');
    await import('./infra/secrets.ts');
    const { api, reads } = await import('./infra/functions.ts');
    const { distributions } = await import('./infra/sites.ts');
    const { githubEnvironment } = await import('./infra/publishing.ts');
    return {
      stage: settings.stage,
      table: table.name,
      uploads: uploads.name,
      api: api.url,
      reads: reads.url,
      sites: Object.fromEntries(distributions.map((d) => [d.id, d.cdn.domainUrl])),
      // Copy these into the GitHub environment named like the stage (docs/deploy.md).
      ...githubEnvironment,
    };
  },
});
