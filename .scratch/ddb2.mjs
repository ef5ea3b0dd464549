import { startDynamo, ensureTable, checkJava } from '../scripts/local/dynamodb.mjs';
import { DynamoDBClient, DescribeTableCommand, DescribeTimeToLiveCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
console.log('java', await checkJava());
await checkJava({ command: 'nojava' }).catch(e => console.log(e.message));
for (const dataDir of [undefined, '.scratch/ddbdata']) {
  let t = Date.now();
  const db = await startDynamo(dataDir ? { dataDir } : {});
  console.log('started', db.endpoint, Date.now() - t);
  console.log(await ensureTable(db.endpoint, 'table1'));
  console.log(await ensureTable(db.endpoint, 'table1'));
  const c = new DynamoDBClient({ endpoint: db.endpoint, region: 'eu-central-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' } });
  console.log((await c.send(new DescribeTimeToLiveCommand({ TableName: 'table1' }))).TimeToLiveDescription);
  await c.send(new PutItemCommand({ TableName: 'table1', Item: { pk: { S: 'a' }, sk: { S: 'b' } } }));
  c.destroy();
  t = Date.now();
  await db.stop();
  console.log('stopped in', Date.now() - t);
}
