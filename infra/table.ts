/**
 * The single DynamoDB table, made from the same description the local stack uses
 * (core/cases/table.ts): keys pk/sk, the gsi1 index, a NEW_AND_OLD_IMAGES stream and the
 * `ttl` expiry attribute. Production keeps point-in-time recovery and deletion protection.
 */
import { tableDefinition, TTL_ATTRIBUTE } from '../core/cases/table.ts';
import { isProduction, retention } from './settings.ts';

const types = { S: 'string', N: 'number', B: 'binary' } as const;
const key = (schema: readonly { AttributeName: string; KeyType: string }[], type: 'HASH' | 'RANGE') => schema.find((k) => k.KeyType === type)?.AttributeName;
const streamViews = { NEW_AND_OLD_IMAGES: 'new-and-old-images', NEW_IMAGE: 'new-image', OLD_IMAGE: 'old-image', KEYS_ONLY: 'keys-only' } as const;

export const table = new sst.aws.Dynamo('Table', {
  fields: Object.fromEntries(tableDefinition.AttributeDefinitions.map((a) => [a.AttributeName, types[a.AttributeType]])),
  primaryIndex: { hashKey: key(tableDefinition.KeySchema, 'HASH')!, rangeKey: key(tableDefinition.KeySchema, 'RANGE')! },
  globalIndexes: Object.fromEntries(
    tableDefinition.GlobalSecondaryIndexes.map((i) => [
      i.IndexName,
      { hashKey: key(i.KeySchema, 'HASH')!, rangeKey: key(i.KeySchema, 'RANGE')!, projection: i.Projection.ProjectionType === 'ALL' ? ('all' as const) : ('keys-only' as const) },
    ]),
  ),
  stream: streamViews[tableDefinition.StreamSpecification.StreamViewType],
  ttl: TTL_ATTRIBUTE,
  deletionProtection: isProduction,
  transform: {
    table: (args) => {
      // SST turns point-in-time recovery on everywhere; a throwaway stage does not need it.
      args.pointInTimeRecovery = { enabled: retention.pointInTimeRecovery };
    },
  },
});
