/// <reference path="./.sst/platform/config.d.ts" />
// Placeholder until the infrastructure issue: the app is declared so `sst` recognises the
// project, and run() deploys nothing yet. Each concern will live in its own infra/*.ts module.
export default $config({
  app(input) {
    return {
      name: 'e-opstine',
      home: 'aws',
      removal: input?.stage === 'production' ? 'retain' : 'remove',
      protect: input?.stage === 'production',
    };
  },
  async run() {
    return {};
  },
});
