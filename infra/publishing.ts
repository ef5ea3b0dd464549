/**
 * Publishing from CI: the role the publish workflow (.github/workflows/publish.yml) assumes
 * through GitHub's OIDC, with nothing more than a site build and upload need:
 * - dynamodb:Query on the table, only on partitions whose key begins with `PUBLIC#` (the public
 *   projection; never a case, a contact or a token), checked with dynamodb:LeadingKeys;
 * - list, put and delete objects in the sites bucket;
 * - invalidate the four distributions.
 * It trusts only this repository's workflow jobs running in the GitHub environment named like
 * the stage (`production`, `staging`), so a pull request or another branch cannot assume it.
 *
 * GitHub's OIDC provider exists once per AWS account: create it before the first deploy
 * (docs/deploy.md); it is looked up here, not created, so stages can share it.
 */
import { table } from './table.ts';
import { siteBucket, distributions } from './sites.ts';
import { publishing, stage } from './settings.ts';

const GITHUB_OIDC = 'token.actions.githubusercontent.com';
const provider = aws.iam.getOpenIdConnectProviderOutput({ url: `https://${GITHUB_OIDC}` });

const [owner, repo] = publishing.repository.split('/');
/**
 * The job's subject claim: `repo:owner/repo:environment:<stage>`, or with numeric ids
 * (`repo:owner@123/repo@456:…`) for repositories on GitHub's immutable subject claims. Names
 * cannot contain "@", so the second form cannot match another repository.
 */
const subjects = [`repo:${owner}/${repo}:environment:${stage}`, `repo:${owner}@*/${repo}@*:environment:${stage}`];

export const publishRole = new aws.iam.Role('PublishRole', {
  description: `GitHub Actions publish workflow (${publishing.repository}, environment ${stage})`,
  maxSessionDuration: 3600,
  assumeRolePolicy: aws.iam.getPolicyDocumentOutput({
    statements: [
      {
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: [{ type: 'Federated', identifiers: [provider.arn] }],
        conditions: [
          { test: 'StringEquals', variable: `${GITHUB_OIDC}:aud`, values: ['sts.amazonaws.com'] },
          { test: 'StringLike', variable: `${GITHUB_OIDC}:sub`, values: subjects },
        ],
      },
    ],
  }).json,
});

new aws.iam.RolePolicy('PublishPolicy', {
  role: publishRole.id,
  policy: aws.iam.getPolicyDocumentOutput({
    statements: [
      {
        sid: 'ReadThePublicProjectionOnly',
        actions: ['dynamodb:Query'],
        // The table itself, not its index: gsi1 holds the private case items.
        resources: [table.arn],
        conditions: [{ test: 'ForAllValues:StringLike', variable: 'dynamodb:LeadingKeys', values: ['PUBLIC#*'] }],
      },
      { sid: 'ListTheSites', actions: ['s3:ListBucket'], resources: [siteBucket.arn] },
      { sid: 'WriteTheSites', actions: ['s3:PutObject', 's3:DeleteObject'], resources: [$interpolate`${siteBucket.arn}/*`] },
      { sid: 'RefreshTheCdn', actions: ['cloudfront:CreateInvalidation'], resources: distributions.map((d) => d.cdn.nodes.distribution.arn) },
    ],
  }).json,
});

/**
 * What the workflow needs to know about this stage, printed by `sst deploy` and set as the
 * variables of the GitHub environment of the same name (docs/deploy.md).
 */
export const githubEnvironment = {
  AWS_ROLE_ARN: publishRole.arn,
  AWS_REGION: aws.getRegionOutput({}).name,
  TABLE_NAME: table.name,
  SITE_BUCKET: siteBucket.name,
  DISTRIBUTIONS: $jsonStringify(Object.fromEntries(distributions.map((d) => [d.id, d.cdn.nodes.distribution.id]))),
  SITE_HOSTS: JSON.stringify(Object.fromEntries(distributions.map((d) => [d.id, d.host]))),
};
