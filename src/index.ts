/**
 * coperniq-hooks as a library (public under semver: docs/API.md). The root is the receiving kit,
 * the payload types and parseWebhook; `coperniq-hooks/schema`, `coperniq-hooks/diff` and
 * `coperniq-hooks/testing` hold the rest. Nothing here reaches the CLI.
 *
 *   const webhooks = new CoperniqWebhooks({ token: 'the token in your Coperniq webhook URL' });
 *   webhooks.on('PROJECT_MOVEMENT', ({ event }) => console.log(event.currentStage.name));
 *   app.post('/coperniq', createNodeMiddleware(webhooks));
 */
export { CoperniqWebhooks, type CoperniqWebhooksOptions, type ReceiveRequest } from './core/kit/coperniqWebhooks.js';
export type { WebhookAnswer } from './core/kit/answers.js';
export {
  WebhookError,
  type AnyWebhookPayload,
  type ErrorHandler,
  type ErrorKind,
  type HandlerContext,
  type PayloadFor,
  type WebhookHandler,
} from './core/kit/handlerTypes.js';
export type { ClaimState, DedupeStore } from './core/kit/dedupeStore.js';
export { MemoryStore, type MemoryStoreOptions } from './core/kit/memoryStore.js';
export type { Validation } from './core/kit/readPayload.js';
export type { HeadersInput } from './core/kit/requestHeaders.js';
export { createNodeMiddleware, type MiddlewareOptions, type NodeMiddleware } from './io/kit/nodeMiddleware.js';
export { createFetchHandler, type FetchHandler, type FetchHandlerOptions } from './io/kit/fetchHandler.js';
export { createFastifyPlugin, type FastifyInstanceLike, type FastifyPluginOptions } from './io/kit/fastifyPlugin.js';

export { parseWebhook, parseWebhookBody, type ParseResult } from './core/payload/parseWebhook.js';
export type { CheckOptions as ParseOptions } from './core/payload/checkCore.js';
export type { Finding, Level } from './core/payload/finding.js';
export type { TriggerKey } from './core/payload/triggers.js';
export type * from './core/payload/types.js';
