import { handle } from 'hono/aws-lambda';
import { createPlatform } from './platform.ts';

// Built once per Lambda container, reused by every invocation.
const platform = createPlatform();

/** The HTTP API behind CloudFront's /api/* and /*/status/* behaviours. */
export const http = handle(platform.app);

/** The DynamoDB stream subscriber: photos and email. A thrown error makes Lambda retry the batch. */
export const stream = platform.streamHandler;
